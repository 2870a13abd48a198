"""Issue 7 (performance): the coverage of the largest PO SWV and placement suggestions for one pupil, timed.

The largest PO SWV is the one with the most school locations in its region (gegevens.regio_scholen; in the real
register PO2101, 474 schools and 475 PC4 areas). Its offer is bench data, written once into the bench database
(bin/bench points DATABASE_URL at bench/data/) and marked as such:

- an ondersteuningsplan (basisondersteuning: dyslexie/dyscalculie and NT2, so every regular school offers them);
- a schoolondersteuningsprofiel for EVERY school of regio_scholen (including the VO schools it lists), with 1-4
  extra offers for regular schools and 2-5 specialised ones with places, occupancy and a waiting list for special
  schools, drawn from one random.Random(SEED) in school order (the same every build), in bulk;
- the needs (Leerlingbehoefte) of the SWV's pupils with an open request, a running OPP or a valid TLV (the demand
  the coverage counts), in bulk;
- one open placement request of one of those pupils, through the service as the SWV's bench medewerker.

Measured, in-process (warm-up, then n timed calls): gegevens.overzicht(swv) (coverage per need, distances from
every PC4 of the region, gaps) and gegevens.suggesties(swv, needs, pc4) for the pupil; and through the full
stack (django.test.Client with the medewerker's token): GET /api/v1/dekking/ and
GET /api/v1/plaatsingsverzoeken/<id>/suggesties/. Aim: p95 under AIM_MS ("well under a second", issue 7).
"""

import datetime as dt
import random
import statistics
import time

from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from passend.accounts.models import Rol, Roltoekenning
from passend.netwerk import gegevens, services
from passend.netwerk.models import (
    Aanbod,
    Behoefte,
    Leerlingbehoefte,
    Niveau,
    Ondersteuningsplan,
    Plaatsingsverzoek,
    Schoolprofiel,
)
from passend.opp.models import Opp
from passend.register.models import Samenwerkingsverband, School, Sector
from passend.toewijzing.models import OPEN_STATUSSEN, Aanvraag, Tlv

from .measure import percentile

AIM_MS = 500.0
SEED = 7007
BRON = "Benchmarkgegevens (bench/netwerk.py), geen echte gegevens"
REGULIER = ["gedrag", "ass", "hoogbegaafdheid", "sociaal-emotioneel", "moeilijk-lerend", "medisch", "lichamelijk"]
SPECIAAL = ["zml", "ass", "gedrag", "medisch", "lichamelijk", "taal-tos", "sociaal-emotioneel", "moeilijk-lerend"]
VRAAG = ["gedrag", "ass", "taal-tos", "sociaal-emotioneel", "moeilijk-lerend", "zml", "dyslexie-dyscalculie"]


def grootste_po_swv() -> Samenwerkingsverband:
    """The PO SWV with the most school locations in its region."""
    rij = (School.objects.filter(regio_swv_po__sector=Sector.PO).values("regio_swv_po")
           .annotate(n=Count("pk")).order_by("-n", "regio_swv_po__code").first())
    return Samenwerkingsverband.objects.get(pk=rij["regio_swv_po"])


