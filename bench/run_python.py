#!/usr/bin/env python3
"""Python lasso solvers on one cell, on glmnet's lambda grid.

All of them minimise (1/(2n)) ||y - Xw||^2 + alpha ||w||_1 without intercept, so they run on
X standardized by its population sd and centered y, with alpha = lambda (glmnet's scale); the
coefficients are then put back on the original scale (b_j = w_j / sd_j, b0 = ybar - xbar'b).
The timed region is the standardization plus the path call; one untimed warm-up call first
(numba compilation for skglm, imports and caches for the others).

    run_python.py CELLDIR REPS [TOOL ...]     TOOL in sklearn, celer, skglm (default: all available)
Writes CELLDIR/<tool>.json.

Matched accuracy (issue 8: every tool at relative objective excess <= 1e-7): when a tool's default
run misses it against the cell's glmnet reference (glmnet_ref.json, thresh 1e-14), its tolerance
is tightened through 1e-6, 1e-8, 1e-10, 1e-12 (iteration limits raised so that the tolerance, not the
limit, ends each solve) until one run reaches it; that tolerance is then timed like the default
and written to CELLDIR/<tool>_matched.json. A candidate run longer than SWEEP_BUDGET seconds (120)
ends the sweep (no matched row). Set SHRINK_BENCH_NO_MATCHED=1 to skip the sweep.
"""
import json
import os
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")  # ConvergenceWarning floods at small lambdas


def standardize(X, y):
    xbar = X.mean(axis=0)
    sd = X.std(axis=0)  # population sd, as glmnet
    Xs = (X - xbar) / sd
    ybar = y.mean()
    return Xs, y - ybar, xbar, sd, ybar


def run_sklearn(X, y, lambdas, tol=None):
    from sklearn.linear_model import lasso_path
    Xs, yc, xbar, sd, ybar = standardize(X, y)
    Xs = np.asfortranarray(Xs)
    extra = {} if tol is None else {"tol": tol, "max_iter": 1_000_000}
    _, coefs, _ = lasso_path(Xs, yc, alphas=lambdas, **extra)
    return coefs, xbar, sd, ybar


def run_celer(X, y, lambdas, tol=None):
    from celer import celer_path
    Xs, yc, xbar, sd, ybar = standardize(X, y)
    Xs = np.asfortranarray(Xs)
    extra = {} if tol is None else {"tol": tol, "max_iter": 1000, "max_epochs": 1_000_000}
    _, coefs, _ = celer_path(Xs, yc, "lasso", alphas=lambdas, **extra)
    return coefs, xbar, sd, ybar


def run_skglm(X, y, lambdas, tol=None):
    from skglm import Lasso
    Xs, yc, xbar, sd, ybar = standardize(X, y)
    Xs = np.asfortranarray(Xs)
    extra = {} if tol is None else {"tol": tol, "max_iter": 1000, "max_epochs": 1_000_000}
    res = Lasso(fit_intercept=False, **extra).path(Xs, yc, lambdas)
    coefs = res[1]
    return coefs, xbar, sd, ybar


SWEEP = [1e-6, 1e-8, 1e-10, 1e-12]
SWEEP_BUDGET = 120.0


def path_of(coefs, xbar, sd, ybar, lambdas, p):
    coefs = np.asarray(coefs)
    if coefs.shape[0] != p:
        coefs = coefs.T
    path = []
    for k, lam in enumerate(lambdas):
        b = coefs[:, k] / sd
        nz = np.flatnonzero(b)
        path.append({"lambda": float(lam), "intercept": float(ybar - xbar @ b),
                     "indices": nz.tolist(), "values": b[nz].tolist()})
    return path


def objectives(path, X, y, sd):
    """bench/report.py's objective at every point: (1/2) mean(r^2) + lambda sum |b_j sd_j|."""
    out = []
    for pt in path:
        idx = np.asarray(pt["indices"], dtype=int)
        vals = np.asarray(pt["values"], dtype=float)
        r = y - pt["intercept"] - (X[:, idx] @ vals if idx.size else 0.0)
        out.append(0.5 * np.mean(r * r) + pt["lambda"] * np.sum(np.abs(vals * sd[idx])))
    return np.asarray(out)


def excess(path, reference, X, y, sd):
    f = objectives(path, X, y, sd)
    return float(np.max((f - reference) / reference))


def timed(fn, X, y, lambdas, reps, tol=None):
    times, result = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        result = fn(X, y, lambdas, tol) if tol is not None else fn(X, y, lambdas)
        times.append(time.perf_counter() - t0)
    return times, result


TOOLS = {"sklearn": run_sklearn, "celer": run_celer, "skglm": run_skglm}


def available(name):
    try:
        __import__({"sklearn": "sklearn", "celer": "celer", "skglm": "skglm"}[name])
        return True
    except Exception:
        return False


def main():
    cell = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    tools = sys.argv[3:] or [t for t in TOOLS if available(t)]
    d = np.load(os.path.join(cell, "data.npz"))
    X, y = d["X"], d["y"]
    lambdas = np.loadtxt(os.path.join(cell, "lambdas.txt"), ndmin=1)
    p = X.shape[1]
    sd = X.std(axis=0)
    ref_file = os.path.join(cell, "glmnet_ref.json")
    reference = None
    if os.path.exists(ref_file) and not os.environ.get("SHRINK_BENCH_NO_MATCHED"):
        reference = objectives(json.load(open(ref_file))["path"], X, y, sd)
    for name in tools:
        if not available(name):
            print(f"run_python: {name} is not installed, skipped", file=sys.stderr)
            continue
        fn = TOOLS[name]
        fn(X, y, lambdas)  # warm-up
        times, result = timed(fn, X, y, lambdas, reps)
        path = path_of(*result, lambdas, p)
        with open(os.path.join(cell, f"{name}.json"), "w") as f:
            json.dump({"tool": name, "times": times, "path": path}, f)
        matched_file = os.path.join(cell, f"{name}_matched.json")
        if os.path.exists(matched_file):
            os.remove(matched_file)
        if reference is None or excess(path, reference, X, y, sd) <= 1e-7:
            continue
        for tol in SWEEP:
            t0 = time.perf_counter()
            candidate = path_of(*fn(X, y, lambdas, tol), lambdas, p)
            spent = time.perf_counter() - t0
            if excess(candidate, reference, X, y, sd) <= 1e-7:
                times, result = timed(fn, X, y, lambdas, reps, tol)
                with open(matched_file, "w") as f:
                    json.dump({"tool": f"{name}-matched", "tol": tol, "times": times,
                               "path": path_of(*result, lambdas, p)}, f)
                break
            if spent > SWEEP_BUDGET:
                print(f"run_python: {name} at tol {tol:g} took {spent:.0f} s without reaching excess 1e-7; "
                      "no matched run", file=sys.stderr)
                break


if __name__ == "__main__":
    main()
