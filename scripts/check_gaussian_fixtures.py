#!/usr/bin/env python3
"""Sanity-check Tests/ShrinkTests/Fixtures/gaussian/*.json.

1. every file parses and has the documented schema/shapes;
2. independent cross-check of the alpha/lambda mapping: for cases without
   penalty factors, bounds or exclusions, re-solve OUR objective with
   scikit-learn's ElasticNet (closed form for ridge) on x_j / s_j and compare
   with glmnet's coefficients and objective values.

Usage (from the repository root):  python3 scripts/check_gaussian_fixtures.py
Needs numpy; scikit-learn for part 2 (skipped if missing).
"""
import glob
import json
import os
import sys
import warnings

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXDIR = os.path.join(ROOT, "Tests", "ShrinkTests", "Fixtures", "gaussian")


def dense_x(d):
    n, p = d["n"], d["p"]
    if d["x"] is not None:
        return np.asarray(d["x"], dtype=float).reshape((p, n)).T  # column-major
    sp = d["sparse"]
    X = np.zeros((n, p))
    cp, ri, v = sp["colptr"], sp["rowidx"], sp["values"]
    assert len(cp) == p + 1 and cp[0] == 0 and cp[-1] == len(ri) == len(v)
    for j in range(p):
        X[ri[cp[j]:cp[j + 1]], j] = v[cp[j]:cp[j + 1]]
    return X


def check_schema(d):
    n, p, L = d["n"], d["p"], len(d["lambda"])
    assert (d["x"] is None) != (d["sparse"] is None)
    if d["x"] is not None:
        assert len(d["x"]) == n * p
    assert len(d["y"]) == n
    for k in ("weights",):
        assert d[k] is None or len(d[k]) == n
    for k in ("penaltyFactor", "lowerLimits", "upperLimits"):
        assert d[k] is None or len(d[k]) == p, k
    for k in ("glmnetLambda", "a0", "objective", "df", "devRatio"):
        assert len(d[k]) == L, k
    assert len(d["beta"]) == L and all(len(b) == p for b in d["beta"])
    assert isinstance(d["userLambda"], bool) and isinstance(d["standardize"], bool)
    assert all(a >= b for a, b in zip(d["lambda"], d["lambda"][1:])), "lambda not decreasing"


def objective(X, y, w, b0, b, lam, alpha, pf, s):
    r = y - b0 - X @ b
    sb = s * b
    return 0.5 * np.sum(w * r * r) + lam * np.sum(pf * ((1 - alpha) / 2 * sb * sb + alpha * np.abs(sb)))


def cross_check(d):
    """Return (max |b_sklearn - b_glmnet| * s_j / sy, max relative objective gap)."""
    from sklearn.linear_model import ElasticNet
    X, y = dense_x(d), np.asarray(d["y"], float)
    n, p = X.shape
    w = np.ones(n) / n if d["weights"] is None else np.asarray(d["weights"], float) / np.sum(d["weights"])
    s = np.asarray(d["xScale"], float)
    pf = np.ones(p)
    alpha, sy = d["alpha"], d["sy"]
    Xs = X / s
    worst_b = worst_obj = 0.0
    for k, lam in enumerate(d["lambda"]):
        if alpha == 0:  # ridge: closed form on the standardized scale
            if d["intercept"]:
                xm, ym = w @ Xs, w @ y
                Xc, yc = Xs - xm, y - ym
            else:
                Xc, yc = Xs, y
            A = Xc.T @ (w[:, None] * Xc) + lam * np.eye(p)
            c = np.linalg.solve(A, Xc.T @ (w * yc))
            b0 = (ym - xm @ c) if d["intercept"] else 0.0
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                m = ElasticNet(alpha=lam, l1_ratio=alpha, fit_intercept=d["intercept"],
                               tol=1e-14, max_iter=1_000_000, selection="cyclic")
                m.fit(Xs, y, sample_weight=w * n)
            c, b0 = m.coef_, (m.intercept_ if d["intercept"] else 0.0)
        b = c / s
        bg = np.asarray(d["beta"][k], float)
        worst_b = max(worst_b, np.max(np.abs(b - bg) * s) / sy)
        Pk = objective(X, y, w, b0, b, lam, alpha, pf, s)
        Pg = d["objective"][k]
        worst_obj = max(worst_obj, (Pg - Pk) / max(abs(Pk), 1e-300))  # > 0 if glmnet is worse
    return worst_b, worst_obj


def main():
    files = sorted(glob.glob(os.path.join(FIXDIR, "*.json")))
    if not files:
        sys.exit("no fixtures in " + FIXDIR)
    try:
        import sklearn  # noqa: F401
        have_sk = True
    except ImportError:
        have_sk = False
    print("%-30s %4s %4s %4s %8s %12s %12s" % ("case", "n", "p", "nlam", "KB", "coef_diff", "obj_gap"))
    for f in files:
        with open(f) as fh:
            d = json.load(fh)
        check_schema(d)
        simple = (d["penaltyFactor"] is None and d["lowerLimits"] is None
                  and d["upperLimits"] is None and d["exclude"] is None)
        cd = og = float("nan")
        if have_sk and simple:
            cd, og = cross_check(d)
        print("%-30s %4d %4d %4d %8.0f %12.3g %12.3g" % (d["name"], d["n"], d["p"], len(d["lambda"]),
                                                         os.path.getsize(f) / 1024, cd, og))
    print("coef_diff: max |b_sklearn - b_glmnet| * s_j / sy; obj_gap: max (P_glmnet - P_sklearn) / P_sklearn")


if __name__ == "__main__":
    main()
