"""`make bench`: what users wait for, on the 10k and the 100k data set, side by side in one run.

    DATABASE_URL=postgres://root@127.0.0.1:5432/portal_bench python -m bench.run   # both sets, full
    python -m bench.run --quick          # a smoke run on two tiny sets (200 and 2,000 students)
    python -m bench.run --only 10k       # one set (no growth row)
    python -m bench.run --regenerate     # generate the data sets again first

The data sets are generated once into their own databases and reused (bench.datasets); the run never
changes them. Production settings (bench.settings): collectstatic with the manifest storage first, pages
through Django's test client and gunicorn, tasks on a real Celery worker on Redis. Each size is measured
in a child process of its own (`--phase reads` on the data set, `--phase writes` on a scratch copy), and
the rows are printed with pass or FAIL against their targets; everything is written to
bench/results/<run>/ (results.json, explain/<size>/<page>.txt, the worker's log).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Repetitions: (full run, --quick). Pages and SQL: after warm-ups; jobs, exports, matching: after one.
PROFILES = {
    "full": {
        "page_warmup": 5,
        "page_requests": 40,
        "sql_reps": 20,
        "floor_reps": 20,
        "job_reps": 5,
        "export_reps": 5,
        "matching_reps": 5,
        "solver_reps": 5,
        "throughput_requests": 200,
        "throughput_threads": 4,
        "import_rows": 10_000,
    },
    "quick": {
        "page_warmup": 2,
        "page_requests": 5,
        "sql_reps": 3,
        "floor_reps": 3,
        "job_reps": 2,
        "export_reps": 2,
        "matching_reps": 2,
        "solver_reps": 2,
        "throughput_requests": 24,
        "throughput_threads": 4,
        "import_rows": 200,
    },
}


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


def prepare_database(url: str) -> None:
    """Drop and recreate a bench database (its name must contain "bench"): kept for the scripts that build
    a database of their own with it (bench.matching_round of the matching branch)."""
    from bench.datasets import create_empty

    create_empty(url)


def log(*args) -> None:
    print(*args, flush=True)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# --- the child phases ------------------------------------------------------------------------------


def phase_reads(args) -> dict:
    """Pages, floors, EXPLAIN, daily jobs, exports and throughput on the data set (nothing is kept)."""
    from django.db import connection

    from bench import entries
    from bench.harness import (
        Gunicorn,
        capture_queries,
        client_for,
        data_queries,
        explain,
        get,
        repeat,
        run_sql,
        sequential_scans,
        session_cookie,
        summary,
        table_rows,
    )

    profile = PROFILES[args.profile]
    ctx = entries.context_from_database()
    out = {"label": args.label, "vendor": connection.vendor, "marker": ctx.marker}
    explain_dir = Path(args.results) / "explain" / args.label
    explain_dir.mkdir(parents=True, exist_ok=True)
    rows = table_rows()
    out["pages"] = {}
    cookies = {}
    for page in entries.PAGES:
        if not page.available():
            out["pages"][page.name] = {"status": entries.NOT_AVAILABLE}
            continue
        user = getattr(ctx, page.who)
        cookies.setdefault(page.who, session_cookie(user))
        client = client_for(cookies[page.who])
        url = page.url(ctx)
        log(f"  [{args.label}] page {page.name}: {url}")
        try:
            times = repeat(
                lambda client=client, url=url: get(client, url), profile["page_requests"], profile["page_warmup"]
            )
            statements = capture_queries(client, url)
            selects = data_queries(statements)
            sql = repeat(lambda selects=selects: run_sql(selects), profile["sql_reps"])
            plans = explain(selects)
        except Exception as error:  # a page that fails is a row that says so, not a run that stops
            out["pages"][page.name] = {"url": url, "error": f"{type(error).__name__}: {error}"}
            continue
        path = explain_dir / f"{slug(page.name)}.txt"
        path.write_text(
            "\n\n".join(
                f"-- query {i + 1}\n{sql_}\n\n{plan}" for i, (sql_, plan) in enumerate(zip(selects, plans, strict=True))
            )
        )
        out["pages"][page.name] = {
            "url": url,
            "kind": page.kind,
            "queries": len(statements),
            "page": summary(times),
            "sql": summary(sql),
            "seq_scans": sequential_scans(plans, rows),
            "explain": str(path),
        }
        if page.name in entries.FLOORED:
            try:
                out["pages"][page.name]["floor"] = floor_of(page.name, ctx, profile, explain_dir, rows)
            except Exception as error:
                out["pages"][page.name]["floor"] = {"error": f"{type(error).__name__}: {error}"}

    out["jobs"] = {}
    for job in entries.JOBS:
        if not job.available():
            out["jobs"][job.name] = {"status": entries.NOT_AVAILABLE}
            continue
        log(f"  [{args.label}] daily job {job.name}")
        try:
            times, count = entries.time_job(job, ctx, profile["job_reps"])
        except Exception as error:
            out["jobs"][job.name] = {"error": f"{type(error).__name__}: {error}"}
            continue
        out["jobs"][job.name] = summary(times) | {"due_items": count}

    out["exports"] = {}
    if entries.has("placements.exports.csv_lines"):
        from django.core.wsgi import get_wsgi_application

        app = get_wsgi_application()
        cookie = session_cookie(ctx.admin)
        expected = entries.export_rows()
        for fmt in ("csv", "xlsx"):
            log(f"  [{args.label}] export {fmt.upper()} of {expected} placements")
            try:
                times = repeat(lambda fmt=fmt: entries.export_run(app, cookie, fmt), profile["export_reps"])
            except Exception as error:
                out["exports"][fmt] = {"error": f"{type(error).__name__}: {error}"}
                continue
            out["exports"][fmt] = summary(times) | {"rows": expected}
        admin_client = client_for(cookie)
        statements = capture_queries(admin_client, "/placements/export/?format=csv&" + entries.EXPORT_QUERY)
        select = max(data_queries(statements), key=len)  # the rows' query (the others read the user, the scope)
        if connection.vendor == "postgresql":
            floor = repeat(lambda: entries.copy_floor(select), profile["export_reps"])
            out["exports"]["floor"] = summary(floor) | {"how": "COPY (the export's SELECT) TO STDOUT"}
        else:
            floor = repeat(lambda: run_sql([select]), profile["export_reps"])
            out["exports"]["floor"] = summary(floor) | {
                "how": "the export's SELECT, every row fetched (no COPY on SQLite)"
            }

    if not args.no_http:
        connection.close()
        log(f"  [{args.label}] throughput over gunicorn (2 workers, {profile['throughput_threads']} client threads)")
        out["throughput"] = {}
        try:
            with Gunicorn() as server:
                n, threads = profile["throughput_requests"], profile["throughput_threads"]
                targets = [
                    ("redirect GET / (student)", "/", cookies["student"], 302),
                    (entries.STUDENT_HOME, entries.PAGES[0].url(ctx), cookies["student"], 200),
                    (entries.SUPERVISOR_HOME, entries.PAGES[1].url(ctx), cookies["supervisor"], 200),
                ]
                for _name, path, cookie, status in targets:  # warm both workers
                    server.throughput(path, cookie, requests=2 * threads, threads=threads, expect=status)
                for name, path, cookie, status in targets:
                    out["throughput"][name] = server.throughput(
                        path, cookie, requests=n, threads=threads, expect=status
                    )
        except Exception as error:
            out["throughput"] = {"error": f"{type(error).__name__}: {error}"}
    return out


def floor_of(name, ctx, profile, explain_dir, rows) -> dict:
    from bench import entries
    from bench.harness import explain, repeat, run_statement, sequential_scans, summary

    statement, params = entries.floor_statement(name, ctx)
    floor = repeat(lambda: run_statement(statement, params), profile["floor_reps"])
    plan = explain([_inline(statement, params)])
    (explain_dir / f"floor-{slug(name)}.txt").write_text(f"{statement}\n{params}\n\n{plan[0]}")
    return summary(floor) | {"rows": len(run_statement(statement, params)), "seq_scans": sequential_scans(plan, rows)}


def _inline(sql: str, params: list) -> str:
    """The statement with its parameters written in (for EXPLAIN): they are ints and dates only."""
    parts = sql.split("%s")
    text = parts[0]
    for value, part in zip(params, parts[1:], strict=True):
        text += (str(value) if isinstance(value, int) else f"'{value.isoformat()}'") + part
    return text


def phase_writes(args) -> dict:
    """On a scratch copy: the matching end to end with a real Celery worker, the solver alone and the greedy
    baseline on the same input, and (on the 10k set) the import's memory in a fresh process."""
    from django.db import connection

    from bench import entries
    from bench.harness import CeleryWorker, client_for, measure_memory, repeat, session_cookie, summary

    profile = PROFILES[args.profile]
    ctx = entries.context_from_database()
    out = {"label": args.label, "matching": {}, "memory": {}}
    log_path = Path(args.results) / f"celery-worker-{args.label}.log"
    mode = entries.matching_mode()
    out["matching"]["mode"] = mode
    try:
        with CeleryWorker(log_path):
            out["worker"] = "ready"
            if entries.has("rounds.services.rotation_round_match"):
                client = client_for(session_cookie(ctx.national_leader))
                students = ctx.national_round.cohort.students.count()
                log(f"  [{args.label}] matching end to end ({mode}): {students} students")
                times = []
                for i in range(1 + profile["matching_reps"]):
                    entries.matching_reset(ctx)
                    seconds = entries.matching_end_to_end(client, ctx)
                    if i:
                        times.append(seconds)
                out["matching"]["end_to_end"] = summary(times)
    except Exception as error:
        out["matching"]["end_to_end"] = {"error": f"{type(error).__name__}: {error}"}

    if entries.has("rounds.matching.match"):
        from rounds import matching
        from rounds.services import matching_input

        entries.matching_reset(ctx)
        students, assignments, supervisors = matching_input(ctx.national_round)
        log(f"  [{args.label}] solver and greedy on {len(students)} students x {len(assignments)} assignments")
        out["matching"]["input"] = {
            "students": len(students),
            "assignments": len(assignments),
            "capacity": sum(a.capacity for a in assignments),
        }
        for name, func in (("solver", matching.match), ("greedy", matching.greedy_baseline)):
            result = func(students, assignments, supervisors)  # the warm-up: OR-Tools imported here, untimed
            times = repeat(lambda func=func: func(students, assignments, supervisors), profile["solver_reps"], 0)
            out["matching"][name] = summary(times) | {"quality": entries.quality(result)}

    if args.memory:
        connection.close()
        log(f"  [{args.label}] import of {profile['import_rows']} students in a fresh worker process")
        name = "import 10k students (fresh worker)"
        out["memory"][name] = measure_memory(name, extra=["--rows", str(profile["import_rows"])])
    return out


