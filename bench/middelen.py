"""Issue 6 (performance): budgets and all four distribution models for every SWV in the country, timed.

passend.middelen.landelijk.bereken(jaar) loads every SWV's inputs in a fixed handful of queries (schools with
their pupil counts and bestuur, the TLV's on the count date and after it, arrangements, rates, counts,
settings) and computes regels.begroting and regels.verdeel for the four models, for all 150 SWV's and their
8,622 schools. Aim: under one second. Measured for two budget years:

- 2015: the official 2015-2016 rates (loaded after every migrate). They have no VO lichte ondersteuning, so
  every VO SWV would stop at OntbrekendNormbedrag; the bench adds one example amount for it (BENCH_VO_LICHT,
  below) to the bench database only, clearly marked as bench data. The bench's TLV's all start in 2024 or later,
  so no deductions on the count date of 2015 (1-10-2014 for PO, school year 2015-2016, and for VO).
- 2027: the budget year counted on 1-2-2026 (PO) and 1-10-2026 (VO), the bench's reference date, where its
  TLV's and arrangements are. There are no rates for 2027, so the bench copies the 2015-2016 amounts (and the
  example VO amount) to 2027 rows in the bench database, marked as bench data. The bench's TLV kinds are drawn
  without regard to the SWV's sector (VSO TLV's in PO SWV's, SBO and SO in VO SWV's), so 2027 also gets the
  other sector's amounts for those (PO rows for vso_*, VO rows for sbo and so_*), equally marked.

The rows are written with no SWV (as the official ones are) and only into the bench database (bin/bench
points DATABASE_URL at bench/data/); their `bron` says they are not official.
"""

import statistics
import time
from decimal import Decimal

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from passend.middelen import landelijk, normbedragen
from passend.middelen.models import Component, Normbedrag

from .measure import percentile

AIM_MS = 1000.0
JAREN = (2015, 2027)
BENCH_VO_LICHT = Decimal("150.00")
BRON_VO_LICHT = ("Benchmarkgegevens, geen officieel bedrag: voorbeeldbedrag voor VO lichte ondersteuning, dat in de "
                 "officiële 2015-2016-bedragen ontbreekt (bench/middelen.py)")
BRON_KOPIE = ("Benchmarkgegevens, geen officiële bedragen: de bedragen van 2015-2016 overgenomen voor benchmarkjaar "
              "{jaar} (bench/middelen.py)")


def _naam(jaar: int) -> str:
    return f"middelen: landelijk {jaar}"


@transaction.atomic
def bench_tarieven() -> None:
    """The bench-only rates (see the module docstring). Idempotent."""
    rijen = [(r["sector"], r["component"], r["bedrag"]) for r in normbedragen.rijen_2015()]
    rijen.append(("VO", Component.LICHT, BENCH_VO_LICHT))
    Normbedrag.objects.update_or_create(jaar=2015, sector="VO", component=Component.LICHT, swv=None,
                                        defaults={"periode": "2015 (bench)", "bedrag": BENCH_VO_LICHT,
                                                  "bron": BRON_VO_LICHT})
    # The bench's TLV's are of every kind in every SWV (a VSO TLV in a PO SWV too): the other sector's amounts.
    kruis = [("PO", c, b) for s, c, b in rijen if s == "VO" and c.startswith("vso_")]
    kruis += [("VO", c, b) for s, c, b in rijen if s == "PO" and c in ("sbo", "so_laag", "so_midden", "so_hoog")]
    for jaar in JAREN:
        if jaar == 2015:
            continue  # the official rows, loaded after migrate (and VO licht above)
        for sector, component, bedrag in rijen + kruis:
            Normbedrag.objects.update_or_create(
                jaar=jaar, sector=sector, component=component, swv=None,
                defaults={"periode": f"{jaar} (bench)", "bedrag": bedrag, "bron": BRON_KOPIE.format(jaar=jaar)})


def meet(args) -> list[dict]:
    """Time landelijk.bereken for each year in JAREN: a warm-up, then a few timed runs (each takes the whole
    country, so fewer than the endpoints' 200). Rows for report["berekeningen"]."""
    jaren = [j for j in JAREN if not args.only or args.only in _naam(j)]
    if not jaren:
        return []
    bench_tarieven()
    n = max(3, min(args.n, 10))
    rijen = []
    for jaar in jaren:
        landelijk.bereken(jaar)  # warm-up
        tijden = []
        for _ in range(n):
            t0 = time.perf_counter()
            uitkomsten = landelijk.bereken(jaar)
            tijden.append((time.perf_counter() - t0) * 1000)
        with CaptureQueriesContext(connection) as q:
            landelijk.bereken(jaar)
        s = landelijk.samenvatting(uitkomsten)
        rij = {
            "name": _naam(jaar),
            "call": f"passend.middelen.landelijk.bereken({jaar})",
            "n": n,
            "median_ms": round(statistics.median(tijden), 1),
            "p95_ms": round(percentile(tijden, 95), 1),
            "max_ms": round(max(tijden), 1),
            "queries": len(q.captured_queries),
            "aim_ms": AIM_MS,
            **s,
        }
        rij["ok"] = rij["p95_ms"] < AIM_MS and not s["ontbrekend"]
        print(f"   {rij['name']:34} median {rij['median_ms']:7.1f} ms  p95 {rij['p95_ms']:7.1f} ms  "
              f"{rij['queries']:3d} queries  {s['berekend']}/{s['swvs']} SWV's, {s['scholen']:,} scholen, "
              f"{s['tlvs_op_teldatum']:,} TLV's op teldatum  {'ok' if rij['ok'] else 'NOT OK'}", flush=True)
        rijen.append(rij)
    return rijen


def markdown(rijen: list[dict]) -> list[str]:
    if not rijen:
        return []
    lines = [
        "",
        "## Middelen: begroting en vier verdeelmodellen voor elk SWV (issue 6)",
        "",
        f"In-process, no request: `passend.middelen.landelijk.bereken(jaar)`, one warm-up then n timed runs. "
        f"Aim: p95 under {AIM_MS:g} ms, every SWV computed. Rates for VO 2015 lichte ondersteuning and for 2027 are "
        "bench data, not official (bench/middelen.py).",
        "",
        "| Computation | n | median ms | p95 ms | queries | SWV's computed | schools | TLV's on count date | "
        "vangnet TLV's | distributions | OK |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
    ]
    for r in rijen:
        lines.append(
            f"| {r['name']} | {r['n']} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | {r['queries']} | "
            f"{r['berekend']} / {r['swvs']} | {r['scholen']:,} | {r['tlvs_op_teldatum']:,} | {r['tlvs_groei']:,} | "
            f"{r['verdelingen']} | {'yes' if r['ok'] else '**no**'} |")
    return lines
