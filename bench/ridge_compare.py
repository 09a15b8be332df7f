"""Ridge path with leave-one-out: `shrink ridge` against scikit-learn RidgeCV and R glmnet (alpha = 0).

Run from the repository root after `swift build -c release`:
    python3 bench/ridge_compare.py [--shrink PATH] [--cases 5000x1000,500x20000] [--modes svd,eigen]
                                   [--repeats 5] [--no-glmnet]

For each case: X ~ N(0,1) (n x p), y = sum of the first 10 columns + noise, 100 lambdas
log-spaced over [1e-3, 1e3] (Shrink's scale; scikit-learn alpha = lambda * n on standardized X).
Each repeat times, in turn and on the same data:
  - Shrink's solver: the JSON `fitSeconds` of `shrink ridge --lambda ... --json` (preparation,
    decomposition, coefficients, df, GCV and LOO for every lambda; CSV parsing excluded);
  - scikit-learn RidgeCV.fit on the standardized X, for each gcv_mode (LOO for every alpha,
    coefficients at the best one);
  - R glmnet(x, y, alpha = 0) with its default grid of 100 lambdas (coordinate descent for every
    lambda, no LOO), timed inside R with system.time (data read from a binary file first). The same
    problems as ours: glmnet's gaussian ridge term is scaled by 1/sd(y), so lambda_glmnet =
    lambda_ours * sd(y) (sd with divisor n); its grid is its own, and it may stop before 100 lambdas.
Reports the median of the repeats for every tool, the ratios Shrink / best scikit-learn mode and
Shrink / glmnet, and checks that the LOO errors agree with scikit-learn's. Wall-clock numbers are
noisy on a shared machine: the tools alternate within each repeat so that they see the same load.
"""
import argparse, json, os, statistics, subprocess, tempfile, time
import numpy as np
from sklearn.linear_model import RidgeCV

R_SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[2]); p <- as.integer(args[3])
x <- matrix(readBin(file.path(args[1], "x.bin"), "double", n * p), n, p)
y <- readBin(file.path(args[1], "y.bin"), "double", n)
suppressMessages(library(glmnet))
t <- system.time(fit <- glmnet(x, y, alpha = 0))[["elapsed"]]
cat(sprintf('{"seconds": %.6f, "nlambda": %d}\n', t, length(fit$lambda)))
"""


def run_case(n, p, shrink, modes, repeats, glmnet):
    rng = np.random.default_rng(n * 7 + p)
    x = rng.standard_normal((n, p))
    y = x[:, :10].sum(axis=1) + rng.standard_normal(n)
    lambdas = np.logspace(3, -3, 100)
    mu, sd = x.mean(0), x.std(0)
    z = (x - mu) / sd
    times = {"shrink": [], **{f"sklearn_{m}": [] for m in modes}}
    if glmnet:
        times["glmnet"] = []
    result = {"n": n, "p": p}
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "data.csv")
        np.savetxt(path, np.column_stack([x, y]), delimiter=",", fmt="%.17g",
                   header=",".join([f"x{j}" for j in range(p)] + ["y"]), comments="")
        x.T.tofile(os.path.join(d, "x.bin"))   # column-major for R
        y.tofile(os.path.join(d, "y.bin"))
        rfile = os.path.join(d, "glmnet.R")
        with open(rfile, "w") as f:
            f.write(R_SCRIPT)
        lam = ",".join(repr(float(v)) for v in lambdas)
        for _ in range(repeats):
            out = subprocess.run([shrink, "ridge", path, "--target", "y", "--lambda", lam, "--json", "--quiet"],
                                 check=True, capture_output=True, text=True).stdout
            doc = json.loads(out)
            times["shrink"].append(doc["fitSeconds"])
            for mode in modes:
                t = time.perf_counter()
                cv = RidgeCV(alphas=lambdas * n, gcv_mode=mode, store_cv_results=True).fit(z, y)
                times[f"sklearn_{mode}"].append(time.perf_counter() - t)
                loo_sk = cv.cv_results_.mean(axis=0)
                loo_shrink = np.array([pt["loo"] for pt in doc["path"]])
                result[f"loo_max_rel_diff_{mode}"] = float(np.max(np.abs(loo_shrink - loo_sk) / loo_sk))
            if glmnet:
                r = json.loads(subprocess.run(["Rscript", rfile, d, str(n), str(p)], check=True,
                                              capture_output=True, text=True).stdout)
                times["glmnet"].append(r["seconds"])
                result["glmnet_nlambda"] = r["nlambda"]
    for tool, ts in times.items():
        result[f"{tool}_s"] = statistics.median(ts)
        result[f"{tool}_all_s"] = [round(t, 4) for t in ts]
    best = min(result[f"sklearn_{m}_s"] for m in modes)
    result["ratio_shrink_over_best_sklearn"] = result["shrink_s"] / best
    if glmnet:
        result["ratio_shrink_over_glmnet"] = result["shrink_s"] / result["glmnet_s"]
    return result


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--shrink", default=".build/release/shrink")
    ap.add_argument("--cases", default="5000x1000,500x20000")
    ap.add_argument("--modes", default="svd,eigen")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-glmnet", action="store_true")
    a = ap.parse_args()
    for case in a.cases.split(","):
        n, p = map(int, case.split("x"))
        print(json.dumps(run_case(n, p, a.shrink, a.modes.split(","), a.repeats, not a.no_glmnet)), flush=True)