# --- the parent ---------------------------------------------------------------------------------


def child(phase: str, url: str, label: str, args, results: Path, *extra) -> dict:
    out_file = results / f"{phase}-{label}.json"
    cmd = [sys.executable, "-m", "bench.run", "--phase", phase, "--label", label, "--results", str(results)]
    cmd += ["--out", str(out_file), "--profile", "quick" if args.quick else "full", *extra]
    if args.no_http:
        cmd.append("--no-http")
    done = subprocess.run(cmd, cwd=BASE_DIR, env=os.environ | {"DATABASE_URL": url})
    if done.returncode != 0 or not out_file.is_file():
        return {"error": f"the {phase} phase of {label} stopped with exit status {done.returncode} (see above)"}
    return json.loads(out_file.read_text())


def collectstatic(root: Path) -> dict:
    started = time.perf_counter()
    cmd = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_STATIC_ROOT": str(root)}
    done = subprocess.run(cmd, cwd=BASE_DIR, env=env, capture_output=True, text=True)
    seconds = round(time.perf_counter() - started, 1)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"pass": False, "seconds": seconds, "error": tail}
    files = sum(1 for _ in root.rglob("*") if _.is_file())
    manifest = (root / "staticfiles.json").is_file()
    return {"pass": manifest, "seconds": seconds, "files": files, "manifest": manifest}


