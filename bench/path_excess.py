#!/usr/bin/env python3
"""bench/path_excess.py: the largest relative objective excess of each path in a directory.

    python3 bench/path_excess.py DATA.npz DIR

DIR holds lambdas.txt, glmnet_*.csv (bench/glmnet_thresholds.R) and shrink_*.json
(shrink-bench-fit output on those lambdas). At every lambda the objective
F = (1/2) mean((y - b0 - X b)^2) + lambda * sum_j |b_j sd_j| (population sd, glmnet's
standardization) is evaluated from each path's original-scale coefficients and compared with the
smallest value any path reached there; prints max_lambda (F - F_best) / F_best per path, over the
lambdas every path has.
"""
import glob
import json
import os
import sys

import numpy as np

data = np.load(sys.argv[1])
X, y = data["X"], data["y"]
folder = sys.argv[2]
lambdas = np.loadtxt(os.path.join(folder, "lambdas.txt"))
sd = X.std(axis=0)


def objective(b0, b, lam):
    r = y - b0 - X @ b
    return 0.5 * np.mean(r * r) + lam * np.sum(np.abs(b * sd))


values = {}
for name in sorted(glob.glob(os.path.join(folder, "glmnet_*.csv"))):
    path = np.loadtxt(name, delimiter=",", ndmin=2)
    values[name] = [objective(path[k, 0], path[k, 1:], lambdas[k]) for k in range(min(len(path), len(lambdas)))]
for name in sorted(glob.glob(os.path.join(folder, "shrink_*.json"))):
    points = json.load(open(name))["path"]
    out = []
    for p in points:
        b = np.zeros(X.shape[1])
        b[p["indices"]] = p["values"]
        out.append(objective(p["intercept"], b, p["lambda"]))
    values[name] = out
common = min(len(v) for v in values.values())
best = np.min(np.array([v[:common] for v in values.values()]), axis=0)
for name, v in values.items():
    excess = (np.array(v[:common]) - best) / best
    print(f"{os.path.basename(name):28s} max excess {excess.max():.2e}")
