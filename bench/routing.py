"""bin/bench routing: the leerlingenvervoer planner on the Cordeau (2006) dial-a-ride instances (issue 8).

    bin/bench routing [--seconden 30] [--instanties a2-16,a8-96]
    bin/bench routing --realistisch 1000 [--realistisch-seconden 120] [--alleen-realistisch]

Each instance of bench/routing_data/ is planned by passend.vervoer.routering.ortools_planner with the same
fixed search time (default 30 s; one process, one thread), checked by our own independent check
(passend.vervoer.routering.controle: pairing, capacity, windows, travel times, ride times, route duration,
distance), and compared with the proven optimum (bks.csv). A plan counts as feasible only when the check finds
nothing and every request is served. Gap = cost / optimum - 1, over the feasible plans with a known optimum.
Aim (issue 8): every instance feasible, average gap under 1 %, no instance above 3 %.

Writes bench/results/routing.json and routing.md after a run over all instances (a run over --instanties
leaves them as they were). Pure Python: no Django, no database.

--realistisch N adds a realistic instance of N pupils (Rotterdam's SBO/SO schools from the real register,
homes drawn over the real PC4 centroids of the gemeente, synthetic start times), planned against the baseline
(one taxi per school, nearest-neighbour order); its results go to bench/results/routing_realistisch.json/md.
"""

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "routing_data"
RESULTS = ROOT / "bench" / "results"
AIM_GEMIDDELD, AIM_MAX = 1.0, 3.0


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bin/bench routing", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seconden", type=float, default=30, help="search time per instance (default 30)")
    p.add_argument("--instanties", help="comma-separated instance names (default: all 24)")
    p.add_argument("--realistisch", type=int, default=0, metavar="N",
                   help="also plan a realistic instance of N pupils against the baseline (default: no)")
    p.add_argument("--realistisch-seconden", type=float, default=120, help="search time for it (default 120)")
    p.add_argument("--alleen-realistisch", action="store_true",
                   help="only the realistic instance (with --realistisch), not the Cordeau instances")
    return p.parse_args(argv)


def machine_info() -> dict:
    import ortools

    return {"cpu_count": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "ortools": ortools.__version__}


def los_op(inst, seconden: float) -> dict:
    from passend.vervoer.routering import ortools_planner
    from passend.vervoer.routering.controle import controleer

    t0 = time.monotonic()
    opl = ortools_planner.plan(inst.probleem, seconden=seconden)
    tijd = time.monotonic() - t0
    schendingen = controleer(inst.probleem, opl)
    soorten: dict[str, int] = {}
    for s in schendingen:
        soorten[s.soort] = soorten.get(s.soort, 0) + 1
    haalbaar = not schendingen and not opl.niet_ingepland
    gap = (opl.afstand / inst.bks - 1) * 100 if inst.bks and haalbaar else None
    return {
        "instantie": inst.naam, "verzoeken": inst.verzoeken, "voertuigen": inst.voertuigen,
        "voertuigen_gebruikt": opl.voertuigen_gebruikt, "kosten": round(opl.afstand, 2), "optimum": inst.bks,
        "gap_pct": round(gap, 2) + 0.0 if gap is not None else None, "haalbaar": haalbaar,
        "niet_ingepland": len(opl.niet_ingepland), "schendingen": soorten,
        "voorbeeld_schendingen": [s.tekst for s in schendingen[:3]], "seconden": round(tijd, 1),
    }


def samenvatting(rijen: list[dict]) -> dict:
    gaps = [r["gap_pct"] for r in rijen if r["gap_pct"] is not None]
    haalbaar = sum(r["haalbaar"] for r in rijen)
    gem = sum(gaps) / len(gaps) if gaps else None
    mx = max(gaps) if gaps else None
    return {
        "instanties": len(rijen), "haalbaar": haalbaar, "met_optimum": len(gaps),
        "gemiddelde_gap_pct": round(gem, 2) if gem is not None else None,
        "max_gap_pct": round(mx, 2) if mx is not None else None,
        "boven_3_pct": [r["instantie"] for r in rijen if r["gap_pct"] is not None and r["gap_pct"] > AIM_MAX],
        "seconden_totaal": round(sum(r["seconden"] for r in rijen), 1),
        "doel_gehaald": haalbaar == len(rijen) and gem is not None and gem < AIM_GEMIDDELD and mx <= AIM_MAX,
    }


def _ja(x: bool) -> str:
    return "yes" if x else "**no**"


