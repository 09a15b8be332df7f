"""Ridge path with leave-one-out: `shrink ridge` against scikit-learn RidgeCV.

Run from the repository root after `swift build -c release`:
    python3 bench/ridge_compare.py [--shrink PATH] [--cases 5000x1000,500x20000] [--modes svd,eigen]

For each case: X ~ N(0,1) (n x p), y = sum of the first 10 columns + noise, 100 lambdas
log-spaced over [1e-3, 1e3] (Shrink's scale; scikit-learn alpha = lambda * n on standardized X).
Times Shrink's solver (the JSON `fitSeconds`: preparation, decomposition, coefficients, df, GCV and LOO
for every lambda; CSV parsing excluded) and RidgeCV.fit (both gcv_mode, unless --modes limits them),
and checks that the LOO errors agree. Wall-clock numbers are noisy on a shared machine.
"""
import argparse, json, os, subprocess, tempfile, time
import numpy as np
from sklearn.linear_model import RidgeCV


def run_case(n, p, shrink, modes, repeats):
    rng = np.random.default_rng(n * 7 + p)
    x = rng.standard_normal((n, p))
    y = x[:, :10].sum(axis=1) + rng.standard_normal(n)
    lambdas = np.logspace(3, -3, 100)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "data.csv")
        np.savetxt(path, np.column_stack([x, y]), delimiter=",", fmt="%.17g",
                   header=",".join([f"x{j}" for j in range(p)] + ["y"]), comments="")
        lam = ",".join(repr(float(v)) for v in lambdas)
        shrink_times, doc = [], None
        for _ in range(repeats):
            t = time.perf_counter()
            out = subprocess.run([shrink, "ridge", path, "--target", "y", "--lambda", lam, "--json", "--quiet"],
                                 check=True, capture_output=True, text=True).stdout
            wall = time.perf_counter() - t
            doc = json.loads(out)
            shrink_times.append(doc["fitSeconds"])
    mu, sd = x.mean(0), x.std(0)
    z = (x - mu) / sd
    result = {"n": n, "p": p, "shrink_fit_s": min(shrink_times), "shrink_wall_last_s": wall}
    loo_shrink = np.array([pt["loo"] for pt in doc["path"]])
    for mode in modes:
        ts = []
        for _ in range(repeats):
            t = time.perf_counter()
            cv = RidgeCV(alphas=lambdas * n, gcv_mode=mode, store_cv_results=True).fit(z, y)
            ts.append(time.perf_counter() - t)
        loo_sk = cv.cv_results_.mean(axis=0)
        result[f"sklearn_{mode}_s"] = min(ts)
        result[f"loo_max_rel_diff_{mode}"] = float(np.max(np.abs(loo_shrink - loo_sk) / loo_sk))
    best = min(result[f"sklearn_{m}_s"] for m in modes)
    result["ratio_shrink_over_best_sklearn"] = result["shrink_fit_s"] / best
    return result


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--shrink", default=".build/release/shrink")
    ap.add_argument("--cases", default="5000x1000,500x20000")
    ap.add_argument("--modes", default="svd,eigen")
    ap.add_argument("--repeats", type=int, default=1)
    a = ap.parse_args()
    for case in a.cases.split(","):
        n, p = map(int, case.split("x"))
        print(json.dumps(run_case(n, p, a.shrink, a.modes.split(","), a.repeats)), flush=True)
