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

Search, within `seconden`: a first-solution strategy (parallel cheapest insertion) and guided local search on
the whole problem, with the large-neighbourhood operators off (see OPERATOREN_UIT). When a strategy still
leaves requests out after a share of the time, the next strategy is tried (the plan that serves the most
requests, then the shortest, is kept). Large problems (more than GROOT requests) get their first solution
cluster by cluster (schools close in time and space, each with its share of the nearest vehicles, a small
model each), then guided local search on the whole problem from there; this keeps memory and time for the
first solution down and gives progress reports along the way.

Integers: the solver works in units of 1/SCHAAL. Times are rounded conservatively (travel + service up,
window starts up, window ends, ride and route limits down), so every schedule the solver accepts is feasible
with the real numbers. The reported schedule is then recomputed with the real numbers, per route, as the
tightest one (a small LP: least total ride time, then least route duration), and the reported distance is
the real Euclidean distance. Every route is checked with `controle` before it is returned; if the tightened
schedule fails the check, the solver's own (conservative) schedule is used.
"""

from __future__ import annotations

import math
import time

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2
from ortools.util import optional_boolean_pb2

from . import controle
from .model import AFLEVER, OPHAAL, Bezoek, Oplossing, Probleem, Route, Voertuig, afstand, route_afstand

SCHAAL = 10_000  # solver integer units per distance/time unit
_EPS = 1e-6  # in scaled units: absorbs float noise in x * SCHAAL before rounding

EERSTE_OPLOSSING = "PARALLEL_CHEAPEST_INSERTION"
# Tried in turn when a strategy leaves requests out (see plan).
STRATEGIEEN = ("PARALLEL_CHEAPEST_INSERTION", "PATH_CHEAPEST_ARC", "LOCAL_CHEAPEST_INSERTION", "SAVINGS")
PROBEER_DEEL = 0.15  # share of the remaining time after which a strategy that leaves requests out is stopped
METAHEURISTIEK = "GUIDED_LOCAL_SEARCH"
# Local-search operators switched off: the large-neighbourhood ones re-insert whole routes and take most of the
# search time on dial-a-ride problems without finding much (on the Cordeau instances, 30 s: the average gap of
# a4-40, a5-60, a6-72, a8-96 went from 3.9 % to 1.9 %); the others never apply (visit types) or break
# pickup-before-delivery (two-opt, Lin-Kernighan) and only cost time.
OPERATOREN_UIT = (
    "use_global_cheapest_insertion_path_lns", "use_local_cheapest_insertion_path_lns",
    "use_global_cheapest_insertion_visit_types_lns", "use_local_cheapest_insertion_visit_types_lns",
    "use_lin_kernighan", "use_make_chain_inactive", "use_swap_active_chain", "use_shortest_path_swap_active",
    "use_shortest_path_two_opt", "use_relocate_expensive_chain", "use_swap_active", "use_two_opt",
)
GROOT = 400  # more requests than this: first solution cluster by cluster
CLUSTER_VERZOEKEN = 150  # requests per cluster
CLUSTER_DEEL = 0.4  # share of the time for the clusters


def _op(x: float) -> int:
    return math.ceil(x * SCHAAL - _EPS)


def _neer(x: float) -> int:
    return math.floor(x * SCHAAL + _EPS)


def _naam() -> str:
    import ortools

    return f"ortools {ortools.__version__} ({EERSTE_OPLOSSING} + {METAHEURISTIEK})"


# --------------------------------------------------------------------------------------------------------------
# Preparation: scaled windows, requests that cannot be served at all.


def _venster(verzoek, tpe: float) -> tuple[int, int, int, int, int, int] | None:
    """Scaled and mutually tightened windows of pickup and delivery, the pickup-to-delivery transit and the
    ride limit on the cumuls; None when the request is impossible on its own."""
    ep, lp = _op(verzoek.ophaal_venster[0]), _neer(verzoek.ophaal_venster[1])
    ed, ld = _op(verzoek.aflever_venster[0]), _neer(verzoek.aflever_venster[1])
    tpd = _op(verzoek.ophaal_service + afstand(verzoek.ophaal, verzoek.aflever) * tpe)
    rit = _neer(verzoek.max_rit + verzoek.ophaal_service)
    if tpd > rit or lp < 0 or ld < 0:  # (cumuls cannot be negative: times before 0 cannot be planned)
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
            # (An empty availability would make the whole model infeasible; such a vehicle gets no requests, see
            # _past_alleen_in.)
            a0 = max(0, _op(w.beschikbaar[0]))
            a1 = max(a0, min(_neer(w.beschikbaar[1]), horizon))
            tijd_dim.CumulVar(routing.Start(k)).SetRange(a0, a1)
            tijd_dim.CumulVar(routing.End(k)).SetRange(a0, a1)
            if w.max_duur is not None:
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
        uit = optional_boolean_pb2.BOOL_FALSE
        for naam in OPERATOREN_UIT:
            setattr(p.local_search_operators, naam, uit)
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
# Costs, and clusters for a first solution of large problems.


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


def _clusters(prep: _Voorbereid) -> list[tuple[list[int], list[int]]]:
    """Requests and vehicles split into clusters of about CLUSTER_VERZOEKEN requests for a first solution of a
    large problem: requests grouped by their school (the end point that most requests share), schools ordered
    by time (window start of the school stop) and then by angle around the centre, consecutive schools together
    up to the cluster size; each cluster gets a share of the vehicles in proportion to its requests, the nearest
    to it first (wheelchair places where the cluster needs them)."""
    verzoeken, vensters = prep.verzoeken, prep.vensters
    telling: dict = {}
    for v in verzoeken:
        telling[v.ophaal] = telling.get(v.ophaal, 0) + 1
        telling[v.aflever] = telling.get(v.aflever, 0) + 1
    scholen: dict = {}
    for i, v in enumerate(verzoeken):
        if telling[v.aflever] >= telling[v.ophaal]:
            scholen.setdefault(v.aflever, []).append(i)
        else:
            scholen.setdefault(v.ophaal, []).append(i)
    cx = sum(p.x for p in scholen) / len(scholen)
    cy = sum(p.y for p in scholen) / len(scholen)

    def sleutel(p):
        tijd = min(min(vensters[i][0], vensters[i][2]) for i in scholen[p])
        return round(tijd / SCHAAL / 30), math.atan2(p.y - cy, p.x - cx)

    groepen, huidig = [], []
    for p in sorted(scholen, key=sleutel):
        huidig += scholen[p]
        if len(huidig) >= CLUSTER_VERZOEKEN:
            groepen.append(huidig)
            huidig = []
    if huidig:
        if groepen and len(huidig) < CLUSTER_VERZOEKEN // 2:
            groepen[-1] += huidig
        else:
            groepen.append(huidig)

    vrij = list(range(len(prep.voertuigen)))
    n = len(verzoeken)
    uit = []
    for k, rq in enumerate(groepen):
        if k == len(groepen) - 1:
            aantal = len(vrij)
        else:
            aantal = min(len(vrij), max(1, round(len(rq) / n * len(prep.voertuigen))))
        mx = sum(verzoeken[i].ophaal.x + verzoeken[i].aflever.x for i in rq) / (2 * len(rq))
        my = sum(verzoeken[i].ophaal.y + verzoeken[i].aflever.y for i in rq) / (2 * len(rq))
        midden = type(verzoeken[0].ophaal)(mx, my)
        vrij.sort(key=lambda g: afstand(prep.voertuigen[g].depot, midden))
        wg = vrij[:aantal]
        if any(verzoeken[i].rolstoel for i in rq) and not any(prep.voertuigen[g].rolstoelplaatsen for g in wg):
            met = [g for g in vrij[aantal:] if prep.voertuigen[g].rolstoelplaatsen]
            if met and wg:
                wg[-1] = met[0]
        for g in wg:
            vrij.remove(g)
        uit.append((rq, wg))
    return uit


# --------------------------------------------------------------------------------------------------------------
# The planner.


def plan(probleem: Probleem, *, seconden: float = 10, voortgang=None, kosten_per_voertuig: float = 0.0) -> Oplossing:
    """Plan routes for every request of `probleem` within about `seconden` (building the model and the final
    schedule come on top: well under a second for a hundred requests, some seconds for a thousand).

    `voortgang(fractie, tekst)`, if given, is called from the calling thread during the search (at most twice
    a second while the solver reports solutions; for large problems also after each cluster) and at the end.
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
    alle_verzoeken = list(range(len(prep.verzoeken)))
    alle_wagens = list(range(len(prep.voertuigen)))
    teller = [0]

    if len(prep.verzoeken) > GROOT:
        gevonden = _plan_groot(prep, alle_verzoeken, alle_wagens, kosten_per_voertuig, t0, eind, meld, fractie)
    else:
        gevonden = None
        beste = None
        # First-solution strategies in turn: the first that serves every request (that can be served alone)
        # searches until the end; one that leaves requests out is stopped after a share of the time.
        for n, strategie in enumerate(STRATEGIEEN):
            laatste = n == len(STRATEGIEEN) - 1
            heel = _Model(prep, alle_verzoeken, alle_wagens, kosten_per_voertuig)
            grens = time.monotonic() + (eind - time.monotonic()) * PROBEER_DEEL

            def bij_oplossing(heel=heel, grens=grens, laatste=laatste):
                teller[0] += 1
                kosten = heel.routing.CostVar().Value()
                meld(fractie(), f"Zoeken: oplossing {teller[0]}, kosten {kosten / SCHAAL:.1f}")
                if not laatste and time.monotonic() > grens and kosten >= heel.boete:
                    heel.routing.CancelSearch()  # still requests out: try the next strategy

            if n == 0:
                meld(0.02, "Eerste oplossing zoeken", altijd=True)
            uitkomst = heel.los_op(max(0.05, eind - time.monotonic()), bij_oplossing=bij_oplossing,
                                   eerste=strategie)
            if uitkomst is not None:
                kosten = _kosten(prep, uitkomst[0], kosten_per_voertuig)
                if beste is None or kosten < beste:
                    gevonden, beste = uitkomst, kosten
            if (beste is not None and beste[0] == 0) or time.monotonic() + 0.1 >= eind:
                break

    if gevonden is None:
        # Not even a first solution within the time: nothing planned (never an unchecked plan).
        meld(1.0, "Geen oplossing gevonden binnen de tijd", altijd=True)
        return Oplossing((), tuple(v.id for v in probleem.verzoeken), 0.0, _naam(), time.monotonic() - t0)
    routes, tijden = gevonden

    meld(0.96, "Rooster vaststellen", altijd=True)
    uit, bediend = [], set()
    for g, reeks in routes.items():
        if reeks:
            uit.append(_route(probleem, prep.voertuigen[g], [prep.verzoeken[i] for i, _ in reeks],
                              [s for _, s in reeks], tijden[g]))
            bediend |= {prep.verzoeken[i].id for i, _ in reeks}
    volgorde = {w.id: k for k, w in enumerate(prep.voertuigen)}
    uit.sort(key=lambda r: volgorde[r.voertuig_id])
    niet = list(prep.onmogelijk) + [v.id for v in prep.verzoeken if v.id not in bediend]
    totaal = sum(route_afstand(probleem, r) for r in uit)
    meld(1.0, f"Klaar: {len(uit)} voertuigen, {len(niet)} niet ingepland", altijd=True)
    return Oplossing(tuple(uit), tuple(niet), totaal, _naam(), time.monotonic() - t0)


