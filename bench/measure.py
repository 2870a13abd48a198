"""Latency of the main pages and API endpoints on the benchmark data set.

Requests go in-process through Django's test Client: the full middleware stack, sessions, templates and
database, but no HTTP server or network. Per endpoint: `warmup` requests, then `n` timed ones; median and
p95 in milliseconds, and p95 against the trivial endpoint (/healthz, requested by the same logged-in user,
so session, user and role loading are part of the baseline).
"""

import random
import statistics
import time
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve
from rest_framework.authtoken.models import Token

from passend.accounts.models import Rol, Roltoekenning, User

# The aim: p95 within RATIO_LIMIT times the trivial endpoint's p95 AND under ABS_LIMIT_MS.
RATIO_LIMIT = 5.0
ABS_LIMIT_MS = 150.0
SEARCH_TERM = "jan"  # prefix of Jansen, Janssen (the most common Dutch surnames) and of Jan-names


@dataclass
class Endpoint:
    name: str
    who: str  # key of a client in Clients
    path: str  # for display
    url: callable  # rng -> url
    api: bool = False
    result: dict = field(default_factory=dict)


class Clients:
    def __init__(self, login: dict):
        self.login = login
        self.web = {}
        self.api = {}
        rollen = {"medewerker": Rol.SWV_MEDEWERKER, "school": Rol.SCHOOL, "leerplicht": Rol.LEERPLICHT}
        for who, rol_naam in rollen.items():
            if not login.get(who):  # a data set from before that role was added
                continue
            user = User.objects.get(username=login[who])
            rol = Roltoekenning.objects.get(user=user, rol=rol_naam)
            c = Client()
            c.force_login(user)
            session = c.session
            session["passend_rol_id"] = rol.pk
            session.save()
            self.web[who] = c
            token, _ = Token.objects.get_or_create(user=user)
            self.api[who] = (Client(), {"HTTP_AUTHORIZATION": f"Token {token.key}", "HTTP_X_PASSEND_ROL": str(rol.pk)})

    def get(self, who: str, url: str, api: bool = False):
        if api:
            client, headers = self.api[who]
            return client.get(url, **headers)
        return self.web[who].get(url)


def endpoints(login: dict) -> list[Endpoint]:
    first, count = login["ouder_leerling_id"], login["leerlingen"]

    def pupil(rng):
        return f"/leerlingen/{first + rng.randrange(count)}/"

    def fixed(url):
        return lambda rng: url

    return [
        Endpoint("healthz (trivial)", "medewerker", "/healthz", fixed("/healthz")),
        Endpoint("leerlingen: list", "medewerker", "/leerlingen/", fixed("/leerlingen/")),
        Endpoint("leerlingen: search (SWV staff)", "medewerker", f"/leerlingen/?q={SEARCH_TERM}",
                 fixed(f"/leerlingen/?q={SEARCH_TERM}")),
        Endpoint("leerlingen: search (school)", "school", f"/leerlingen/?q={SEARCH_TERM}",
                 fixed(f"/leerlingen/?q={SEARCH_TERM}")),
        Endpoint("dossier (random pupil)", "medewerker", "/leerlingen/<pk>/", pupil),
        Endpoint("scholen: list", "medewerker", "/scholen/", fixed("/scholen/")),
        Endpoint("scholen: search", "medewerker", "/scholen/?q=de", fixed("/scholen/?q=de")),
        Endpoint("scholen: filter", "medewerker", "/scholen/?soort=SBO", fixed("/scholen/?soort=SBO")),
        Endpoint("audit: list", "medewerker", "/audit/", fixed("/audit/")),
        Endpoint("API leerlingen", "medewerker", "/api/v1/leerlingen/", fixed("/api/v1/leerlingen/"), api=True),
        Endpoint("API scholen", "medewerker", "/api/v1/scholen/", fixed("/api/v1/scholen/"), api=True),
        Endpoint("API audit", "medewerker", "/api/v1/audit/", fixed("/api/v1/audit/"), api=True),
        *toewijzing_endpoints(login, fixed),
        *thuiszitters_endpoints(login, fixed),
    ]


