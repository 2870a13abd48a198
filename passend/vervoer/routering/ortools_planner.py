"""Route planner on OR-Tools' routing solver (pickup and delivery with time windows and maximum ride times).

The model:
- every request is a pickup node and a delivery node, paired (same vehicle, pickup first), both optional with
  a penalty far above any route cost, so that a request that cannot be served ends in `niet_ingepland`
  instead of failing the whole plan; requests that cannot be served even alone in an empty vehicle are left
  out of the model beforehand;
- capacity dimensions for seats and wheelchair places, and an exclusivity dimension for 'alleen' passengers
  (an 'alleen' passenger takes the whole exclusivity capacity of the vehicle);
- a time dimension: cumul = begin of service, transit = service at the node + travel time; time windows on
  the cumuls (tightened with the ride limit: pickup no earlier than delivery window start - limit, etc.),
  vehicle availability on the start/end cumuls, maximum route duration as the span upper bound;
- the exact maximum ride time as a constraint on the cumuls: begin(delivery) - begin(pickup) <= max_rit +
  pickup service (also given to the local-search filters as the pair's pickup-to-delivery limit);
- objective: total distance (optionally plus a fixed cost per vehicle used).

Search, within `seconden`: a first solution (parallel cheapest insertion) improved by guided local search on
the whole problem; for larger problems (more than 3 routes) the second part of the time goes to guided local
search on groups of 2-3 routes that are close in space and time (each a small model of its own, warm-started
from the current routes, so a group never gets worse; requests not yet planned join every group). OR-Tools
finds (near-)optimal plans for 2-3 vehicles in seconds, but its local search on the whole problem stalls on
large instances with tight ride times; the groups keep improving it.

Integers: the solver works in units of 1/SCHAAL. Times are rounded conservatively (travel + service up,
window starts up, window ends, ride and route limits down), so every schedule the solver accepts is feasible
with the real numbers. The reported schedule is then recomputed with the real numbers, per route, as the
tightest one (a small LP: least total ride time, then least route duration), and the reported distance is
the real Euclidean distance. Every route is checked with `controle` before it is returned; if the tightened
schedule fails the check, the solver's own (conservative) schedule is used.
"""

from __future__ import annotations

import math
import os  # noqa: E402
import random
import time

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from . import controle
from .model import AFLEVER, OPHAAL, Bezoek, Oplossing, Probleem, Route, Voertuig, afstand

_DEBUG = bool(os.environ.get("PLANNER_DEBUG"))
_NIEUW = bool(os.environ.get("NIEUW"))
SCHAAL = 10_000  # solver integer units per distance/time unit
_EPS = 1e-6  # in scaled units: absorbs float noise in x * SCHAAL before rounding

EERSTE_OPLOSSING = "PARALLEL_CHEAPEST_INSERTION"
METAHEURISTIEK = "GUIDED_LOCAL_SEARCH"
GROEP_SECONDEN = float(os.environ.get("GS", 1.5))  # search time per group of routes in the second phase
GROEP_VERZOEKEN = 45  # at most this many requests in a group (else fewer routes)
GROEP_ROUTES = int(os.environ.get("GR", 2))


def _op(x: float) -> int:
    return math.ceil(x * SCHAAL - _EPS)


def _neer(x: float) -> int:
    return math.floor(x * SCHAAL + _EPS)


def _naam() -> str:
    import ortools

    return f"ortools {ortools.__version__} ({EERSTE_OPLOSSING} + {METAHEURISTIEK}, routegroepen)"


# --------------------------------------------------------------------------------------------------------------
# Preparation: scaled windows, requests that cannot be served at all.


