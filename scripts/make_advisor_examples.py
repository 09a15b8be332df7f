#!/usr/bin/env python3
"""Generates the worked examples of `shrink compare` (issue 7) into Examples/.

Three data sets where the right penalty is known by construction (numpy, fixed seeds):

- advisor_sparse.csv  (n=200, p=100): 5 independent features carry the signal, 95 are noise.
                      L1 (the lasso) should win: the truth is sparse.
- advisor_dense.csv   (n=80, p=60):  every feature matters (coefficients N(0, 1), centred) and the features
                      are equicorrelated (r = 0.5 through a shared factor). L2 (ridge) should win.
- advisor_grouped.csv (n=150, p=132): 4 groups of 8 features, each a noisy copy of a latent
                      signal (within-group r = 0.8), every member of a group with the same
                      coefficient, plus 100 independent noise features. The elastic net should win:
                      the lasso keeps a few per group and loses the averaging, ridge pays for the
                      100 noise features.

Run: python3 scripts/make_advisor_examples.py [OUTDIR]   (default Examples)
"""
import os
import sys

import numpy as np


def write(path, x, y):
    p = x.shape[1]
    header = ",".join([f"x{j + 1}" for j in range(p)] + ["y"])
    data = np.column_stack([x, y])
    np.savetxt(path, data, delimiter=",", header=header, comments="", fmt="%.6f")
    print(f"{path}: {x.shape[0]} rows, {p} features")


def sparse(rng):
    n, p = 200, 100
    x = rng.standard_normal((n, p))
    beta = np.zeros(p)
    beta[:5] = [3.0, -2.5, 2.0, 1.5, -1.5]
    y = x @ beta + 2.0 * rng.standard_normal(n)
    return x, y


def dense(rng):
    n, p = 80, 60
    factor = rng.standard_normal((n, 1))
    x = np.sqrt(0.5) * factor + np.sqrt(0.5) * rng.standard_normal((n, p))
    beta = rng.standard_normal(p)
    beta -= beta.mean()  # the shared factor carries no signal: no few features stand in for the rest
    y = x @ beta + 3.0 * rng.standard_normal(n)
    return x, y


def grouped(rng):
    n, groups, size, noise = 150, 4, 8, 100
    latent = rng.standard_normal((n, groups))
    blocks = [latent[:, [g]] + 0.5 * rng.standard_normal((n, size)) for g in range(groups)]
    x = np.column_stack(blocks + [rng.standard_normal((n, noise))])
    beta = np.zeros(x.shape[1])
    for g, b in enumerate([0.6, -0.5, 0.5, 0.4]):
        beta[g * size:(g + 1) * size] = b
    y = x @ beta + 4.0 * rng.standard_normal(n)
    return x, y


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "Examples"
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, "advisor_sparse.csv"), *sparse(np.random.default_rng(20240701)))
    write(os.path.join(out, "advisor_dense.csv"), *dense(np.random.default_rng(20240702)))
    write(os.path.join(out, "advisor_grouped.csv"), *grouped(np.random.default_rng(20240703)))


if __name__ == "__main__":
    main()