def _plan_groot(prep, alle_verzoeken, alle_wagens, kosten_per_voertuig, t0, eind, meld, fractie):
    """Large problems: a first solution cluster by cluster (each a small model, with progress after each),
    then guided local search on the whole problem from there."""
    clusters = _clusters(prep)
    routes: dict[int, list] = {g: [] for g in alle_wagens}
    tijden: dict[int, tuple] = {}
    deel = (eind - time.monotonic()) * CLUSTER_DEEL
    totaal = len(prep.verzoeken)
    for k, (rq, wg) in enumerate(clusters):
        meld(fractie(), f"Eerste oplossing: cluster {k + 1} van {len(clusters)} ({len(rq)} leerlingen, "
                        f"{len(wg)} voertuigen)", altijd=True)
        if not wg:
            continue
        sub = _Model(prep, rq, wg, kosten_per_voertuig)
        uitkomst = sub.los_op(max(0.5, deel * len(rq) / totaal))
        if uitkomst is not None:
            routes.update(uitkomst[0])
            tijden.update(uitkomst[1])
    open_ = totaal - sum(len(r) // 2 for r in routes.values())
    meld(fractie(), f"Alle routes samen verbeteren ({open_} nog niet ingepland)", altijd=True)
    heel = _Model(prep, alle_verzoeken, alle_wagens, kosten_per_voertuig)
    teller = [0]

    def bij_oplossing():
        teller[0] += 1
        meld(fractie(), f"Zoeken: oplossing {teller[0]}, kosten {heel.routing.CostVar().Value() / SCHAAL:.1f}")

    uitkomst = heel.los_op(max(0.5, eind - time.monotonic()), start=routes, bij_oplossing=bij_oplossing)
    if uitkomst is not None and _kosten(prep, uitkomst[0], kosten_per_voertuig) <= _kosten(
            prep, routes, kosten_per_voertuig):
        return uitkomst
    if not any(routes.values()):
        return None
    return routes, tijden


# --------------------------------------------------------------------------------------------------------------
# The schedule in real numbers.



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
        return not controle.controleer(mini, Oplossing((route,), (), route_afstand(mini, route), "", 0.0))

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