def markdown(report: dict) -> str:
    m, s = report["machine"], report["samenvatting"]
    lines = [
        "# Leerlingenvervoer planner: Cordeau (2006) dial-a-ride instances (issue 8)",
        "",
        f"Run {report['run_at']} on {m['cpu_count']} CPU(s), Python {m['python']}, OR-Tools {m['ortools']}. "
        f"Method: {report['method']}",
        "",
        f"Aim: every instance feasible, average gap under {AIM_GEMIDDELD:g} %, no instance above {AIM_MAX:g} %.",
        "",
        "| Instance | requests | vehicles (used) | our cost | optimum | gap % | feasible | seconds |",
        "| --- | ---: | ---: | ---: | ---: | ---: | :---: | ---: |",
    ]
    for r in report["instanties"]:
        opt = f"{r['optimum']:.2f}" if r["optimum"] else "– (unknown)"
        gap = f"{r['gap_pct']:.2f}" if r["gap_pct"] is not None else "–"
        haalbaar = _ja(r["haalbaar"])
        if not r["haalbaar"]:
            why = [f"{r['niet_ingepland']} not served"] if r["niet_ingepland"] else []
            why += [f"{n} {k}" for k, n in r["schendingen"].items()]
            haalbaar += f" ({', '.join(why)})"
        lines.append(f"| {r['instantie']} | {r['verzoeken']} | {r['voertuigen']} ({r['voertuigen_gebruikt']}) | "
                     f"{r['kosten']:.2f} | {opt} | {gap} | {haalbaar} | {r['seconden']:.1f} |")
    gem = f"{s['gemiddelde_gap_pct']:.2f} %" if s["gemiddelde_gap_pct"] is not None else "–"
    mx = f"{s['max_gap_pct']:.2f} %" if s["max_gap_pct"] is not None else "–"
    lines += [
        "",
        f"Feasible: {s['haalbaar']} of {s['instanties']}. Average gap {gem}, max gap {mx} (over the "
        f"{s['met_optimum']} feasible plans with a known optimum); above 3 %: "
        f"{', '.join(s['boven_3_pct']) or 'none'}. Total time {s['seconden_totaal']:.0f} s. "
        f"Aim met: {_ja(s['doel_gehaald'])}.",
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------------------------
# The realistic instance (optional).


def rotterdam_leerlingen(n: int, seed: int = 8) -> tuple[list[tuple], str]:
    """n pupils of the SBO/SO schools of gemeente Rotterdam: real school locations (DUO register), homes drawn
    over the real PC4 centroids of the gemeente (with up to ~300 m of jitter), schools drawn by their pupil
    counts (SO weighted 3x: more of its pupils need transport); start times synthetic (8:30 or 8:45 per
    school, drawn); 4 % wheelchair (SO only), 2 % must travel alone."""
    import csv

    rng = random.Random(seed)
    data = ROOT / "data"
    gemeente_pc4 = set()
    with open(data / "swv_regio_pc4_2015.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["gemeente"].strip().lower() == "rotterdam":
                gemeente_pc4.add(r["pc4"])
    centra = []
    with open(data / "pc4_centroids_postcodetabel.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["pc4"] in gemeente_pc4 and r["lat"] and r["lon"]:
                centra.append((float(r["lat"]), float(r["lon"])))
    scholen = []
    with open(data / "scholen_nl_2024.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["gemeente"].strip().upper() == "ROTTERDAM" and r["sector"] in ("SBO", "SO", "SO/VSO"):
                gewicht = int(r["leerlingen"] or 2) * (3 if "SO" in r["sector"] and r["sector"] != "SBO" else 1)
                start = rng.choice((8 * 60 + 30, 8 * 60 + 45))
                scholen.append((float(r["lat"]), float(r["lon"]), gewicht, r["sector"], start))
    if not centra or not scholen:
        raise SystemExit("bench routing: no Rotterdam PC4 centroids or special schools in data/")
    leerlingen = []
    for _ in range(n):
        lat, lon = rng.choice(centra)
        lat += rng.uniform(-0.0027, 0.0027)
        lon += rng.uniform(-0.0044, 0.0044)
        slat, slon, _g, sector, start = rng.choices(scholen, weights=[s[2] for s in scholen])[0]
        rolstoel = sector != "SBO" and rng.random() < 0.04
        alleen = rng.random() < 0.02
        leerlingen.append((lat, lon, slat, slon, start, None, rolstoel, alleen))
    beschrijving = (f"{n} pupils of {len(scholen)} SBO/SO schools in gemeente Rotterdam (real DUO locations), "
                    f"homes drawn over {len(centra)} real PC4 centroids (±300 m), synthetic start times "
                    f"8:30/8:45, 4 % wheelchair (SO), 2 % alone; seed {seed}")
    return leerlingen, beschrijving


def realistisch(n: int, seconden: float) -> dict:
    from passend.vervoer.routering.realistisch import realistische_instantie, vergelijk

    leerlingen, beschrijving = rotterdam_leerlingen(n)
    probleem = realistische_instantie(leerlingen)
    laatst = [0.0]

    def voortgang(f, tekst):
        if time.monotonic() - laatst[0] > 10 or f >= 1.0:
            laatst[0] = time.monotonic()
            print(f"   {f * 100:3.0f} %  {tekst}", flush=True)

    uitkomst = vergelijk(probleem, seconden=seconden, voortgang=voortgang)
    uitkomst["beschrijving"] = beschrijving
    uitkomst["instellingen"] = ("road distance = 1.3 x straight line, 40 km/h, 1 min boarding/alighting, "
                                "arrive 20-5 min before school starts, max ride max(60 min, 1.5 x direct), "
                                "buses of 8 seats + 1 wheelchair place from one depot at the schools' mean")
    uitkomst["zoektijd"] = seconden
    return uitkomst


def realistisch_markdown(r: dict) -> list[str]:
    p, b = r["planner"], r["basislijn"]

    def rij(naam, k):
        schend = ", ".join(f"{n} {s}" for s, n in k["schendingen"].items()) or "none"
        return (f"| {naam} | {k['voertuigen']} | {k['km']:.1f} | {k['langste_rit_min']} | "
                f"{k['gemiddelde_rit_min']} | {k['niet_ingepland']} | {schend} | {k['seconden']:.1f} |")

    return [
        "",
        "## Realistic instance",
        "",
        f"{r['beschrijving']}. Settings: {r['instellingen']}. Planner search time {r['zoektijd']:g} s.",
        "",
        "| Plan | vehicles | km | longest ride (min) | mean ride (min) | not served | violations | seconds |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
        rij("OR-Tools planner", p),
        rij("baseline: taxi per school, nearest neighbour", b),
    ]


# --------------------------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    sys.path.insert(0, str(ROOT))
    from passend.vervoer.routering import cordeau

    alle = cordeau.alle(DATA)
    if args.alleen_realistisch:
        if not args.realistisch:
            sys.exit("bench routing: --alleen-realistisch needs --realistisch N")
        alle = []
    if args.instanties:
        namen = [n.strip() for n in args.instanties.split(",") if n.strip()]
        onbekend = set(namen) - {i.naam for i in alle}
        if onbekend:
            sys.exit(f"bench routing: unknown instances: {', '.join(sorted(onbekend))}")
        alle = [i for i in alle if i.naam in namen]
    if alle:
        cordeau_deel(args, alle)
    if args.realistisch:
        print(f">> realistic instance: {args.realistisch} pupils, {args.realistisch_seconden:g} s", flush=True)
        report = {
            "run_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": machine_info(),
            "realistisch": realistisch(args.realistisch, args.realistisch_seconden),
        }
        md = "\n".join(["# Leerlingenvervoer planner: realistic instance (issue 8)", "",
                        f"Run {report['run_at']} on {report['machine']['cpu_count']} CPU(s), Python "
                        f"{report['machine']['python']}, OR-Tools {report['machine']['ortools']}.",
                        *realistisch_markdown(report["realistisch"])[2:]]) + "\n"
        print()
        print(md)
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "routing_realistisch.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        (RESULTS / "routing_realistisch.md").write_text(md)
        print(f">> written {RESULTS / 'routing_realistisch.json'} and {RESULTS / 'routing_realistisch.md'}")
    return 0


def cordeau_deel(args, alle) -> None:
    report = {
        "run_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "method": f"each instance planned once with a fixed search time of {args.seconden:g} s "
                  "(passend.vervoer.routering.ortools_planner: parallel cheapest insertion + guided local search "
                  "on the whole problem; one process, one thread), checked by "
                  "passend.vervoer.routering.controle (independent of the solver; ride times included); "
                  "feasible = no violation and every request served; gap = cost / proven optimum - 1; "
                  "seconds = wall time including model building and the final schedule.",
        "machine": machine_info(),
        "seconden_per_instantie": args.seconden,
        "aim": {"gemiddelde_gap_pct_max": AIM_GEMIDDELD, "gap_pct_max": AIM_MAX, "alle_haalbaar": True},
        "instanties": [],
    }
    print(f">> {len(alle)} instances, {args.seconden:g} s search each", flush=True)
    for inst in alle:
        rij = los_op(inst, args.seconden)
        report["instanties"].append(rij)
        gap = f"{rij['gap_pct']:6.2f} %" if rij["gap_pct"] is not None else "     – "
        oordeel = "feasible" if rij["haalbaar"] else \
            f"NOT FEASIBLE ({rij['niet_ingepland']} not served, {rij['schendingen']})"
        print(f"   {rij['instantie']:6} {rij['verzoeken']:3d} requests {rij['voertuigen']} vehicles  "
              f"cost {rij['kosten']:8.2f}  optimum {rij['optimum'] or '–':>8}  gap {gap}  {oordeel}  "
              f"{rij['seconden']:.1f} s", flush=True)
    report["samenvatting"] = samenvatting(report["instanties"])
    md = markdown(report)
    print()
    print(md)
    if args.instanties:
        print(">> partial run (--instanties): bench/results/routing.* left as they were")
    else:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "routing.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        (RESULTS / "routing.md").write_text(md)
        print(f">> written {RESULTS / 'routing.json'} and {RESULTS / 'routing.md'}")


if __name__ == "__main__":
    sys.exit(main())