def prepare_static(root: Path) -> dict:
    """collectstatic into root for this process and its children; when it fails, the pages are served
    with the manifest not strict (BENCH_STATIC_NOT_STRICT) so they can still be measured."""
    os.environ["BENCH_STATIC_ROOT"] = str(root)
    result = collectstatic(root)
    if not result["pass"]:
        os.environ["BENCH_STATIC_NOT_STRICT"] = "1"
    return result


def run(args) -> dict:
    from bench import datasets
    from bench.datasets import bench_environment

    started = time.perf_counter()
    stamp = time.strftime("%Y%m%dT%H%M%S")
    results = Path(os.environ.get("BENCH_RESULTS_DIR") or BASE_DIR / "bench" / "results") / stamp
    results.mkdir(parents=True, exist_ok=True)
    var_dir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    os.environ.update(bench_environment())
    os.environ |= {
        "BENCH_STATIC_ROOT": str(var_dir / "static"),
        "PORTAL_VAR_DIR": str(var_dir / "var"),
        "BENCH_QUEUE": f"bench-{os.getpid()}",
    }
    small = float(os.environ.get("BENCH_SCALE") or (0.02 if args.quick else 1.0))
    scales = {"small": small, "large": small * 10}
    if args.only:
        scales = {k: v for k, v in scales.items() if datasets.label(v) == args.only or k == args.only}
        if not scales:
            sizes = f"{datasets.label(small)} and {datasets.label(small * 10)}"
            sys.exit(f"--only {args.only}: the sizes of this run are {sizes}")
    base = datasets.base_url()
    out = {"run": stamp, "database": "sqlite" if datasets.is_sqlite(base) else "postgresql", "sizes": {}}
    log(f"bench run {stamp}: {', '.join(datasets.label(s) for s in scales.values())} on {out['database']}")
    log("collectstatic (manifest storage, as production) ...")
    out["static"] = prepare_static(var_dir / "static")
    log(f"  {out['static']}")
    if not out["static"]["pass"]:
        log("  collectstatic FAILED: production would answer every page with an error. The pages are measured")
        log("  with the files it copied under their own names (WHITENOISE_MANIFEST_STRICT off).")
    for key, scale in scales.items():
        label = datasets.label(scale)
        gen_started = time.perf_counter()
        url, marker = datasets.ensure(scale, regenerate=args.regenerate, log=log)
        size = {"label": label, "scale": scale, "url_name": datasets.database_name(url), "marker": marker}
        size["generate_seconds"] = round(time.perf_counter() - gen_started, 1)
        log(f"measuring {label} (reads) ...")
        size["reads"] = child("reads", url, label, args, results)
        scratch = datasets.with_suffix(url, "scratch")
        log(f"measuring {label} (writes, on a scratch copy {datasets.database_name(scratch)}) ...")
        size["copy_seconds"] = round(datasets.copy(url, scratch), 1)
        try:
            extra = ["--memory"] if key == "small" else []
            size["writes"] = child("writes", scratch, label, args, results, *extra)
        finally:
            datasets.drop(scratch)
        if key == "small":
            from bench.harness import measure_memory

            size["memory"] = {}
            for name in ("export CSV (fresh worker)", "export XLSX (fresh worker)"):
                log(f"  [{label}] {name}")
                size["memory"][name] = measure_memory(name, url=url)
        out["sizes"][key] = size
    shutil.rmtree(var_dir, ignore_errors=True)
    out["seconds"] = round(time.perf_counter() - started, 1)
    out["rows"] = rows(out)
    (results / "results.json").write_text(json.dumps(out, indent=2, default=str))
    print_table(out)
    log(f"\nwrote {results}/ (results.json, explain/, the worker's log) in {out['seconds']} s")
    return out


