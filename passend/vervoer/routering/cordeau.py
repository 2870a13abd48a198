"""Reader of the dial-a-ride instances of Cordeau (2006), "a" set, into a `Probleem`.

Format (see bench/routing_data/README.md):

    m n T Q L            vehicles, requests, max route duration, capacity, max ride time
    id x y d q e l       2n+2 lines: 0 = start depot, 1..n pickups, n+1..2n deliveries, 2n+1 = end depot

Request i is (i, n+i); d = service time, q = load (> 0 at the pickup), [e, l] = time window of the begin of
service. Travel time = Euclidean distance (tijd_per_eenheid 1). Every vehicle leaves the start depot within
its window, returns to the end depot within that one's window, and is away at most T.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .model import Probleem, Punt, Verzoek, Voertuig


@dataclass(frozen=True)
class CordeauInstantie:
    naam: str
    probleem: Probleem
    bks: float | None  # proven optimal cost (bks.csv), None when unknown
    voertuigen: int  # m
    verzoeken: int  # n
    max_duur: float  # T
    capaciteit: int  # Q
    max_rit: float  # L


def lees_bks(pad: str | Path) -> dict[str, float | None]:
    """instance name -> best known (proven optimal) cost from bks.csv; None where the table has no value."""
    uit: dict[str, float | None] = {}
    with open(pad, newline="") as f:
        for rij in csv.DictReader(f):
            waarde = (rij.get("bks_cost") or "").strip()
            uit[rij["instance"].strip()] = float(waarde) if waarde else None
    return uit


def lees(pad: str | Path, bks: dict[str, float | None] | None = None) -> CordeauInstantie:
    """Read one instance file. `bks`: table from `lees_bks`; by default bks.csv next to the file, if any."""
    pad = Path(pad)
    naam = pad.stem
    if bks is None:
        tabel = pad.parent / "bks.csv"
        bks = lees_bks(tabel) if tabel.exists() else {}
    regels = [r.split() for r in pad.read_text().splitlines() if r.strip()]
    m, n, t_max, q_max, l_max = regels[0][:5]
    m, n, q_max = int(m), int(n), int(q_max)
    t_max, l_max = float(t_max), float(l_max)
    knopen = []
    for r in regels[1:]:
        knopen.append((float(r[1]), float(r[2]), float(r[3]), int(float(r[4])), float(r[5]), float(r[6])))
    if len(knopen) != 2 * n + 2:
        raise ValueError(f"{pad}: {len(knopen)} knopen, verwacht {2 * n + 2} (n = {n})")

    def punt(i: int) -> Punt:
        return Punt(knopen[i][0], knopen[i][1])

    verzoeken = []
    for i in range(1, n + 1):
        _x, _y, d, q, e, lt = knopen[i]
        _, _, d2, q2, e2, l2 = knopen[n + i]
        if q <= 0 or q2 != -q:
            raise ValueError(f"{pad}: verzoek {i}: lading {q} bij ophalen, {q2} bij afleveren")
        verzoeken.append(Verzoek(
            id=str(i), ophaal=punt(i), aflever=punt(n + i), ophaal_venster=(e, lt), aflever_venster=(e2, l2),
            max_rit=l_max, ophaal_service=d, aflever_service=d2, zitplaatsen=q,
        ))
    start, eind = knopen[0], knopen[2 * n + 1]
    voertuigen = tuple(
        Voertuig(id=f"v{k + 1}", depot=punt(0), eind_depot=punt(2 * n + 1), zitplaatsen=q_max,
                 beschikbaar=(start[4], eind[5]), max_duur=t_max)
        for k in range(m)
    )
    return CordeauInstantie(
        naam=naam, probleem=Probleem(tuple(verzoeken), voertuigen, 1.0), bks=bks.get(naam),
        voertuigen=m, verzoeken=n, max_duur=t_max, capaciteit=q_max, max_rit=l_max,
    )


def alle(map_: str | Path) -> list[CordeauInstantie]:
    """Every a*.txt instance in a folder, sorted by vehicles then requests (a2-16, a2-20, ..., a8-96)."""
    map_ = Path(map_)
    bks = lees_bks(map_ / "bks.csv") if (map_ / "bks.csv").exists() else {}

    def sleutel(p: Path):
        m, n = p.stem[1:].split("-")
        return int(m), int(n)

    return [lees(p, bks) for p in sorted(map_.glob("a*-*.txt"), key=sleutel)]