def _venster(verzoek, tpe: float) -> tuple[int, int, int, int, int, int] | None:
    """Scaled and mutually tightened windows of pickup and delivery, the pickup-to-delivery transit and the
    ride limit on the cumuls; None when the request is impossible on its own."""
    ep, lp = _op(verzoek.ophaal_venster[0]), _neer(verzoek.ophaal_venster[1])
    ed, ld = _op(verzoek.aflever_venster[0]), _neer(verzoek.aflever_venster[1])
    tpd = _op(verzoek.ophaal_service + afstand(verzoek.ophaal, verzoek.aflever) * tpe)
    rit = _neer(verzoek.max_rit + verzoek.ophaal_service)
    if tpd > rit:
        return None
    for _ in range(2):
        ed, lp = max(ed, ep + tpd), min(lp, ld - tpd)
        ep, ld = max(ep, ed - rit), min(ld, lp + rit)
    if ep > lp or ed > ld:
        return None
    return ep, lp, ed, ld, tpd, rit


def _past_alleen_in(verzoek, vensters, voertuig: Voertuig, tpe: float) -> bool:
    """Can the vehicle serve the request alone (depot, pickup, delivery, end depot) within every limit?"""
    if verzoek.zitplaatsen > voertuig.zitplaatsen or verzoek.rolstoel > voertuig.rolstoelplaatsen:
        return False
    ep, lp, ed, ld, tpd, rit = vensters
    a0, a1 = _op(voertuig.beschikbaar[0]), _neer(voertuig.beschikbaar[1])
    duur = _neer(voertuig.max_duur) if voertuig.max_duur is not None else math.inf
    t0p = _op(afstand(voertuig.depot, verzoek.ophaal) * tpe)
    rest = _op(verzoek.aflever_service + afstand(verzoek.aflever, voertuig.einde) * tpe)
    # The latest pickup the ride and duration limits ask for, the earliest that depot and window allow.
    bp = max(ep, a0 + t0p, ed - min(rit, duur - t0p - rest))
    if bp > lp:
        return False
    bd = max(ed, bp + tpd)
    eind = bd + rest
    return bd <= ld and bd - bp <= rit and eind <= a1 and eind - (bp - t0p) <= duur


class _Voorbereid:
    """The problem's requests split into plannable ones (with scaled windows and allowed vehicles) and
    impossible ones."""

    def __init__(self, probleem: Probleem):
        tpe = probleem.tijd_per_eenheid
        self.probleem = probleem
        self.voertuigen = list(probleem.voertuigen)
        self.verzoeken, self.vensters, self.toegestaan, self.onmogelijk = [], [], [], []
        for v in probleem.verzoeken:
            w = _venster(v, tpe)
            wagens = [k for k, wagen in enumerate(self.voertuigen)
                      if w is not None and _past_alleen_in(v, w, wagen, tpe)]
            if not wagens:
                self.onmogelijk.append(v.id)
                continue
            self.verzoeken.append(v)
            self.vensters.append(w)
            self.toegestaan.append(set(wagens))


# --------------------------------------------------------------------------------------------------------------
# The OR-Tools model of a subset of requests and vehicles.


