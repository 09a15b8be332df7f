#!/usr/bin/env python3
"""Python lasso solvers on one cell, on glmnet's lambda grid.

All of them minimise (1/(2n)) ||y - Xw||^2 + alpha ||w||_1 without intercept, so they run on
X standardized by its population sd and centered y, with alpha = lambda (glmnet's scale); the
coefficients are then put back on the original scale (b_j = w_j / sd_j, b0 = ybar - xbar'b).
The timed region is the standardization plus the path call; one untimed warm-up call first
(numba compilation for skglm, imports and caches for the others).

    run_python.py CELLDIR REPS [TOOL ...]     TOOL in sklearn, celer, skglm (default: all available)
Writes CELLDIR/<tool>.json.
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


def run_sklearn(X, y, lambdas):
    from sklearn.linear_model import lasso_path
    Xs, yc, xbar, sd, ybar = standardize(X, y)
    Xs = np.asfortranarray(Xs)
    _, coefs, _ = lasso_path(Xs, yc, alphas=lambdas)
    return coefs, xbar, sd, ybar


def run_celer(X, y, lambdas):
    from celer import celer_path
    Xs, yc, xbar, sd, ybar = standardize(X, y)
    Xs = np.asfortranarray(Xs)
    _, coefs, _ = celer_path(Xs, yc, "lasso", alphas=lambdas)
    return coefs, xbar, sd, ybar


def run_skglm(X, y, lambdas):
    from skglm import Lasso
    Xs, yc, xbar, sd, ybar = standardize(X, y)
    Xs = np.asfortranarray(Xs)
    res = Lasso(fit_intercept=False).path(Xs, yc, lambdas)
    coefs = res[1]
    return coefs, xbar, sd, ybar


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
    for name in tools:
        if not available(name):
            print(f"run_python: {name} is not installed, skipped", file=sys.stderr)
            continue
        fn = TOOLS[name]
        fn(X, y, lambdas)  # warm-up
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            coefs, xbar, sd, ybar = fn(X, y, lambdas)
            times.append(time.perf_counter() - t0)
        coefs = np.asarray(coefs)
        if coefs.shape[0] != X.shape[1]:
            coefs = coefs.T
        path = []
        for k, lam in enumerate(lambdas):
            b = coefs[:, k] / sd
            nz = np.flatnonzero(b)
            path.append({"lambda": float(lam), "intercept": float(ybar - xbar @ b),
                         "indices": nz.tolist(), "values": b[nz].tolist()})
        with open(os.path.join(cell, f"{name}.json"), "w") as f:
            json.dump({"tool": name, "times": times, "path": path}, f)


if __name__ == "__main__":
    main()
