"""Independent feasibility check of a route plan.

Every solver's answer goes through `controleer` before it is shown: a plan with a broken constraint is never
presented as valid. This module uses only the data classes of `model` (no solver code, no shared helpers for
distances or ride times): it recomputes every distance, load and time itself.

Kinds of violation (`Schending.soort`):
- "koppeling": pickup and delivery not both on one route, delivery before pickup, a request served twice or
  unknown, a request neither served nor listed as niet_ingepland, an unknown vehicle or a vehicle used twice;
- "capaciteit": seats or wheelchair places exceeded at some point of a route;
- "alleen": a passenger who must travel alone shares the vehicle;
- "venster": a begin of service outside its time window;
- "reistijd": times not consistent with travelling (arrival before the vehicle can be there, begin before
  arrival, return to the depot before the vehicle can be back);
- "rittijd": a ride time above the passenger's maximum;
- "routeduur": a route longer than the vehicle's maximum duration, or outside its availability;
- "afstand": the reported total distance differs from the recomputed one by more than 0.01 %.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .model import Oplossing, Probleem

SOORTEN = ("koppeling", "capaciteit", "alleen", "venster", "reistijd", "rittijd", "routeduur", "afstand")
REL_TOL = 1e-6  # floats: relative tolerance (absolute for values below 1)
AFSTAND_TOL = 1e-4  # reported total distance: 0.01 %


@dataclass(frozen=True)
class Schending:
    soort: str
    tekst: str


def _tol(*waarden: float) -> float:
    return REL_TOL * max(1.0, *(abs(w) for w in waarden))


def _groter(a: float, b: float) -> bool:
    """a > b beyond the float tolerance."""
    return a - b > _tol(a, b)


def _dist(a, b) -> float:
    return math.hypot(a.x - b.x, a.y - b.y)


def _t(x: float) -> str:
    return f"{x:.2f}"


def controleer(probleem: Probleem, oplossing: Oplossing) -> list[Schending]:
    """All violations of the problem's constraints by the solution (empty list: the plan is feasible)."""
    uit: list[Schending] = []

    def fout(soort: str, tekst: str) -> None:
        uit.append(Schending(soort, tekst))

    verzoeken = {}
    for v in probleem.verzoeken:
        verzoeken[v.id] = v
    voertuigen = {v.id: v for v in probleem.voertuigen}
    snelheid = probleem.tijd_per_eenheid
    opgehaald: dict[str, str] = {}  # request id -> vehicle id of its pickup
    afgeleverd: dict[str, str] = {}
    ophaal_begin: dict[str, float] = {}
    gebruikt: set[str] = set()
    totaal = 0.0

    for route in oplossing.routes:
        vid = route.voertuig_id
        voertuig = voertuigen.get(vid)
        if voertuig is None:
            fout("koppeling", f"Route van onbekend voertuig {vid!r}.")
            continue
        if vid in gebruikt:
            fout("koppeling", f"Voertuig {vid} heeft meer dan één route.")
        gebruikt.add(vid)
        einde = voertuig.eind_depot if voertuig.eind_depot is not None else voertuig.depot

        # Route duration and availability.
        start, eind = voertuig.beschikbaar
        if _groter(start, route.vertrek):
            fout("routeduur", f"Voertuig {vid} vertrekt om {_t(route.vertrek)}, vóór het begin van zijn "
                              f"beschikbaarheid ({_t(start)}).")
        if _groter(route.terug, eind):
            fout("routeduur", f"Voertuig {vid} is terug om {_t(route.terug)}, na het einde van zijn "
                              f"beschikbaarheid ({_t(eind)}).")
        if voertuig.max_duur is not None and _groter(route.terug - route.vertrek, voertuig.max_duur):
            fout("routeduur", f"Route van voertuig {vid} duurt {_t(route.terug - route.vertrek)}, "
                              f"meer dan de maximale {_t(voertuig.max_duur)}.")

        aan_boord: dict[str, object] = {}  # request id -> Verzoek, in boarding order
        zit = rol = 0
        plek = voertuig.depot
        klaar = route.vertrek  # time the vehicle can leave its current place
        for bezoek in route.bezoeken:
            rid = bezoek.verzoek_id
            verzoek = verzoeken.get(rid)
            if verzoek is None:
                fout("koppeling", f"Voertuig {vid} bezoekt onbekend verzoek {rid!r}.")
                continue
            if bezoek.soort == "ophaal":
                punt, venster, service = verzoek.ophaal, verzoek.ophaal_venster, verzoek.ophaal_service
            elif bezoek.soort == "aflever":
                punt, venster, service = verzoek.aflever, verzoek.aflever_venster, verzoek.aflever_service
            else:
                fout("koppeling", f"Bezoek aan {rid} van onbekende soort {bezoek.soort!r}.")
                continue

            # Travel: arrival not before the vehicle can be there, begin not before arrival.
            d = _dist(plek, punt)
            totaal += d
            vroegst = klaar + d * snelheid
            if _groter(vroegst, bezoek.aankomst):
                fout("reistijd", f"Voertuig {vid} komt om {_t(bezoek.aankomst)} aan bij {rid} ({bezoek.soort}), "
                                 f"maar kan er pas om {_t(vroegst)} zijn.")
            if _groter(bezoek.aankomst, bezoek.begin):
                fout("reistijd", f"Bij {rid} ({bezoek.soort}) begint de service ({_t(bezoek.begin)}) vóór de "
                                 f"aankomst ({_t(bezoek.aankomst)}).")
            if _groter(vroegst, bezoek.begin):
                fout("reistijd", f"Bij {rid} ({bezoek.soort}) begint de service om {_t(bezoek.begin)}, maar het "
                                 f"voertuig kan er pas om {_t(vroegst)} zijn.")
            # Window.
            if _groter(venster[0], bezoek.begin) or _groter(bezoek.begin, venster[1]):
                fout("venster", f"{rid} ({bezoek.soort}) begint om {_t(bezoek.begin)}, buiten het tijdvenster "
                                f"[{_t(venster[0])}, {_t(venster[1])}].")

            if bezoek.soort == "ophaal":
                if rid in opgehaald:
                    fout("koppeling", f"{rid} wordt meer dan eens opgehaald.")
                opgehaald[rid] = vid
                ophaal_begin[rid] = bezoek.begin
                # Alone: nobody else on board when an 'alleen' passenger boards or is on board.
                if aan_boord and (verzoek.alleen or any(v.alleen for v in aan_boord.values())):
                    wie = [verzoek.id, *aan_boord]
                    fout("alleen", f"In voertuig {vid} reizen {', '.join(wie)} samen, terwijl "
                                   f"{'; '.join(w for w in wie if verzoeken[w].alleen)} alleen moet reizen.")
                aan_boord[rid] = verzoek
                zit += verzoek.zitplaatsen
                rol += verzoek.rolstoel
                if zit > voertuig.zitplaatsen:
                    fout("capaciteit", f"Voertuig {vid} heeft na het ophalen van {rid} {zit} zitplaatsen bezet, "
                                       f"meer dan de {voertuig.zitplaatsen} die het heeft.")
                if rol > voertuig.rolstoelplaatsen:
                    fout("capaciteit", f"Voertuig {vid} heeft na het ophalen van {rid} {rol} rolstoelplaatsen "
                                       f"bezet, meer dan de {voertuig.rolstoelplaatsen} die het heeft.")
            else:
                if rid in afgeleverd:
                    fout("koppeling", f"{rid} wordt meer dan eens afgeleverd.")
                afgeleverd[rid] = vid
                if rid not in aan_boord:
                    if opgehaald.get(rid) == vid:
                        fout("koppeling", f"{rid} wordt door voertuig {vid} afgeleverd na een eerdere "
                                          f"aflevering.")
                    elif rid in opgehaald:
                        fout("koppeling", f"{rid} wordt door voertuig {opgehaald[rid]} opgehaald maar door "
                                          f"{vid} afgeleverd.")
                    else:
                        fout("koppeling", f"{rid} wordt door voertuig {vid} afgeleverd zonder eerst opgehaald "
                                          f"te zijn.")
                else:
                    del aan_boord[rid]
                    zit -= verzoek.zitplaatsen
                    rol -= verzoek.rolstoel
                    rit = bezoek.begin - (ophaal_begin[rid] + verzoek.ophaal_service)
                    if _groter(rit, verzoek.max_rit):
                        fout("rittijd", f"{rid} zit {_t(rit)} in voertuig {vid}, langer dan de maximale "
                                        f"rittijd van {_t(verzoek.max_rit)}.")
            plek = punt
            klaar = bezoek.begin + service

        for rid in aan_boord:
            fout("koppeling", f"{rid} wordt door voertuig {vid} opgehaald maar op deze route niet afgeleverd.")
        d = _dist(plek, einde)
        totaal += d
        vroegst = klaar + d * snelheid
        if _groter(vroegst, route.terug):
            fout("reistijd", f"Voertuig {vid} is om {_t(route.terug)} terug, maar kan pas om {_t(vroegst)} "
                             f"terug zijn.")

    niet = list(oplossing.niet_ingepland)
    if len(set(niet)) != len(niet):
        fout("koppeling", "Een verzoek staat meer dan eens bij de niet ingeplande verzoeken.")
    for rid in niet:
        if rid not in verzoeken:
            fout("koppeling", f"Onbekend verzoek {rid!r} bij de niet ingeplande verzoeken.")
        elif rid in opgehaald or rid in afgeleverd:
            fout("koppeling", f"{rid} is ingepland maar staat ook bij de niet ingeplande verzoeken.")
    niet_set = set(niet)
    for rid in verzoeken:
        if rid not in niet_set and (rid not in opgehaald or rid not in afgeleverd):
            if rid not in opgehaald and rid not in afgeleverd:
                fout("koppeling", f"{rid} is niet ingepland en staat ook niet bij de niet ingeplande verzoeken.")
            elif rid not in afgeleverd:
                fout("koppeling", f"{rid} wordt opgehaald maar nergens afgeleverd.")

    if abs(oplossing.afstand - totaal) > AFSTAND_TOL * max(totaal, 1e-9) and abs(oplossing.afstand - totaal) > 1e-9:
        fout("afstand", f"De opgegeven totale afstand {oplossing.afstand:.4f} wijkt af van de nagerekende "
                        f"{totaal:.4f}.")
    return uit