# --- rows and the table ------------------------------------------------------------------------------


def _p50(d):
    return d.get("p50_ms") if isinstance(d, dict) else None


def rows(out: dict) -> list[dict]:
    """Every row of the table: section, name, figures, target, verdict (pass, FAIL, ERROR, or '' for none)."""
    from bench import entries

    table = []
    small, large = out["sizes"].get("small"), out["sizes"].get("large")

    def page(size, name):
        return ((size or {}).get("reads") or {}).get("pages", {}).get(name, {})

    # 1. growth
    if small and large:
        for p in entries.PAGES:
            if p.kind == "peer":
                continue
            target = entries.GROWTH_PERSONAL if p.kind == "personal" else entries.GROWTH_LEADER
            a, b = page(small, p.name), page(large, p.name)
            row = {"section": "1 growth", "name": p.name, "target": f"< {target:g}x"}
            if "status" in a or "status" in b:
                row |= {"figure": a.get("status") or b.get("status"), "verdict": ""}
            elif "page" not in a or "page" not in b:
                row |= {"figure": a.get("error") or b.get("error") or "not measured", "verdict": "ERROR"}
            else:
                ratio = b["page"]["p50_ms"] / a["page"]["p50_ms"]
                row |= {
                    "figure": f"{a['page']['p50_ms']:.1f} -> {b['page']['p50_ms']:.1f} ms p50 = {ratio:.2f}x",
                    "value": round(ratio, 2),
                    "verdict": "pass" if ratio < target else "FAIL",
                }
            table.append(row)
    for _key, size in out["sizes"].items():
        label = size["label"]
        reads = size.get("reads") or {}
        if "error" in reads:
            table.append({"section": f"- {label}", "name": "reads phase", "figure": reads["error"], "verdict": "ERROR"})
        # 2. peer
        mine, admin = page(size, entries.ADMIN_LIST), page(size, entries.ADMIN_CHANGELIST)
        row = {"section": f"2 peer {label}", "name": "placements list vs admin changelist (administrator)"}
        row["target"] = f"<= {entries.PEER_TARGET:g}"
        if _p50(mine.get("page")) and _p50(admin.get("page")):
            ratio = mine["page"]["p50_ms"] / admin["page"]["p50_ms"]
            row |= {
                "figure": f"{mine['page']['p50_ms']:.1f} vs {admin['page']['p50_ms']:.1f} ms p50 = {ratio:.2f}",
                "value": round(ratio, 2),
                "verdict": "pass" if ratio <= entries.PEER_TARGET else "FAIL",
            }
        else:
            row |= {"figure": mine.get("error") or admin.get("error") or "missing", "verdict": "ERROR"}
        table.append(row)
        # 3. floors
        for name in entries.FLOORED:
            p = page(size, name)
            row = {"section": f"3 floor {label}", "name": name, "target": "<= 3x"}
            if _p50(p.get("floor")):
                ratio = p["sql"]["p50_ms"] / max(p["floor"]["p50_ms"], 0.001)
                seq = ", ".join(p["seq_scans"]) or "none"
                row |= {
                    "figure": f"SQL {p['sql']['p50_ms']:.1f} ms ({p['queries']} q) vs floor"
                    f" {p['floor']['p50_ms']:.1f} ms = {ratio:.2f}x; seq scans: {seq}",
                    "value": round(ratio, 2),
                    "verdict": "pass" if ratio <= 3.0 else "FAIL",
                }
            else:
                row |= {
                    "figure": p.get("status") or p.get("error") or "missing",
                    "verdict": "" if "status" in p else "ERROR",
                }
            table.append(row)
        # 4. matching
        writes = size.get("writes") or {}
        m = writes.get("matching", {})
        e2e, solver, greedy = m.get("end_to_end", {}), m.get("solver", {}), m.get("greedy", {})
        limit = entries.MATCHING_TARGET_S.get(label)
        inp = m.get("input", {})
        name = f"end to end ({m.get('mode', '?')}), {inp.get('students', '?')} x {inp.get('assignments', '?')}"
        row = {"section": f"4 matching {label}", "name": name, "target": f"< {limit:g} s" if limit else "-"}
        if _p50(e2e):
            ok = limit is None or e2e["p50_ms"] < limit * 1000
            row |= {
                "figure": f"{e2e['p50_ms'] / 1000:.2f} s p50 ({e2e['p95_ms'] / 1000:.2f} p95)",
                "verdict": "pass" if ok else "FAIL",
            }
            if limit is None:
                row["verdict"] = ""
        else:
            row |= {"figure": e2e.get("error") or writes.get("error") or "missing", "verdict": "ERROR"}
        table.append(row)
        if _p50(solver) and _p50(greedy):
            points = solver["quality"]["top3_pct"] - greedy["quality"]["top3_pct"]
            for nm, d in (("solver alone (rounds.matching.match)", solver), ("greedy baseline", greedy)):
                q = d["quality"]
                row = {
                    "section": f"4 matching {label}",
                    "name": nm,
                    "figure": f"{d['p50_ms'] / 1000:.2f} s p50; 1st {q['first_pct']}%, top-3 {q['top3_pct']}%,"
                    f" unplaced {q['unplaced_pct']}%",
                    "target": f">= +{entries.MATCHING_TOP3_POINTS:g} pts top-3"
                    if nm.startswith("solver")
                    else "baseline",
                    "verdict": ("pass" if points >= entries.MATCHING_TOP3_POINTS else "FAIL")
                    if nm.startswith("solver")
                    else "",
                }
                if nm.startswith("solver"):
                    row["figure"] += f" ({points:+.1f} pts top-3 over greedy)"
                table.append(row)
        # 5. daily jobs
        for name, j in (reads.get("jobs") or {}).items():
            row = {"section": f"5 daily {label}", "name": name, "target": f"< {entries.JOB_TARGET_S:g} s"}
            if _p50(j):
                row |= {
                    "figure": f"{j['p50_ms'] / 1000:.2f} s p50 ({j['p95_ms'] / 1000:.2f} p95), {j['due_items']} due",
                    "verdict": "pass" if j["p50_ms"] < entries.JOB_TARGET_S * 1000 else "FAIL",
                }
            else:
                row |= {"figure": j.get("status") or j.get("error"), "verdict": "" if "status" in j else "ERROR"}
            table.append(row)
        # 6. exports
        exports = reads.get("exports") or {}
        floor = exports.get("floor", {})
        for fmt in ("csv", "xlsx"):
            e = exports.get(fmt)
            if e is None:
                continue
            row = {"section": f"6 export {label}", "name": f"placements export {fmt.upper()}", "target": "<= 5x"}
            if _p50(e) and _p50(floor):
                ratio = e["p50_ms"] / floor["p50_ms"]
                row |= {
                    "figure": f"{e['rows']} rows {e['p50_ms']:.0f} ms vs floor {floor['p50_ms']:.0f} ms = {ratio:.2f}x",
                    "value": round(ratio, 2),
                    "verdict": "pass" if ratio <= entries.EXPORT_TARGET else "FAIL",
                }
            else:
                row |= {"figure": e.get("error") or "no floor", "verdict": "ERROR"}
            table.append(row)
        # 7. memory
        mem = dict(size.get("memory") or {}) | ((writes.get("memory")) or {})
        for name, figures in mem.items():
            row = {"section": f"7 memory {label}", "name": name, "target": "< 200 MB"}
            if "peak_mib" in figures:
                ok = figures["peak_mib"] * 2**20 < 200e6
                row |= {
                    "figure": f"peak {figures['peak_mib']:.0f} MiB (baseline {figures['baseline_mib']:.0f}),"
                    f" {figures.get('rows', '?')} rows in {figures['seconds']:.1f} s",
                    "verdict": "pass" if ok else "FAIL",
                }
            else:
                row |= {"figure": figures.get("error") or figures.get("status"), "verdict": "ERROR"}
            table.append(row)
        # 8. throughput
        tp = reads.get("throughput") or {}
        redirect = tp.get("redirect GET / (student)", {})
        for name in (entries.STUDENT_HOME, entries.SUPERVISOR_HOME):
            row = {"section": f"8 throughput {label}", "name": name, "target": ">= 5% of redirect"}
            if "error" in tp:
                row |= {"figure": tp["error"], "verdict": "ERROR"}
            elif name in tp and redirect:
                share = tp[name]["rps"] / redirect["rps"]
                row |= {
                    "figure": f"{tp[name]['rps']:.1f} req/s vs redirect {redirect['rps']:.1f} = {100 * share:.0f}%",
                    "value": round(share, 3),
                    "verdict": "pass" if share >= entries.THROUGHPUT_SHARE else "FAIL",
                }
            else:
                continue
            table.append(row)
    return table