def _url(name: str, *args) -> str:
    """The path of a named route, or a path that does not resolve (reported as "no route yet")."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return f"/ontbreekt/{name}/"


def toewijzing_endpoints(login: dict, fixed) -> list[Endpoint]:
    eerste, aantal = login.get("aanvraag_eerste", 0), login.get("aanvraag_aantal", 0)

    def aanvraag(rng):
        return _url("toewijzing:aanvraag", eerste + rng.randrange(max(aantal, 1)))

    lijst = _url("toewijzing:aanvragen")
    tlvs = _url("toewijzing:tlvs")
    return [
        Endpoint("toewijzing: werkvoorraad", "medewerker", _url("toewijzing:werkvoorraad"),
                 fixed(_url("toewijzing:werkvoorraad"))),
        Endpoint("toewijzing: aanvragen list", "medewerker", lijst, fixed(lijst)),
        Endpoint("toewijzing: aanvragen search", "medewerker", f"{lijst}?q={SEARCH_TERM}", fixed(f"{lijst}?q={SEARCH_TERM}")),
        Endpoint("toewijzing: aanvragen (school)", "school", lijst, fixed(lijst)),
        Endpoint("toewijzing: aanvraag (random)", "medewerker", _url("toewijzing:aanvraag", 0).replace("/0/", "/<pk>/"),
                 aanvraag),
        Endpoint("toewijzing: TLV-register", "medewerker", tlvs, fixed(tlvs)),
        Endpoint("toewijzing: TLV's verlopend", "medewerker", _url("toewijzing:tlvs_verlopend"),
                 fixed(_url("toewijzing:tlvs_verlopend"))),
        Endpoint("toewijzing: monitoring", "medewerker", _url("toewijzing:monitoring"),
                 fixed(_url("toewijzing:monitoring"))),
        Endpoint("zorgplicht: aanmeldingen", "medewerker", _url("zorgplicht:lijst"), fixed(_url("zorgplicht:lijst"))),
        Endpoint("zorgplicht: aanmeldingen (school)", "school", _url("zorgplicht:lijst"), fixed(_url("zorgplicht:lijst"))),
        Endpoint("opp: lijst", "medewerker", _url("opp:lijst"), fixed(_url("opp:lijst"))),
        Endpoint("opp: lijst (school)", "school", _url("opp:lijst"), fixed(_url("opp:lijst"))),
        Endpoint("API aanmeldingen", "medewerker", "/api/v1/aanmeldingen/", fixed("/api/v1/aanmeldingen/"), api=True),
        Endpoint("API opps", "medewerker", "/api/v1/opps/", fixed("/api/v1/opps/"), api=True),
        Endpoint("API aanvragen", "medewerker", "/api/v1/aanvragen/", fixed("/api/v1/aanvragen/"), api=True),
        Endpoint("API tlvs", "medewerker", "/api/v1/tlvs/", fixed("/api/v1/tlvs/"), api=True),
    ]


def thuiszitters_endpoints(login: dict, fixed) -> list[Endpoint]:
    eerste, aantal = login.get("melding_eerste", 0), login.get("melding_aantal", 0)

    def melding(rng):
        return _url("thuiszitters:detail", eerste + rng.randrange(max(aantal, 1)))

    lijst = _url("thuiszitters:lijst")
    dashboard = _url("thuiszitters:dashboard")
    return [
        Endpoint("thuiszitters: lijst", "medewerker", lijst, fixed(lijst)),
        Endpoint("thuiszitters: lijst (leerplicht)", "leerplicht", lijst, fixed(lijst)),
        Endpoint("thuiszitters: melding (random)", "medewerker",
                 _url("thuiszitters:detail", 0).replace("/0/", "/<pk>/"), melding),
        Endpoint("thuiszitters: dashboard", "medewerker", dashboard, fixed(dashboard)),
        Endpoint("API thuiszitters", "medewerker", "/api/v1/thuiszitters/", fixed("/api/v1/thuiszitters/"), api=True),
    ]


def probe(clients: Clients, eps: list[Endpoint]) -> dict[str, str]:
    """Which endpoints do not answer 200 yet: {name: reason}."""
    missing = {}
    rng = random.Random(1)
    for ep in eps:
        url = ep.url(rng)
        if ep.who not in (clients.api if ep.api else clients.web):
            missing[ep.name] = f"no {ep.who} user in this data set (bin/bench --rebuild)"
            continue
        try:
            resolve(url.split("?")[0])
        except Resolver404:
            missing[ep.name] = "no route yet"
            continue
        try:
            r = clients.get(ep.who, url, ep.api)
        except Exception as e:  # a half-written view: report and wait
            missing[ep.name] = f"error: {type(e).__name__}: {e}"[:200]
            continue
        if r.status_code != 200:
            missing[ep.name] = f"HTTP {r.status_code}"
    return missing


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(pct / 100 * len(s) + 0.5)) - 1))
    return s[k]


def measure_all(clients: Clients, eps: list[Endpoint], n: int, warmup: int, seed: int = 7) -> dict[str, dict]:
    """Round-robin: each round requests every endpoint once, so load from other processes on a shared
    machine falls on all endpoints alike and the ratios to the trivial endpoint stay fair."""
    rng = random.Random(seed)
    times = {ep.name: [] for ep in eps}
    statuses = {ep.name: {} for ep in eps}
    for r in range(warmup + n):
        for ep in eps:
            url = ep.url(rng)
            t0 = time.perf_counter()
            resp = clients.get(ep.who, url, ep.api)
            elapsed = (time.perf_counter() - t0) * 1000
            if r >= warmup:
                times[ep.name].append(elapsed)
                statuses[ep.name][resp.status_code] = statuses[ep.name].get(resp.status_code, 0) + 1
    out = {}
    for ep in eps:
        with CaptureQueriesContext(connection) as q:
            clients.get(ep.who, ep.url(rng), ep.api)
        xs = times[ep.name]
        out[ep.name] = {
            "n": n,
            "median_ms": round(statistics.median(xs), 2),
            "p95_ms": round(percentile(xs, 95), 2),
            "max_ms": round(max(xs), 2),
            "queries": len(q.captured_queries),
            "status": {str(k): v for k, v in sorted(statuses[ep.name].items())},
        }
    return out
