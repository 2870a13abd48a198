"""The simple baseline the planner is compared with: one vehicle per school per direction.

Requests are grouped by their school: the delivery point when that is shared by at least as many requests as
the pickup point (to school, "heen"), otherwise the pickup point (from school, "terug"). Each group is served
by one vehicle; when the group does not fit in the vehicle (seats, wheelchair places, a passenger who must
travel alone), by as many vehicles as needed, each making one trip. A trip picks up in nearest-neighbour
order from the depot, then delivers in nearest-neighbour order from the last pickup. Times: as late as every
window and the vehicle's availability allow (least waiting with pupils on board); when no such schedule exists,
as early as possible, so that `controle` shows what is broken. The baseline ignores ride-time limits: its
plan may break them, and the check tells.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict

from .model import AFLEVER, OPHAAL, Bezoek, Oplossing, Probleem, Route, Voertuig, afstand, route_afstand


def plan(probleem: Probleem) -> Oplossing:
    t0 = time.monotonic()
    tpe = probleem.tijd_per_eenheid
    telling = Counter()
    for v in probleem.verzoeken:
        telling[v.ophaal] += 1
        telling[v.aflever] += 1
    groepen: dict[tuple, list] = defaultdict(list)
    for v in probleem.verzoeken:
        if telling[v.aflever] >= telling[v.ophaal]:
            groepen[("heen", v.aflever.x, v.aflever.y)].append(v)
        else:
            groepen[("terug", v.ophaal.x, v.ophaal.y)].append(v)

    vrij = list(probleem.voertuigen)
    routes, niet = [], []
    for sleutel in sorted(groepen):
        rest = list(groepen[sleutel])
        while rest:
            kan_niet = {v.id for v in rest if not any(_past(w, [], v) for w in vrij)}
            if kan_niet:
                niet += [v.id for v in rest if v.id in kan_niet]
                rest = [v for v in rest if v.id not in kan_niet]
                continue
            wagen = _kies_wagen(vrij, rest)
            rit = _vul(wagen, rest)
            vrij.remove(wagen)
            rest = [v for v in rest if v not in rit]
            routes.append(_route(wagen, rit, tpe))
    totaal = sum(route_afstand(probleem, r) for r in routes)
    return Oplossing(tuple(routes), tuple(niet), totaal, "basislijn (taxi per school, dichtstbijzijnde eerst)",
                     time.monotonic() - t0)


def _kies_wagen(vrij: list[Voertuig], rest: list) -> Voertuig:
    """A free vehicle that can carry at least one waiting pupil; one with wheelchair places first when a
    wheelchair pupil is waiting, otherwise one without."""
    kan = [w for w in vrij if any(_past(w, [], v) for v in rest)]
    rolstoel = any(v.rolstoel for v in rest)
    voorkeur = [w for w in kan if (w.rolstoelplaatsen > 0) == rolstoel]
    return (voorkeur or kan)[0]


def _past(wagen: Voertuig, rit: list, verzoek) -> bool:
    if verzoek.alleen and rit:
        return False
    if any(v.alleen for v in rit):
        return False
    zit = sum(v.zitplaatsen for v in rit) + verzoek.zitplaatsen
    rol = sum(v.rolstoel for v in rit) + verzoek.rolstoel
    return zit <= wagen.zitplaatsen and rol <= wagen.rolstoelplaatsen


def _vul(wagen: Voertuig, rest: list) -> list:
    """One trip: pickups in nearest-neighbour order from the depot while they fit."""
    rit, plek, open_ = [], wagen.depot, list(rest)
    while open_:
        kandidaten = [v for v in open_ if _past(wagen, rit, v)]
        if not kandidaten:
            break
        v = min(kandidaten, key=lambda v: (afstand(plek, v.ophaal), v.id))
        rit.append(v)
        open_.remove(v)
        plek = v.ophaal
    return rit


def _route(wagen: Voertuig, rit: list, tpe: float) -> Route:
    stops = [(v, OPHAAL, v.ophaal, v.ophaal_venster, v.ophaal_service) for v in rit]
    plek, open_ = rit[-1].ophaal, list(rit)
    while open_:
        v = min(open_, key=lambda v: (afstand(plek, v.aflever), v.id))
        stops.append((v, AFLEVER, v.aflever, v.aflever_venster, v.aflever_service))
        open_.remove(v)
        plek = v.aflever
    a0, a1 = wagen.beschikbaar
    punten = [wagen.depot] + [s[2] for s in stops] + [wagen.einde]
    reis = [afstand(a, b) * tpe for a, b in zip(punten, punten[1:], strict=False)]
    # Earliest schedule forward, latest schedule backward.
    vroeg, t = [], a0
    for k, (_v, _s, _p, venster, service) in enumerate(stops):
        t = max(venster[0], t + reis[k])
        vroeg.append(t)
        t += service
    laat, t = [0.0] * len(stops), a1 - reis[-1]
    for k in range(len(stops) - 1, -1, -1):
        _v, _s, _p, venster, service = stops[k]
        t = min(venster[1], t - service)
        laat[k] = t
        t -= reis[k]
    begins = laat if all(v <= w for v, w in zip(vroeg, laat, strict=True)) else vroeg
    vertrek = max(a0, begins[0] - reis[0])
    bezoeken, klaar = [], vertrek
    for k, (v, soort, _p, _venster, service) in enumerate(stops):
        aankomst = klaar + reis[k]
        begin = max(begins[k], aankomst)
        bezoeken.append(Bezoek(v.id, soort, aankomst, begin, service))
        klaar = begin + service
    return Route(wagen.id, tuple(bezoeken), vertrek, klaar + reis[-1])

