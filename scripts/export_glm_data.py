#!/usr/bin/env python3
"""Export scikit-learn's bundled classification data sets to Examples/ for the GLM fixtures.

Writes Examples/breast_cancer.csv (569 rows, 30 features, y = 1 for benign, 0 for malignant)
and Examples/wine.csv (178 rows, 13 features, y = class 0/1/2), each with a header row and
the features on their original scale, values written with repr() (round-trip doubles).

Usage (from the repository root):  python3 scripts/export_glm_data.py
Requires: scikit-learn.
"""
import os

from sklearn.datasets import load_breast_cancer, load_wine

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def export(name, data):
    names = [f.replace(" ", "_") for f in data.feature_names]
    path = os.path.join(ROOT, "Examples", name + ".csv")
    with open(path, "w") as out:
        out.write(",".join(names + ["y"]) + "\n")
        for row, target in zip(data.data, data.target):
            out.write(",".join(repr(float(v)) for v in row) + "," + str(int(target)) + "\n")
    print(f"wrote {path}: {data.data.shape[0]} rows, {data.data.shape[1]} features")


if __name__ == "__main__":
    export("breast_cancer", load_breast_cancer())
    export("wine", load_wine())
