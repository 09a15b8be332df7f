#!/usr/bin/env python3
"""Export bundled example data sets to Examples/.

Currently writes Examples/diabetes.csv: the diabetes data of Efron, Hastie,
Johnstone & Tibshirani (2004), "Least Angle Regression", 442 rows x 10
features on their ORIGINAL (unstandardized) scale plus the response y,
taken from scikit-learn's bundled raw files.

Usage (from the repository root):  python3 scripts/export_examples.py
Requires: scikit-learn (any version that ships the raw diabetes files).
"""
import gzip
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "y"]


def load_raw():
    """Return (X, y) as float64 arrays on the original scale."""
    try:
        from sklearn.datasets import load_diabetes
        d = load_diabetes(scaled=False)  # scikit-learn >= 1.1
        return np.asarray(d.data, dtype=np.float64), np.asarray(d.target, dtype=np.float64)
    except TypeError:
        pass
    # Older scikit-learn: read the raw files shipped in sklearn/datasets/data.
    import sklearn.datasets
    ddir = os.path.join(os.path.dirname(sklearn.datasets.__file__), "data")
    with gzip.open(os.path.join(ddir, "diabetes_data_raw.csv.gz"), "rt") as f:
        X = np.loadtxt(f)
    with gzip.open(os.path.join(ddir, "diabetes_target.csv.gz"), "rt") as f:
        y = np.loadtxt(f)
    return X, y


def fmt(v):
    """Round-trippable text: integers without '.0', otherwise repr(float)."""
    v = float(v)
    if v.is_integer():
        return str(int(v))
    return repr(v)


def main():
    X, y = load_raw()
    if X.shape != (442, 10) or y.shape != (442,):
        sys.exit("unexpected diabetes shape: %s %s" % (X.shape, y.shape))
    out_dir = os.path.join(ROOT, "Examples")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "diabetes.csv")
    with open(path, "w", newline="\n") as f:
        f.write(",".join(HEADER) + "\n")
        for row, t in zip(X, y):
            f.write(",".join(fmt(v) for v in list(row) + [t]) + "\n")
    # Round-trip check.
    back = np.loadtxt(path, delimiter=",", skiprows=1)
    assert np.array_equal(back[:, :10], X) and np.array_equal(back[:, 10], y)
    print("wrote %s (%d rows x %d features + y)" % (os.path.relpath(path, ROOT), X.shape[0], X.shape[1]))


if __name__ == "__main__":
    main()
