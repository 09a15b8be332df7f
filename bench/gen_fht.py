#!/usr/bin/env python3
"""Generate one cell of the Friedman-Hastie-Tibshirani (2010) simulation design.

X_j = b Z + W_j with b = sqrt(rho / (1 - rho)), Z, W_j ~ N(0, 1) (so corr(X_j, X_k) = rho);
beta_j = (-1)^j exp(-2 (j - 1) / 20), j = 1..p; y = X beta + k N(0, 1) with
k = sqrt(var(X beta) / 3), i.e. signal-to-noise ratio 3.

Writes OUTDIR/data.csv (header x1..xp,y; 17 significant digits, so every tool parses the same
doubles) and OUTDIR/data.npz (X, y) for the Python tools.
"""
import argparse
import os
import zlib

import numpy as np


def fht(n, p, rho, seed):
    rng = np.random.default_rng(seed)
    b = np.sqrt(rho / (1.0 - rho))
    z = rng.standard_normal(n)
    X = b * z[:, None] + rng.standard_normal((n, p))
    j = np.arange(1, p + 1)
    beta = (-1.0) ** j * np.exp(-2.0 * (j - 1) / 20.0)
    signal = X @ beta
    k = np.sqrt(np.var(signal, ddof=1) / 3.0)
    y = signal + k * rng.standard_normal(n)
    return X, y


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--p", type=int, required=True)
    ap.add_argument("--rho", type=float, required=True)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    seed = a.seed if a.seed is not None else zlib.crc32(f"{a.n},{a.p},{a.rho}".encode())
    X, y = fht(a.n, a.p, a.rho, seed)
    os.makedirs(a.out, exist_ok=True)
    header = ",".join([f"x{j}" for j in range(1, a.p + 1)] + ["y"])
    data = np.column_stack([X, y])
    with open(os.path.join(a.out, "data.csv"), "w") as f:
        f.write(header + "\n")
        # repr-quality formatting; '%.17g' round-trips every double exactly.
        np.savetxt(f, data, fmt="%.17g", delimiter=",")
    np.savez(os.path.join(a.out, "data.npz"), X=X, y=y)


if __name__ == "__main__":
    main()
