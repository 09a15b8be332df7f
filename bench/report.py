#!/usr/bin/env python3
"""Accuracy and timing report for bench/compare.

For every cell directory given, loads the data and every tool's path (JSON written by
run_glmnet.R, run_python.py and shrink-bench-fit), evaluates at each lambda the objective

    F(b0, b) = (1/2) mean((y - b0 - X b)^2) + lambda * sum_j |b_j sd_j|      (sd: population sd)

and reports, per tool, the median time and the largest relative excess
(F_tool - F_ref) / F_ref along the path, where F_ref is the smallest objective any tool reached
at that lambda (the thresh = 1e-14 glmnet run is among them).

    report.py --out RESULTS.md CELLDIR [CELLDIR ...]
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess

import numpy as np

# Display order; the first is the timing baseline.
ORDER = ["glmnet", "glmnet-ref", "glmnet-matched", "shrink", "shrink-cli", "sklearn", "sklearn-matched", "celer",
         "celer-matched", "skglm", "skglm-matched"]
FILES = {"glmnet": "glmnet.json", "glmnet-ref": "glmnet_ref.json", "glmnet-matched": "glmnet_matched.json", "shrink": "shrink.json", "shrink-cli": "shrink_cli.json",
         "sklearn": "sklearn.json", "celer": "celer.json", "skglm": "skglm.json"}
LABEL = {"glmnet": "glmnet (thresh 1e-7)", "glmnet-ref": "glmnet (thresh 1e-14, ref.)",
         "glmnet-matched": "glmnet (matched: excess <= 1e-7)",
         "shrink": "Shrink", "shrink-cli": "shrink fit (CLI)", "sklearn": "sklearn lasso_path", "celer": "celer", "skglm": "skglm",
         "sklearn-matched": "sklearn lasso_path (matched: excess <= 1e-7)", "celer-matched": "celer (matched)",
         "skglm-matched": "skglm (matched)"}


def run(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception:
        return ""


def environment():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    versions = {}
    versions["R"] = run(["Rscript", "-e", "cat(R.version$major, R.version$minor, sep='.')"])
    versions["glmnet"] = run(["Rscript", "-e", "cat(as.character(packageVersion('glmnet')))"])
    for mod in ["numpy", "sklearn", "celer", "skglm"]:
        try:
            versions[mod] = __import__(mod).__version__
        except Exception:
            versions[mod] = "not installed"
    sv = run(["swift", "--version"]).splitlines()
    versions["swift"] = sv[0] if sv else ""
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "versions": versions,
        "commit": run(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "rev-parse", "--short", "HEAD"]),
        "dirty": bool(run(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "status", "--porcelain",
                           "--", "../Sources", "../Package.swift"])),
    }


def dense(point, p):
    b = np.zeros(p)
    if "coefficients" in point:
        b[:] = point["coefficients"]
    else:
        idx = np.atleast_1d(np.asarray(point["indices"], dtype=int))
        val = np.atleast_1d(np.asarray(point["values"], dtype=float))
        b[idx] = val
    return b


def objectives(X, y, sd, path):
    n, p = X.shape
    B = np.column_stack([dense(pt, p) for pt in path]) if path else np.zeros((p, 0))
    b0 = np.array([pt["intercept"] for pt in path])
    lam = np.array([pt["lambda"] for pt in path])
    R = y[:, None] - b0[None, :] - X @ B
    return 0.5 * np.mean(R * R, axis=0) + lam * np.abs(B * sd[:, None]).sum(axis=0)


def times_of(doc, tool):
    if tool.startswith("shrink") and "fitSeconds" in doc:
        t = doc["fitSeconds"]
        return t[1:] if len(t) > 1 else t  # the first fit is a warm-up
    t = doc["times"]
    return t if isinstance(t, list) else [t]


def tools_in(cell):
    """The display order: ORDER, with any extra Shrink runs (shrink_tol<T>.json) after Shrink."""
    extra = sorted(f[:-5] for f in os.listdir(cell) if f.startswith("shrink_tol") and f.endswith(".json"))
    names = []
    for t in ORDER:
        names.append(t)
        if t == "shrink":
            names += [e.replace("_", "-") for e in extra]
    return names


def file_of(tool):
    return FILES.get(tool, tool.replace("-", "_", 1) + ".json")


def label_of(tool):
    if tool.startswith("shrink-tol"):
        return f"Shrink (tolerance {tool[len('shrink-tol'):]})"
    return LABEL[tool]


def analyse(cell):
    d = np.load(os.path.join(cell, "data.npz"))
    X, y = d["X"], d["y"]
    sd = X.std(axis=0)
    lambdas = np.loadtxt(os.path.join(cell, "lambdas.txt"), ndmin=1)
    rows = {}
    F = {}
    order = tools_in(cell)
    for tool in order:
        f = os.path.join(cell, file_of(tool))
        if not os.path.exists(f):
            continue
        with open(f) as fh:
            doc = json.load(fh)
        path = doc["path"]
        lam = np.array([pt["lambda"] for pt in path])
        info = {"times": times_of(doc, tool), "points": len(path), "doc": doc}
        if "npasses" in doc:
            info["npasses"] = doc["npasses"]
        if "thresh" in doc:
            info["thresh"] = doc["thresh"]
        if "tol" in doc:
            info["tol"] = doc["tol"]
        if len(path) != len(lambdas) or not np.allclose(lam, lambdas, rtol=1e-12, atol=0):
            info["note"] = f"path has {len(path)} points / different lambdas"
            rows[tool] = info
            continue
        F[tool] = objectives(X, y, sd, path)
        rows[tool] = info
    ref = np.min(np.vstack(list(F.values())), axis=0)
    for tool, fv in F.items():
        excess = (fv - ref) / ref
        k = int(np.argmax(excess))
        rows[tool]["excess"] = float(excess[k])
        rows[tool]["excess_at"] = k
        rows[tool]["excess_median"] = float(np.median(excess))
    for tool in [t for t in rows if t.startswith("shrink") and t in F and "fitSeconds" in rows[t]["doc"]]:
        doc = rows[tool]["doc"]
        reported = np.array([pt["objective"] for pt in doc["path"]])
        rows[tool]["objective_self_error"] = float(np.max(np.abs(reported - F[tool]) / F[tool]))
        rows[tool]["unconverged"] = sum(1 for pt in doc["path"] if not pt.get("converged", True))
        gaps = [pt["dualityGap"] for pt in doc["path"] if pt.get("dualityGap") is not None]
        rows[tool]["max_gap"] = max(gaps) if gaps else None
        rows[tool]["solver"] = doc.get("solver")
        rows[tool]["passes"] = sum(pt.get("passes", 0) for pt in doc["path"])
    if "shrink" in rows and "shrink" in F:
        wall = os.path.join(cell, "shrink_wall.json")
        if os.path.exists(wall):
            with open(wall) as fh:
                rows["shrink"]["wall"] = statistics.median(json.load(fh)["results"][0]["times"])
        rows["shrink"]["parse"] = rows["shrink"]["doc"].get("parseSeconds")
    cli_wall = os.path.join(cell, "shrink_cli_wall.json")
    if "shrink-cli" in rows and os.path.exists(cli_wall):
        with open(cli_wall) as fh:
            rows["shrink-cli"]["wall"] = statistics.median(json.load(fh)["results"][0]["times"])
    for r in rows.values():
        r.pop("doc", None)
    return {"cell": os.path.basename(os.path.normpath(cell)), "n": X.shape[0], "p": X.shape[1],
            "lambdas": len(lambdas), "order": [t for t in order if t in rows], "tools": rows}


def fmt_time(t):
    return f"{t:.3g}" if t >= 1e-3 else f"{t:.2e}"


def fmt_excess(e):
    return "0" if e == 0 else f"{e:.1e}"


def table(results):
    out = ["| N, p, rho (path length) | tool | median time (s) | ratio to glmnet | max rel. objective excess | notes |",
           "|---|---|---:|---:|---:|---|"]
    for res in results:
        base = res["tools"].get("glmnet")
        base_t = statistics.median(base["times"]) if base else None
        matched = res["tools"].get("glmnet-matched")
        matched_t = statistics.median(matched["times"]) if matched else None
        for tool in res["order"]:
            r = res["tools"].get(tool)
            if r is None:
                continue
            t = statistics.median(r["times"])
            ratio = f"{t / base_t:.2f}" if base_t else ""
            exc = fmt_excess(r["excess"]) if "excess" in r else "n/a"
            notes = []
            if tool == "glmnet-ref":
                notes.append("timed once")
            if tool in ("glmnet", "glmnet-ref", "glmnet-matched") and "npasses" in r:
                notes.append(f"{r['npasses']} passes")
            if tool == "glmnet-matched" and "thresh" in r:
                notes.append(f"thresh {r['thresh']:g}")
            if tool.startswith("shrink") and matched_t and r.get("excess", 1) <= 1e-7:
                notes.append(f"**{t / matched_t:.2f}x glmnet at matched accuracy**")
            if tool.startswith("shrink") and r.get("solver"):
                notes.append(f"{r.get('solver')}, {r.get('passes')} passes")
            if tool == "shrink" and r.get("wall") is not None:
                notes.append(f"shrink-bench-fit process {fmt_time(r['wall'])} s (CSV parse {fmt_time(r['parse'])} s)")
            if tool == "shrink-cli" and r.get("wall") is not None:
                notes.append(f"process wall {fmt_time(r['wall'])} s")
            if tool.startswith("shrink"):
                if r.get("unconverged"):
                    notes.append(f"**{r['unconverged']} points not converged**")
                if r.get("objective_self_error") is not None and r["objective_self_error"] > 1e-9:
                    notes.append(f"**reported objective off by {r['objective_self_error']:.1e}**")
            if "excess" in r and r["excess"] > 0:
                notes.append(f"worst at lambda #{r['excess_at'] + 1}")
            if "note" in r:
                notes.append(r["note"])
            out.append(f"| {res['n']}, {res['p']}, {res['rho']} ({res['lambdas']} λ) | {label_of(tool)} | {fmt_time(t)} | "
                       f"{ratio} | {exc} | {'; '.join(notes)} |")
    return "\n".join(out)


def speedup_table(results, peers, title, pick, shrink_pick=lambda res: (res["tools"].get("shrink"), "")):
    """One speed-up table: per cell, `shrink_pick(res)` gives Shrink's run and a label for it (or
    None); per cell and peer, `pick(res, peer, shrink)` gives the peer's run to time and its label,
    or (None, text) for a cell without one."""
    out = ["", "", title, "",
           "| N, p, rho | Shrink (s) | " + " | ".join(f"{LABEL[t]}" for t in peers) + " |",
           "|---|---:|" + "---:|" * len(peers)]
    low = {t: [] for t in peers}
    for res in results:
        s, shrink_label = shrink_pick(res)
        if s is None:
            continue
        st = statistics.median(s["times"])
        cells = []
        for t in peers:
            run, label = pick(res, t, s)
            if run is None:
                cells.append(label)
                continue
            x = statistics.median(run["times"]) / st
            low[t].append(x)
            cells.append(f"{x:.1f}x ({label})")
        out.append(f"| {res['n']}, {res['p']}, {res['rho']} | {fmt_time(st)}{shrink_label} | " + " | ".join(cells) + " |")
    out.append("| smallest speed-up | | " + " | ".join(f"{min(low[t]):.1f}x" if low[t] else "" for t in peers) + " |")
    return out


def speedups(results):
    """Shrink's speed-up over each Python peer per cell (peer time / Shrink time, medians): each peer
    at its own default, with both sides' accuracy; then every tool at matched accuracy (excess
    <= 1e-7): there Shrink's fastest library run that reaches it (its default or a
    --shrink-tolerances run), as for the peers."""
    peers = [t for t in ("sklearn", "celer", "skglm") if any(t in r["tools"] for r in results)]
    if not peers:
        return ""

    def default(res, t, s):
        r = res["tools"].get(t)
        return (r, f"{fmt_excess(r['excess'])} vs {fmt_excess(s['excess'])}") if r else (None, "")

    def matched(res, t, s):
        # The peer's default run if it qualifies, else the loosest tolerance of run_python.py's sweep
        # that does.
        r, m = res["tools"].get(t), res["tools"].get(f"{t}-matched")
        if r is None:
            return None, ""
        if r.get("excess", 1) <= 1e-7:
            return r, "default"
        if m is not None and m.get("excess", 1) <= 1e-7:
            return m, f"tol {m.get('tol', '?'):g}"
        return None, "none"

    def shrink_matched(res):
        # Shrink's fastest library run (default or --shrink-tolerances) with excess <= 1e-7.
        runs = [(statistics.median(r["times"]), tool, r) for tool, r in res["tools"].items()
                if (tool == "shrink" or tool.startswith("shrink-tol")) and r.get("excess", 1) <= 1e-7]
        if not runs:
            return None, ""
        _, tool, r = min(runs, key=lambda x: x[0])
        return r, "" if tool == "shrink" else f" (tol {tool[len('shrink-tol'):]})"

    out = speedup_table(
        results, peers, "Shrink's speed-up over the Python peers (peer time / Shrink time; Shrink at its default "
        "tolerance, each peer at its own; in brackets each one's max rel. objective excess):", default)
    out += speedup_table(
        results, peers, "At matched accuracy (issue 8: every tool at max rel. objective excess <= 1e-7): each "
        "peer's default run if it qualifies, else its `<tool>-matched` run (the loosest tolerance reaching it; "
        "\"none\": the sweep gave up); Shrink's fastest run reaching it (its default tolerance unless "
        "marked):", matched, shrink_pick=shrink_matched)
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--mode", default="")
    ap.add_argument("--reps", default="")
    ap.add_argument("cells", nargs="+")
    a = ap.parse_args()
    env = environment()
    results = []
    for c in a.cells:
        res = analyse(c)
        with open(os.path.join(c, "cell.json")) as fh:
            res.update(json.load(fh))
        results.append(res)
    v = env["versions"]
    head = [
        f"# bench/compare results ({a.mode})" if a.mode else "# bench/compare results",
        "",
        f"- date: {env['date']}" + (f", commit {env['commit']}" if env["commit"] else "")
        + (" with uncommitted changes to Sources/" if env["dirty"] else ""),
        f"- machine: {env['nproc']} cores, {env['cpu']}, Linux {env['kernel']}",
        f"- versions: {v['swift']}; R {v['R']}, glmnet {v['glmnet']}; Python {env['python']}, numpy {v['numpy']}, "
        f"scikit-learn {v['sklearn']}, celer {v['celer']}, skglm {v['skglm']}",
        f"- timing: median of {a.reps} repetitions after one warm-up; glmnet: the glmnet() call; Shrink: "
        "RegularizationPath.fitSeconds (data already in memory); Python: standardization + path call",
        "- accuracy: max over the path of (F_tool - F_best) / F_best, F = (1/2) mean((y - b0 - Xb)^2) + "
        "lambda sum |b_j sd_j|, F_best the smallest objective any tool reached at that lambda",
        "",
        "",
    ]
    md = "\n".join(head) + table(results) + speedups(results) + "\n"
    with open(a.out, "w") as f:
        f.write(md)
    with open(os.path.splitext(a.out)[0] + ".json", "w") as f:
        json.dump({"environment": env, "results": results}, f, indent=1)
    print(md)


if __name__ == "__main__":
    main()
