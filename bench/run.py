"""bin/bench entry point: build or reuse the data set, measure, write bench/results/latest.{json,md}.

    python -m bench.run [--n 200] [--warmup 20] [--rebuild] [--build-only] [--wait MINUTES]

DATABASE_URL must point at a SQLite file under bench/data/ (bin/bench sets it): the benchmark never
touches the user's database.
"""

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
POLL_SECONDS = 120


def _db_path() -> Path:
    url = os.environ.get("DATABASE_URL", "")
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        sys.exit("bench: DATABASE_URL must be sqlite:////<repo>/bench/data/<name>.sqlite3 (bin/bench sets it)")
    path = Path(url[len(prefix):]).resolve()
    if DATA.resolve() not in path.parents:
        sys.exit(f"bench: refusing to use {path}: the benchmark database must live under {DATA}")
    return path


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bin/bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=200,
                   help="timed requests per endpoint (default 200; below 200 the results files are not written)")
    p.add_argument("--warmup", type=int, default=20, help="untimed requests per endpoint first (default 20)")
    p.add_argument("--leerlingen", type=int, help="pupils in the data set (default 300000)")
    p.add_argument("--audit", type=int, help="audit rows in the data set (default 1000000)")
    p.add_argument("--seed", type=int, help="random seed of the data set")
    p.add_argument("--strict", action="store_true", help="exit 1 when an endpoint misses the aim")
    p.add_argument("--rebuild", action="store_true", help="build the data set anew even if it matches")
    p.add_argument("--build-only", action="store_true", help="build the data set, do not measure")
    p.add_argument("--only", help="measure only endpoints whose name contains this text (plus healthz)")
    p.add_argument("--wait", type=float, default=0,
                   help="minutes to keep polling (every 2 min) for endpoints that do not answer yet (default 0)")
    p.add_argument("--waited", type=float, default=0, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def machine_info() -> dict:
    import django

    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def verdict(p95: float, trivial_p95: float) -> tuple[float, bool]:
    from .measure import ABS_LIMIT_MS, RATIO_LIMIT

    ratio = p95 / trivial_p95 if trivial_p95 > 0 else float("inf")
    return round(ratio, 2), ratio <= RATIO_LIMIT and p95 < ABS_LIMIT_MS


def markdown(report: dict) -> str:
    from .measure import ABS_LIMIT_MS, RATIO_LIMIT

    m, c = report["machine"], report["dataset"]["counts"]
    lines = [
        "# Passend benchmark (national scale)",
        "",
        f"Run {report['run_at']} on {m['cpu_count']} CPU(s), Python {m['python']}, Django {m['django']}, "
        f"SQLite {m['sqlite']}. Method: {report['method']}",
        "",
        f"Data set: {c['samenwerkingsverbanden']} SWV's, {c['scholen']:,} scholen, {c['leerlingen']:,} leerlingen, "
        f"{c['inschrijvingen']:,} inschrijvingen, {c['ouders']:,} ouders, {c.get('aanvragen', 0):,} aanvragen, "
        f"{c.get('tlvs', 0):,} TLV's, {c.get('aanmeldingen', 0):,} aanmeldingen, {c.get('opps', 0):,} OPP's, "
        f"{c.get('thuiszittersmeldingen', 0):,} thuiszittersmeldingen, "
        f"{c['auditregels']:,} auditregels "
        f"(built in {report['dataset']['build_seconds']:.0f} s). Measured as users of {report['swv']['code']} "
        f"({report['swv']['leerlingen']:,} leerlingen; school user bound to one school).",
        "",
        f"Aim: p95 within {RATIO_LIMIT:g}x the trivial endpoint's p95 and under {ABS_LIMIT_MS:g} ms.",
        "",
        "| Endpoint | URL | As | n | median ms | p95 ms | p95 / trivial | queries | OK |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | :---: |",
    ]
    for e in report["endpoints"]:
        if "missing" in e:
            lines.append(f"| {e['name']} | `{e['url']}` | {e['as']} | – | – | – | – | – | not measured: {e['missing']} |")
            continue
        lines.append(
            f"| {e['name']} | `{e['url']}` | {e['as']} | {e['n']} | {e['median_ms']:.1f} | {e['p95_ms']:.1f} | "
            f"{e['ratio']:.1f}x | {e['queries']} | {'yes' if e['ok'] else '**no**'} |"
        )
    from .middelen import markdown as middelen_markdown  # issue 6: the whole country's budgets

    lines += middelen_markdown(report.get("berekeningen", []))
    from .netwerk import markdown as netwerk_markdown  # issue 7: coverage and placement suggestions

    lines += netwerk_markdown(report.get("netwerk", []))
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    started = time.monotonic()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    db_path = _db_path()
    DATA.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passend.settings")
    os.environ["PASSEND_TWO_FACTOR"] = "0"
    import django

    django.setup()
    from django.conf import settings

    assert not settings.PASSEND_TWO_FACTOR
    from .build import DEFAULT_PARAMS, ensure_dataset
    from .measure import Clients, endpoints, measure_all, probe

    params = dict(DEFAULT_PARAMS)
    for key in ("leerlingen", "audit", "seed"):
        if getattr(args, key) is not None:
            params[key] = getattr(args, key)
    marker = ensure_dataset(db_path, params, rebuild=args.rebuild and not args.waited)
    if args.build_only:
        return 0

    login = marker["logins"][0]  # the biggest PO SWV
    clients = Clients(login)
    eps = endpoints(login)
    if args.only:
        eps = [e for e in eps if e.name.startswith("healthz") or args.only in e.name]
    missing = probe(clients, eps)
    if missing and args.waited < args.wait:
        for name, why in missing.items():
            print(f">> not there yet: {name}: {why}")
        print(f">> waiting {POLL_SECONDS} s for them ({args.waited:.0f} of {args.wait:.0f} min waited)", flush=True)
        time.sleep(POLL_SECONDS)
        # Start afresh so that new url modules and views are loaded.
        rest = [a for a in sys.argv[1:] if not a.startswith("--waited")]
        waited = args.waited + (time.monotonic() - started) / 60
        os.execv(sys.executable, [sys.executable, "-m", "bench.run", *rest, f"--waited={waited:.2f}"])

    report = {
        "run_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "method": "in-process django.test.Client (full middleware stack, no HTTP server); "
        f"{args.warmup} warm-up rounds, then {args.n} timed rounds of one request to every endpoint in turn "
        "(round-robin, so background load hits all endpoints alike); "
        "healthz requested by the same logged-in SWV user.",
        "machine": machine_info(),
        "dataset": {"params": marker["params"], "build_seconds": marker["build_seconds"], "counts": marker["counts"]},
        "swv": {"code": login["swv"], "leerlingen": login["leerlingen"], "school_id": login["school_id"]},
        "aim": {"ratio_max": 5.0, "p95_max_ms": 150.0},
        "endpoints": [],
    }
    print(f">> measuring {len(eps)} endpoints as users of {login['swv']}: {args.warmup} warm-up rounds, then "
          f"{args.n} rounds of one request to each", flush=True)
    measured = measure_all(clients, [ep for ep in eps if ep.name not in missing], args.n, args.warmup)
    trivial = None
    for ep in eps:
        row = {"name": ep.name, "url": ep.path, "as": ep.who + (" (token)" if ep.api else "")}
        if ep.name in missing:
            row["missing"] = missing[ep.name]
            print(f"   {ep.name:34} not measured: {missing[ep.name]}", flush=True)
        else:
            row.update(measured[ep.name])
            if trivial is None:
                trivial = row["p95_ms"]
            row["ratio"], row["ok"] = verdict(row["p95_ms"], trivial)
            bad = {k: v for k, v in row["status"].items() if k != "200"}
            row["ok"] = row["ok"] and not bad  # an error page is fast but no pass
            print(f"   {ep.name:34} median {row['median_ms']:7.1f} ms  p95 {row['p95_ms']:7.1f} ms  "
                  f"{row['ratio']:5.1f}x  {row['queries']:3d} queries  {'ok' if row['ok'] else 'NOT OK'}"
                  f"{f'  statuses {bad}' if bad else ''}", flush=True)
        report["endpoints"].append(row)

    from .middelen import meet as meet_middelen  # issue 6: budgets and models of every SWV, timed

    report["berekeningen"] = meet_middelen(args)
    from .netwerk import meet as meet_netwerk  # issue 7: coverage of the largest PO SWV, suggestions, timed

    report["netwerk"] = meet_netwerk(args)
    md = markdown(report)
    print()
    print(md)
    if args.only or args.n < 200:
        print(">> partial or short run (--only, or --n below 200): bench/results/latest.* left as they were")
    else:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        (RESULTS / "latest.md").write_text(md)
        print(f">> written {RESULTS / 'latest.json'} and {RESULTS / 'latest.md'}")
    failed = [e["name"] for e in report["endpoints"] if "missing" not in e and not e["ok"]]
    failed += [b["name"] for b in report["berekeningen"] if not b["ok"]]
    failed += [b["name"] for b in report["netwerk"] if not b["ok"]]
    if failed:
        print(f">> aim missed by: {', '.join(failed)}" + ("" if args.strict else " (exit 0; --strict makes this fail)"))
    if missing:
        return 1
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
