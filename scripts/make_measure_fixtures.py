#!/usr/bin/env python3
"""Reference values of the cross-validation measures from scikit-learn.metrics.

Usage (from the repository root): python3 scripts/make_measure_fixtures.py
Writes Tests/ShrinkTests/Fixtures/cv/measures.json: y / probability / mean / weights vectors and
sklearn's weighted mse, mae, binomial log-loss (Shrink's mean binomial deviance = 2 * log_loss),
misclassification (zero_one_loss at threshold 0.5), ROC AUC (roc_auc_score with sample_weight,
including tied scores) and mean Poisson deviance.
"""
import json
import numpy as np
from sklearn import metrics

rng = np.random.default_rng(20240501)
n = 200
w = rng.uniform(0.2, 3.0, n)
# binary response and probabilities in [0.02, 0.98], with some ties (rounded to 2 decimals)
yb = rng.integers(0, 2, n).astype(float)
p = np.round(np.clip(1 / (1 + np.exp(-(2 * yb - 1 + rng.normal(0, 1.5, n)))), 0.02, 0.98), 2)
# gaussian
yg = rng.normal(3, 2, n)
mg = yg + rng.normal(0, 1, n)
# poisson
mu = np.exp(rng.normal(0.5, 0.7, n))
yp = rng.poisson(mu).astype(float)

out = {
    "weights": w.tolist(),
    "binaryY": yb.tolist(), "probability": p.tolist(),
    "gaussianY": yg.tolist(), "gaussianMean": mg.tolist(),
    "poissonY": yp.tolist(), "poissonMean": mu.tolist(),
    "mse": metrics.mean_squared_error(yg, mg, sample_weight=w),
    "mae": metrics.mean_absolute_error(yg, mg, sample_weight=w),
    "logLoss": metrics.log_loss(yb, p, sample_weight=w),
    "zeroOne": metrics.zero_one_loss(yb, (p > 0.5).astype(float), sample_weight=w),
    "auc": metrics.roc_auc_score(yb, p, sample_weight=w),
    "aucUnweighted": metrics.roc_auc_score(yb, p),
    "poissonDeviance": metrics.mean_poisson_deviance(yp, mu, sample_weight=w),
}
with open("Tests/ShrinkTests/Fixtures/cv/measures.json", "w") as f:
    json.dump(out, f, indent=1)
print({k: v for k, v in out.items() if not isinstance(v, list)})
