"""The data of a route-planning problem and its solution (pure Python, no Django, no solver).

Units: a point's coordinates are in one length unit (Cordeau: abstract units; real data: km). The travel
distance between two points is Euclidean in that unit; the travel time is distance x `tijd_per_eenheid`
(Cordeau: 1; real data: minutes per km = 60 / speed in km/h). Every time (windows, service, ride time,
schedule) is in one time unit (real data: minutes since midnight).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

OPHAAL = "ophaal"
AFLEVER = "aflever"


@dataclass(frozen=True)
class Punt:
    x: float
    y: float


def afstand(a: Punt, b: Punt) -> float:
    """Euclidean distance between two points, in the points' unit."""
    return math.hypot(a.x - b.x, a.y - b.y)


@dataclass(frozen=True)
class Verzoek:
    """One passenger's ride: picked up at `ophaal`, delivered at `aflever`.

    Windows bound the begin of service. `max_rit` bounds the ride time: begin of the delivery minus (begin of
    the pickup + pickup service). `zitplaatsen`/`rolstoel`: seats and wheelchair places taken during the ride.
    `alleen`: the passenger may not travel with other passengers.
    """

    id: str
    ophaal: Punt
    aflever: Punt
    ophaal_venster: tuple[float, float]
    aflever_venster: tuple[float, float]
    max_rit: float
    ophaal_service: float = 0
    aflever_service: float = 0
    zitplaatsen: int = 1
    rolstoel: int = 0
    alleen: bool = False


@dataclass(frozen=True)
class Voertuig:
    """A vehicle: starts at `depot`, ends at `eind_depot` (default: `depot`), within `beschikbaar`
    (departure >= start, return <= end) and a route of at most `max_duur` (return - departure)."""

    id: str
    depot: Punt
    zitplaatsen: int
    rolstoelplaatsen: int = 0
    beschikbaar: tuple[float, float] = (0, 1e9)
    max_duur: float | None = None
    eind_depot: Punt | None = None

    @property
    def einde(self) -> Punt:
        return self.eind_depot if self.eind_depot is not None else self.depot


@dataclass(frozen=True)
class Probleem:
    verzoeken: tuple[Verzoek, ...]
    voertuigen: tuple[Voertuig, ...]
    tijd_per_eenheid: float = 1.0

    def reistijd(self, a: Punt, b: Punt) -> float:
        return afstand(a, b) * self.tijd_per_eenheid

    def verzoek(self, verzoek_id: str) -> Verzoek:
        return self._verzoeken_per_id[verzoek_id]

    def voertuig(self, voertuig_id: str) -> Voertuig:
        return self._voertuigen_per_id[voertuig_id]

    @cached_property
    def _verzoeken_per_id(self) -> dict[str, Verzoek]:
        return {v.id: v for v in self.verzoeken}

    @cached_property
    def _voertuigen_per_id(self) -> dict[str, Voertuig]:
        return {v.id: v for v in self.voertuigen}


@dataclass(frozen=True)
class Bezoek:
    """A stop: `aankomst` = arrival, `begin` = start of service (>= arrival, >= window start).

    `service`: the service time at this stop as the planner used it (informative; the check takes it from the
    problem)."""

    verzoek_id: str
    soort: str  # OPHAAL or AFLEVER
    aankomst: float
    begin: float
    service: float = 0.0


@dataclass(frozen=True)
class Route:
    voertuig_id: str
    bezoeken: tuple[Bezoek, ...]
    vertrek: float  # departure from the depot
    terug: float  # arrival at the end depot

    @property
    def duur(self) -> float:
        return self.terug - self.vertrek


@dataclass(frozen=True)
class Oplossing:
    routes: tuple[Route, ...]
    niet_ingepland: tuple[str, ...]
    afstand: float  # total distance of all routes, depot legs included
    solver: str
    seconden: float

    @cached_property
    def _bezoeken(self) -> dict[tuple[str, str], Bezoek]:
        return {(b.verzoek_id, b.soort): b for r in self.routes for b in r.bezoeken}

    def rittijd(self, verzoek_id: str) -> float:
        """Ride time of a request: begin of delivery - (begin of pickup + pickup service)."""
        ophaal, aflever = self._bezoeken[(verzoek_id, OPHAAL)], self._bezoeken[(verzoek_id, AFLEVER)]
        return aflever.begin - (ophaal.begin + ophaal.service)

    @property
    def voertuigen_gebruikt(self) -> int:
        return sum(1 for r in self.routes if r.bezoeken)


def route_afstand(probleem: Probleem, route: Route) -> float:
    """Distance of one route, depot to depot."""
    voertuig = probleem.voertuig(route.voertuig_id)
    verzoeken = probleem._verzoeken_per_id
    punten = [voertuig.depot]
    for b in route.bezoeken:
        v = verzoeken[b.verzoek_id]
        punten.append(v.ophaal if b.soort == OPHAAL else v.aflever)
    punten.append(voertuig.einde)
    return sum(afstand(a, b) for a, b in zip(punten, punten[1:], strict=False))