@transaction.atomic
def bench_netwerk(swv) -> dict:
    """The bench's offer and demand for `swv` (see the module docstring). Idempotent: only what is missing."""
    rng = random.Random(SEED)
    vandaag = timezone.localdate()
    services.laad_standaard_behoeften()
    behoeften = {b.code: b for b in services.behoeften_van(swv.pk)}
    if not Ondersteuningsplan.objects.filter(swv=swv).exists():
        van = dt.date(vandaag.year - (0 if vandaag.month >= 8 else 1), 8, 1)
        plan = Ondersteuningsplan.objects.create(
            swv=swv, titel=f"Ondersteuningsplan ({BRON})", geldig_van=van, geldig_tot=dt.date(van.year + 4, 7, 31),
            opr_instemming_op=dt.date(van.year, 4, 1), basisondersteuning="Dyslexieprotocol\nNT2-begeleiding")
        plan.basis_behoeften.set([behoeften["dyslexie-dyscalculie"], behoeften["nt2"]])
    heeft = set(Schoolprofiel.objects.filter(swv=swv).values_list("school_id", flat=True))
    nieuw, plannen = [], []
    for s in gegevens.regio_scholen(swv).order_by("vestigingscode"):
        speciaal = services.is_speciaal(s)  # SBO, SO, VSO
        codes = rng.sample(SPECIAAL, rng.randint(2, 5)) if speciaal else rng.sample(REGULIER, rng.randint(1, 4))
        if s.pk in heeft:
            continue
        p = Schoolprofiel(swv=swv, school=s, geldig_van=dt.date(vandaag.year - 1, 8, 1),
                          geldig_tot=dt.date(vandaag.year + 3, 7, 31), expertise=BRON)
        if speciaal:
            p.plaatsen = rng.randrange(60, 221, 10)
            p.bezetting = p.plaatsen - rng.randint(0, 10)
            p.wachtlijst = rng.randint(0, 9)
        rijen = []
        for c in codes:
            cap = rng.randrange(6, 31, 2) if speciaal else (None if rng.random() < 0.25 else rng.randint(2, 8))
            rijen.append((c, Niveau.SPECIALISTISCH if speciaal else Niveau.EXTRA, cap,
                          0 if cap is None else rng.randint(0, cap)))
        nieuw.append(p)
        plannen.append(rijen)
    Schoolprofiel.objects.bulk_create(nieuw, batch_size=500)
    ids = dict(Schoolprofiel.objects.filter(swv=swv).values_list("school_id", "pk"))
    Aanbod.objects.bulk_create([Aanbod(profiel_id=ids[p.school_id], behoefte=behoeften[c], niveau=n, capaciteit=cap,
                                       bezet=bezet, toelichting=BRON)
                                for p, rijen in zip(nieuw, plannen, strict=True) for c, n, cap, bezet in rijen],
                               batch_size=1000)
    if not Leerlingbehoefte.objects.filter(leerling__swv=swv).exists():
        leerlingen = set(Aanvraag.objects.filter(swv=swv, status__in=OPEN_STATUSSEN).values_list("leerling_id",
                                                                                                flat=True))
        leerlingen |= set(Opp.objects.filter(leerling__swv=swv, beeindigd_op__isnull=True)
                          .values_list("leerling_id", flat=True))
        leerlingen |= set(Tlv.objects.filter(leerling__swv=swv, begindatum__lte=vandaag, einddatum__gte=vandaag)
                          .values_list("leerling_id", flat=True))
        Leerlingbehoefte.objects.bulk_create(
            [Leerlingbehoefte(leerling_id=lid, behoefte=behoeften[c], bron=Leerlingbehoefte.Bron.OPP)
             for lid in sorted(leerlingen) for c in rng.sample(VRAAG, rng.randint(1, 2))], batch_size=1000)
    return {"profielen": Schoolprofiel.objects.filter(swv=swv).count(),
            "aanbod": Aanbod.objects.filter(profiel__swv=swv).count(),
            "leerlingbehoeften": Leerlingbehoefte.objects.filter(leerling__swv=swv).count()}


def _verzoek(swv, rol) -> Plaatsingsverzoek:
    """One open placement request in `swv` (made once, through the service)."""
    p = Plaatsingsverzoek.objects.filter(swv=swv, status=Plaatsingsverzoek.Status.OPEN).order_by("pk").first()
    if p is not None:
        return p
    lb = (Leerlingbehoefte.objects.filter(leerling__swv=swv).exclude(leerling__postcode="")
          .select_related("leerling").order_by("leerling_id").first())
    leerling = lb.leerling
    codes = list(leerling.behoeften.values_list("behoefte__code", flat=True)) + ["gedrag"]
    return services.plaatsing_starten(rol, leerling, behoeften=Behoefte.objects.filter(
        swv__isnull=True, code__in=codes), pc4=leerling.postcode[:4], toelichting=BRON)


def _tijden(fn, n: int) -> tuple[list[float], int]:
    fn()  # warm-up
    tijden = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        tijden.append((time.perf_counter() - t0) * 1000)
    with CaptureQueriesContext(connection) as q:
        fn()
    return tijden, len(q.captured_queries)