class _Model:
    """An OR-Tools routing model of the requests `rq` (indices into prep.verzoeken) and vehicles `wg` (indices
    into prep.voertuigen). Local nodes: pickup 2j and delivery 2j+1 of rq[j], then a start and an end node per
    vehicle."""

    def __init__(self, prep: _Voorbereid, rq: list[int], wg: list[int], kosten_per_voertuig: float):
        self.prep, self.rq, self.wg = prep, list(rq), list(wg)
        probleem = prep.probleem
        verzoeken = [prep.verzoeken[i] for i in self.rq]
        voertuigen = [prep.voertuigen[k] for k in self.wg]
        punten, service = [], []
        for v in verzoeken:
            punten += [v.ophaal, v.aflever]
            service += [v.ophaal_service, v.aflever_service]
        starts, ends = [], []
        for w in voertuigen:
            starts.append(len(punten))
            punten.append(w.depot)
            service.append(0.0)
            ends.append(len(punten))
            punten.append(w.einde)
            service.append(0.0)
        xy = np.array([(p.x, p.y) for p in punten], dtype=float).reshape(-1, 2)
        dist = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
        afst = np.rint(dist * SCHAAL).astype(np.int64)
        tijd = np.ceil((dist * probleem.tijd_per_eenheid + np.array(service)[:, None]) * SCHAAL - _EPS)
        tijd = tijd.astype(np.int64)
        np.fill_diagonal(afst, 0)
        np.fill_diagonal(tijd, 0)
        self.afstand_matrix = afst

        self.manager = manager = pywrapcp.RoutingIndexManager(len(punten), len(voertuigen), starts, ends)
        self.routing = routing = pywrapcp.RoutingModel(manager)
        solver = routing.solver()
        routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(afst.tolist()))
        if kosten_per_voertuig:
            routing.SetFixedCostOfAllVehicles(_op(kosten_per_voertuig))

        # Time: cumul = begin of service.
        vensters = [prep.vensters[i] for i in self.rq]
        horizon = max([w[3] for w in vensters] + [_neer(min(w.beschikbaar[1], 1e12)) for w in voertuigen])
        routing.AddDimension(routing.RegisterTransitMatrix(tijd.tolist()), horizon, horizon, False, "tijd")
        self.tijd = tijd_dim = routing.GetDimensionOrDie("tijd")
        for k, w in enumerate(voertuigen):
            a0, a1 = max(0, _op(w.beschikbaar[0])), min(_neer(w.beschikbaar[1]), horizon)
            tijd_dim.CumulVar(routing.Start(k)).SetRange(a0, a1)
            tijd_dim.CumulVar(routing.End(k)).SetRange(a0, a1)
            if w.max_duur is not None and not os.environ.get("GEEN_SPAN"):
                tijd_dim.SetSpanUpperBoundForVehicle(_neer(w.max_duur), k)

        # Loads: seats, wheelchair places, exclusivity.
        zit, rol, excl = [0] * len(punten), [0] * len(punten), [0] * len(punten)
        groot = len(verzoeken) + 1
        for j, v in enumerate(verzoeken):
            zit[2 * j], zit[2 * j + 1] = v.zitplaatsen, -v.zitplaatsen
            rol[2 * j], rol[2 * j + 1] = v.rolstoel, -v.rolstoel
            e = groot if v.alleen else 1
            excl[2 * j], excl[2 * j + 1] = e, -e
        routing.AddDimensionWithVehicleCapacity(
            routing.RegisterUnaryTransitVector(zit), 0, [w.zitplaatsen for w in voertuigen], True, "zitplaatsen")
        if any(rol):
            routing.AddDimensionWithVehicleCapacity(
                routing.RegisterUnaryTransitVector(rol), 0, [w.rolstoelplaatsen for w in voertuigen], True,
                "rolstoel")
        if any(v.alleen for v in verzoeken):
            routing.AddDimensionWithVehicleCapacity(
                routing.RegisterUnaryTransitVector(excl), 0, [groot] * len(voertuigen), True, "alleen")

        # Pairs, windows, ride times, optionality. The penalty exceeds the cost of any set of routes, so that
        # serving one more request always pays.
        self.boete = int(afst.max()) * len(punten) + _op(kosten_per_voertuig) * len(voertuigen) + 1
        self._limieten = []
        for j, (ep, lp, ed, ld, _tpd, rit) in enumerate(vensters):
            p, d = manager.NodeToIndex(2 * j), manager.NodeToIndex(2 * j + 1)
            routing.AddPickupAndDelivery(p, d)
            solver.Add(routing.VehicleVar(p) == routing.VehicleVar(d))
            tijd_dim.CumulVar(p).SetRange(ep, lp)
            tijd_dim.CumulVar(d).SetRange(ed, ld)
            solver.Add(tijd_dim.CumulVar(d) - tijd_dim.CumulVar(p) <= rit)
            # The same limit for the local-search filters (a necessary condition there; the constraint above is
            # the exact one). The callback must outlive the model: keep a reference.
            def limiet(_pickup_alternatief, _aflever_alternatief, rit=rit):
                return rit

            self._limieten.append(limiet)
            tijd_dim.SetPickupToDeliveryLimitFunctionForPair(limiet, j)
            routing.AddDisjunction([p], self.boete)
            routing.AddDisjunction([d], self.boete)
            toegestaan = [k for k, g in enumerate(self.wg) if g in prep.toegestaan[self.rq[j]]]
            if len(toegestaan) < len(self.wg):
                # SetAllowedVehiclesForIndex refuses a Python list in OR-Tools 9.15 (absl::Span); restricting the
                # vehicle variable does the same (-1: the request may still be left out through its disjunction).
                routing.VehicleVar(p).SetValues([-1, *toegestaan])
                routing.VehicleVar(d).SetValues([-1, *toegestaan])

    def parameters(self, seconden: float, eerste: str = EERSTE_OPLOSSING):
        p = pywrapcp.DefaultRoutingSearchParameters()
        p.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy, eerste)
        p.local_search_metaheuristic = getattr(routing_enums_pb2.LocalSearchMetaheuristic, METAHEURISTIEK)
        p.time_limit.FromMilliseconds(max(50, int(seconden * 1000)))
        if os.environ.get("PARAMS"):
            from google.protobuf import text_format
            text_format.Merge(os.environ["PARAMS"], p)
        p.log_search = bool(os.environ.get("LOG"))
        return p

    def los_op(self, seconden: float, start: dict[int, list[tuple[int, int]]] | None = None, bij_oplossing=None,
               eerste: str = EERSTE_OPLOSSING):
        """Search; `start`: routes per global vehicle index as (global request index, 0 pickup / 1 delivery).
        Returns (routes in the same form, the solver's scaled begin times per vehicle: start, stops, end) for the
        model's vehicles, or None if no solution was found."""
        routing, manager = self.routing, self.manager
        if bij_oplossing is not None:
            routing.AddAtSolutionCallback(bij_oplossing)
        params = self.parameters(seconden, eerste)
        if start is None:
            toewijzing = routing.SolveWithParameters(params)
        else:
            lokaal = {g: j for j, g in enumerate(self.rq)}
            routes = []
            for g in self.wg:
                routes.append([manager.NodeToIndex(2 * lokaal[i] + s) for i, s in start.get(g, [])])
            begin = routing.ReadAssignmentFromRoutes(routes, True)
            if begin is None:
                return None
            toewijzing = routing.SolveFromAssignmentWithParameters(begin, params)
        if toewijzing is None:
            return None
        uit: dict[int, list[tuple[int, int]]] = {}
        tijden: dict[int, tuple[int, list[int], int]] = {}
        cumul = self.tijd.CumulVar
        for k, g in enumerate(self.wg):
            index = toewijzing.Value(routing.NextVar(routing.Start(k)))
            reeks, begins = [], []
            while not routing.IsEnd(index):
                knoop = manager.IndexToNode(index)
                reeks.append((self.rq[knoop // 2], knoop % 2))
                begins.append(toewijzing.Value(cumul(index)))
                index = toewijzing.Value(routing.NextVar(index))
            uit[g] = reeks
            tijden[g] = (toewijzing.Value(cumul(routing.Start(k))), begins, toewijzing.Value(cumul(index)))
        return uit, tijden


# --------------------------------------------------------------------------------------------------------------
# Costs and route groups.


def _kosten(prep: _Voorbereid, routes: dict[int, list], kosten_per_voertuig: float) -> tuple[int, float]:
    """(requests not served, distance + fixed costs) of a set of routes: compare lexicographically."""
    verzoeken, voertuigen = prep.verzoeken, prep.voertuigen
    bediend, totaal = 0, 0.0
    for g, reeks in routes.items():
        if not reeks:
            continue
        w = voertuigen[g]
        punten = [w.depot] + [verzoeken[i].ophaal if s == 0 else verzoeken[i].aflever for i, s in reeks] + [w.einde]
        totaal += sum(afstand(a, b) for a, b in zip(punten, punten[1:], strict=False)) + kosten_per_voertuig
        bediend += len(reeks) // 2
    return len(verzoeken) - bediend, totaal


def _groepen(prep: _Voorbereid, routes: dict[int, list], rng: random.Random) -> list[list[int]]:
    """Groups of 2-3 routes, each around one seed route with the routes nearest to it in space and time, in a
    shuffled order; empty vehicles join as a possible extra route."""
    tpe = prep.probleem.tijd_per_eenheid
    verzoeken = prep.verzoeken
    stops = {}
    for g, reeks in routes.items():
        if reeks:
            stops[g] = [
                (verzoeken[i].ophaal if s == 0 else verzoeken[i].aflever,
                 prep.vensters[i][0 if s == 0 else 2] / SCHAAL)
                for i, s in reeks
            ]
    bezet = list(stops)
    leeg = [g for g in range(len(prep.voertuigen)) if g not in stops]

    def nabij(a: int, b: int) -> float:
        # Mean over a's stops of the nearest stop of b, in time units (travel time + difference of window start).
        return sum(min(afstand(p, q) * tpe + abs(t - u) for q, u in stops[b]) for p, t in stops[a]) / len(stops[a])

    uit = []
    zaden = bezet[:]
    rng.shuffle(zaden)
    for g in zaden:
        anderen = sorted((h for h in bezet if h != g), key=lambda h: nabij(g, h))
        if not anderen:
            groep = [g]
        else:
            grootte = GROEP_ROUTES
            # A little randomness: sometimes the second or third nearest instead of the nearest.
            kandidaten = anderen[: grootte + 1]
            rng.shuffle(kandidaten)
            kandidaten.sort(key=lambda h: anderen.index(h) + rng.random() * 1.5)
            groep = [g, *kandidaten[: grootte - 1]]
            while len(groep) > 2 and sum(len(routes[h]) for h in groep) // 2 > GROEP_VERZOEKEN:
                groep.pop()
        if leeg:
            groep.append(rng.choice(leeg))
        uit.append(groep)
    return uit


# --------------------------------------------------------------------------------------------------------------
# The planner.


def plan(probleem: Probleem, *, seconden: float = 10, voortgang=None, kosten_per_voertuig: float = 0.0,
         zaad: int = 0) -> Oplossing:
    """Plan routes for every request of `probleem` within about `seconden` (search time; building the model
    and the final schedule come on top, usually well under a second).

    `voortgang(fractie, tekst)`, if given, is called during the search (at most twice a second) and at the end.
    `kosten_per_voertuig`: fixed cost of each vehicle used, in distance units (0: distance only).
    Requests the plan cannot serve are listed in `niet_ingepland`.
    """
    t0 = time.monotonic()
    eind = t0 + seconden
    gemeld = [0.0]

    def meld(fractie: float, tekst: str, altijd: bool = False) -> None:
        nu = time.monotonic()
        if voortgang is not None and (altijd or nu - gemeld[0] >= 0.5):
            gemeld[0] = nu
            voortgang(min(1.0, max(0.0, fractie)), tekst)

    def fractie() -> float:
        return 0.02 + 0.93 * (time.monotonic() - t0) / max(seconden, 1e-9)

    meld(0.0, "Model opbouwen", altijd=True)
    prep = _Voorbereid(probleem)
    if not prep.verzoeken or not prep.voertuigen:
        meld(1.0, "Klaar: niets in te plannen", altijd=True)
        return Oplossing((), tuple(v.id for v in probleem.verzoeken), 0.0, _naam(), time.monotonic() - t0)

    alle_wagens = list(range(len(prep.voertuigen)))
    groepen_aan = len(prep.voertuigen) > 3 and not os.environ.get("GEEN_GROEP")
    # Phase 1: the whole problem, from each first-solution strategy in turn (the best one is kept). Phase 2
    # (larger problems): groups of routes.
    strategieen = os.environ.get("STRATS", EERSTE_OPLOSSING).split(",")
    fase1_eind = time.monotonic() + (eind - time.monotonic()) * (float(os.environ.get("F1", 0.35)) if groepen_aan else 1.0)
    teller = [0]
    routes = tijden = beste = None
    meld(0.02, "Eerste oplossing zoeken", altijd=True)
    for n, strategie in enumerate(strategieen):
        heel = _Model(prep, list(range(len(prep.verzoeken))), alle_wagens, kosten_per_voertuig)

        def bij_oplossing(heel=heel):
            teller[0] += 1
            meld(fractie(), f"Zoeken: oplossing {teller[0]}, kosten {heel.routing.CostVar().Value() / SCHAAL:.1f}")

        zoektijd = (fase1_eind - time.monotonic()) / (len(strategieen) - n)
        gevonden = heel.los_op(max(0.05, zoektijd), bij_oplossing=bij_oplossing, eerste=strategie)
        if gevonden is not None:
            kosten = _kosten(prep, gevonden[0], kosten_per_voertuig)
            if _DEBUG:
                print("fase1", strategie, kosten, flush=True)
            if beste is None or kosten < beste:
                (routes, tijden), beste = gevonden, kosten
    if routes is None:
        # Not even a first solution within the time: nothing planned (never an unchecked plan).
        meld(1.0, "Geen oplossing gevonden binnen de tijd", altijd=True)
        return Oplossing((), tuple(v.id for v in probleem.verzoeken), 0.0, _naam(), time.monotonic() - t0)

    if groepen_aan:
        rng = random.Random(zaad)
        ronde = 0
        while time.monotonic() + 0.3 < eind:
            ronde += 1
            for groep in _groepen(prep, routes, rng):
                rest = eind - time.monotonic()
                if rest < 0.3:
                    break
                bediend = {i for reeks in routes.values() for i, s in reeks if s == 0}
                open_ = [i for i in range(len(prep.verzoeken)) if i not in bediend]
                rq = sorted({i for g in groep for i, s in routes.get(g, []) if s == 0} | set(open_))
                if not rq:
                    continue
                sub = _Model(prep, rq, groep, kosten_per_voertuig)
                nieuw = sub.los_op(min(GROEP_SECONDEN, rest - 0.2),
                                   start=None if _NIEUW else {g: routes.get(g, []) for g in groep})
                if nieuw is None:
                    continue
                kandidaat = dict(routes)
                kandidaat.update(nieuw[0])
                kosten = _kosten(prep, kandidaat, kosten_per_voertuig)
                if _DEBUG:
                    print(f"groep {groep} rq={len(rq)} {beste} -> {kosten} t={time.monotonic()-t0:.1f}", flush=True)
                if kosten < (beste[0], beste[1] - 1e-7):
                    routes, beste = kandidaat, kosten
                    tijden.update(nieuw[1])
                meld(fractie(), f"Routes verbeteren (ronde {ronde}): afstand {beste[1]:.1f}, "
                                f"{beste[0] + len(prep.onmogelijk)} niet ingepland")

    meld(0.96, "Rooster vaststellen", altijd=True)
    uit, bediend = [], set()
    for g, reeks in routes.items():
        if reeks:
            uit.append(_route(probleem, prep.voertuigen[g], [prep.verzoeken[i] for i, _ in reeks],
                              [s for _, s in reeks], tijden[g]))
            bediend |= {prep.verzoeken[i].id for i, _ in reeks}
    uit.sort(key=lambda r: [w.id for w in prep.voertuigen].index(r.voertuig_id))
    niet = list(prep.onmogelijk) + [v.id for v in prep.verzoeken if v.id not in bediend]
    totaal = sum(_route_afstand(probleem, r) for r in uit)
    meld(1.0, f"Klaar: {len(uit)} voertuigen, {len(niet)} niet ingepland", altijd=True)
    return Oplossing(tuple(uit), tuple(niet), totaal, _naam(), time.monotonic() - t0)


# --------------------------------------------------------------------------------------------------------------
# The schedule in real numbers.


def _route_afstand(probleem: Probleem, route: Route) -> float:
    wagen = next(w for w in probleem.voertuigen if w.id == route.voertuig_id)
    per_id = {v.id: v for v in probleem.verzoeken}
    punten = [wagen.depot]
    for b in route.bezoeken:
        v = per_id[b.verzoek_id]
        punten.append(v.ophaal if b.soort == OPHAAL else v.aflever)
    punten.append(wagen.einde)
    return sum(afstand(a, b) for a, b in zip(punten, punten[1:], strict=False))


def _stops(verzoeken, soorten):
    """(request, kind, point, window, service) of each stop of a route."""
    uit = []
    for v, s in zip(verzoeken, soorten, strict=True):
        if s == 0:
            uit.append((v, OPHAAL, v.ophaal, v.ophaal_venster, v.ophaal_service))
        else:
            uit.append((v, AFLEVER, v.aflever, v.aflever_venster, v.aflever_service))
    return uit


def _maak_route(probleem: Probleem, wagen: Voertuig, stops, begins: list[float], vertrek: float) -> Route:
    """A Route from begin times: arrival = when the vehicle gets there driving straight on; return at once."""
    tpe = probleem.tijd_per_eenheid
    bezoeken, plek, klaar = [], wagen.depot, vertrek
    for (v, soort, punt, _venster, service), begin in zip(stops, begins, strict=True):
        aankomst = klaar + afstand(plek, punt) * tpe
        begin = max(begin, aankomst)
        bezoeken.append(Bezoek(v.id, soort, aankomst, begin, service))
        plek, klaar = punt, begin + service
    return Route(wagen.id, tuple(bezoeken), vertrek, klaar + afstand(plek, wagen.einde) * tpe)


def _strak_rooster(probleem: Probleem, wagen: Voertuig, stops) -> tuple[list[float], float] | None:
    """Begin times and departure for a fixed sequence with the least total ride time (then the least route
    duration), in real numbers, by linear programming (GLOP); None if it finds none."""
    from ortools.linear_solver import pywraplp

    lp = pywraplp.Solver.CreateSolver("GLOP")
    if lp is None:
        return None
    tpe = probleem.tijd_per_eenheid
    oneindig = lp.infinity()
    a0, a1 = wagen.beschikbaar
    vertrek = lp.NumVar(a0, oneindig, "vertrek")
    terug = lp.NumVar(-oneindig, a1, "terug")
    begin = [lp.NumVar(w[0], w[1], f"b{i}") for i, (_v, _s, _p, w, _d) in enumerate(stops)]
    plek, vorige, service = wagen.depot, vertrek, 0.0
    for (_v, _s, punt, _w, d), b in zip(stops, begin, strict=True):
        lp.Add(b >= vorige + service + afstand(plek, punt) * tpe)
        plek, vorige, service = punt, b, d
    lp.Add(terug >= vorige + service + afstand(plek, wagen.einde) * tpe)
    if wagen.max_duur is not None:
        lp.Add(terug - vertrek <= wagen.max_duur)
    ophaal, ritten = {}, []
    for (v, soort, _p, _w, _d), b in zip(stops, begin, strict=True):
        if soort == OPHAAL:
            ophaal[v.id] = b
        else:
            rit = b - ophaal[v.id] - v.ophaal_service
            lp.Add(rit <= v.max_rit)
            ritten.append(rit)
    lp.Minimize(lp.Sum(ritten) + 0.001 * (terug - vertrek))
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return [b.solution_value() for b in begin], vertrek.solution_value()


def _route(probleem: Probleem, wagen: Voertuig, verzoeken, soorten, tijden) -> Route:
    stops = _stops(verzoeken, soorten)
    mini = Probleem(tuple({v.id: v for v in verzoeken}.values()), (wagen,), probleem.tijd_per_eenheid)

    def goed(route: Route) -> bool:
        return not controle.controleer(mini, Oplossing((route,), (), _route_afstand(mini, route), "", 0.0))

    strak = _strak_rooster(probleem, wagen, stops)
    if strak is not None:
        begins, vertrek = strak
        # Leave the depot as late as the first stop allows.
        vertrek = max(vertrek, begins[0] - afstand(wagen.depot, stops[0][2]) * probleem.tijd_per_eenheid)
        route = _maak_route(probleem, wagen, stops, begins, vertrek)
        if goed(route):
            return route
    # The solver's own schedule: conservative integers, so feasible with the real numbers.
    start, begins, _eind = tijden
    return _maak_route(probleem, wagen, stops, [c / SCHAAL for c in begins], start / SCHAAL)