def print_table(out: dict) -> None:
    static = out.get("static", {})
    print(f"\nstatic: collectstatic with the manifest storage {'pass' if static.get('pass') else 'FAIL'} {static}")
    for _key, size in out.get("sizes", {}).items():
        marker = size.get("marker") or {}
        print(
            f"data set {size['label']} ({size['url_name']}): {marker.get('sizes')},"
            f" {marker.get('placements')} placements, {marker.get('answers')} answers;"
            f" generated in {marker.get('seconds')} s on {marker.get('generated_at')}"
        )
        reads = size.get("reads") or {}
        print(f"  pages ({size['label']}), ms:  p50 / p95 / SQL p50 / queries / seq scans of tables > 10,000 rows")
        for name, p in (reads.get("pages") or {}).items():
            if "page" in p:
                print(
                    f"    {name:44} {p['page']['p50_ms']:8.1f} {p['page']['p95_ms']:8.1f} {p['sql']['p50_ms']:8.1f}"
                    f" {p['queries']:4}  {', '.join(p['seq_scans']) or '-'}"
                )
            else:
                print(f"    {name:44} {p.get('status') or 'ERROR ' + str(p.get('error'))}")
    table = out.get("rows") or []
    if table:
        width = max(len(r["name"]) for r in table)
        print()
        section = None
        for r in table:
            if r["section"] != section:
                section = r["section"]
                print(f"{section}")
            print(f"  {r['name']:{width}}  {r.get('figure', '')}  [{r.get('target', '')}] {r.get('verdict', '')}")
    verdicts = [r.get("verdict") for r in table]
    failed = [f"{r['section']}: {r['name']}" for r in table if r.get("verdict") in ("FAIL", "ERROR")]
    if not static.get("pass"):
        failed.insert(0, "static")
    print(f"\ntargets: {verdicts.count('pass')} pass, {len(failed)} fail{': ' + '; '.join(failed) if failed else ''}")
    if "large" not in out.get("sizes", {}):
        print("(one size only: no growth row)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="two tiny data sets and few repetitions (a smoke run)")
    parser.add_argument("--only", help="one data set: its label (10k, 100k) or small/large")
    parser.add_argument("--regenerate", action="store_true", help="generate the data sets again")
    parser.add_argument("--no-http", action="store_true", help="skip gunicorn (no throughput row)")
    parser.add_argument("--phase", choices=["reads", "writes"], help=argparse.SUPPRESS)
    parser.add_argument("--label", help=argparse.SUPPRESS)
    parser.add_argument("--results", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--profile", default="full", help=argparse.SUPPRESS)
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        setup_django(os.environ["DATABASE_URL"])
        out = (phase_reads if args.phase == "reads" else phase_writes)(args)
        Path(args.out).write_text(json.dumps(out, default=str))
        return out
    return run(args)


if __name__ == "__main__":
    main()