def meet(args) -> list[dict]:
    """Rows for report["netwerk"]: the coverage and the suggestions, in-process and through the API."""
    namen = ["netwerk: dekking", "netwerk: suggesties", "netwerk: API dekking", "netwerk: API suggesties"]
    if args.only and not any(args.only in n for n in namen):
        return []
    swv = grootste_po_swv()
    omvang = bench_netwerk(swv)
    rol = Roltoekenning.objects.filter(swv=swv, rol=Rol.SWV_MEDEWERKER).select_related("user").order_by("pk").first()
    p = _verzoek(swv, rol)
    codes = [b.code for b in p.behoeften.all()]
    client = Client()
    token, _ = Token.objects.get_or_create(user=rol.user)
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}", "HTTP_X_PASSEND_ROL": str(rol.pk)}

    def api(url):
        def get():
            r = client.get(url, **headers)
            assert r.status_code == 200, (url, r.status_code, r.content[:300])
            return r
        return get

    ov = gegevens.overzicht(swv)
    lijst = gegevens.suggesties(swv, codes, p.pc4, uitsluiten={p.vanuit_school_id} - {None})
    feiten = {"swv": swv.code, "scholen": len(ov.scholen), "pc4": len(ov.pc4), "behoeften": len(ov.dekking),
              "gaten": len(ov.gaten), **omvang, "leerling_behoeften": codes, "suggesties": len(lijst)}
    metingen = [
        ("netwerk: dekking", f"passend.netwerk.gegevens.overzicht({swv.code})", lambda: gegevens.overzicht(swv), 50),
        ("netwerk: suggesties", f"passend.netwerk.gegevens.suggesties({swv.code}, {codes}, '{p.pc4}')",
         lambda: gegevens.suggesties(swv, codes, p.pc4, uitsluiten={p.vanuit_school_id} - {None}), 100),
        ("netwerk: API dekking", "GET /api/v1/dekking/", api("/api/v1/dekking/"), 50),
        ("netwerk: API suggesties", "GET /api/v1/plaatsingsverzoeken/<id>/suggesties/",
         api(f"/api/v1/plaatsingsverzoeken/{p.pk}/suggesties/"), 100),
    ]
    rijen = []
    for naam, call, fn, hoogstens in metingen:
        if args.only and args.only not in naam:
            continue
        n = max(5, min(args.n, hoogstens))
        tijden, queries = _tijden(fn, n)
        rij = {"name": naam, "call": call, "n": n, "median_ms": round(statistics.median(tijden), 1),
               "p95_ms": round(percentile(tijden, 95), 1), "max_ms": round(max(tijden), 1), "queries": queries,
               "aim_ms": AIM_MS, **feiten}
        rij["ok"] = rij["p95_ms"] < AIM_MS
        print(f"   {naam:34} median {rij['median_ms']:7.1f} ms  p95 {rij['p95_ms']:7.1f} ms  {queries:3d} queries  "
              f"{swv.code}: {feiten['scholen']} scholen, {feiten['pc4']} pc4, {feiten['profielen']} profielen  "
              f"{'ok' if rij['ok'] else 'NOT OK'}", flush=True)
        rijen.append(rij)
    return rijen


def markdown(rijen: list[dict]) -> list[str]:
    if not rijen:
        return []
    f = rijen[0]
    lines = [
        "",
        "## Dekkend netwerk: dekking van het grootste PO-SWV en plaatsingssuggesties (issue 7)",
        "",
        f"{f['swv']} (most school locations of any PO SWV): {f['scholen']} schools in the region, each with a profile "
        f"({f['profielen']} profiles, {f['aanbod']:,} offers), {f['pc4']} PC4 areas, {f['behoeften']} needs, "
        f"{f['leerlingbehoeften']:,} pupil needs (demand), {f['gaten']} gaps. Suggestions for one pupil "
        f"(needs {', '.join(f['leerling_behoeften'])}). Profiles, offers and demand are bench data, not real ones "
        f"(bench/netwerk.py). In-process calls and API requests (django.test.Client, token), one warm-up then n "
        f"timed runs. Aim: p95 under {AIM_MS:g} ms.",
        "",
        "| Measured | Call | n | median ms | p95 ms | queries | OK |",
        "| --- | --- | ---: | ---: | ---: | ---: | :---: |",
    ]
    for r in rijen:
        lines.append(f"| {r['name']} | `{r['call']}` | {r['n']} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | "
                     f"{r['queries']} | {'yes' if r['ok'] else '**no**'} |")
    return lines
