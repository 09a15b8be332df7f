"""`shrink fit --alpha 0` (closed-form ridge path, solver ridge-svd) against R glmnet(alpha = 0).

Run from the repository root after `swift build -c release`:
    python3 bench/ridge_fit_compare.py [--shrink PATH] [--cases 5000x1000] [--repeats 3]

Data as bench/ridge_compare.py: X ~ N(0,1) (n x p, seed n * 7 + p), y = sum of the first 10
columns + noise. Both tools fit their default path of 100 lambdas at alpha = 0 with the same grid
rule (lambda_max as for alpha = 0.001, lambda_min_ratio 1e-4 for n > p, the same deviance-ratio
stopping rules); glmnet's gaussian ridge term is scaled by 1/sd(y), so the two grids are numerically
equal while glmnet's lambda l solves our problem at l / sd(y) (sd with divisor n). Each repeat times, in turn and on the same data:
  - Shrink: the model document's `fitSeconds` (solver only, CSV parsing excluded) and the whole
    `shrink fit` process (CSV parsing included);
  - R glmnet(x, y, alpha = 0) inside R with system.time (data read from a binary file first);
and checks the solutions: glmnet refitted (untimed, thresh = 1e-13) on Shrink's lambdas mapped to
its scale (times sd(y), divisor n), largest coefficient difference relative to the largest coefficient.
Reports medians and the ratios Shrink / glmnet. Wall-clock numbers are noisy on a shared machine:
the tools alternate within each repeat so that they see the same load.
"""
import argparse, json, os, statistics, subprocess, tempfile, time
import numpy as np

R_SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[2]); p <- as.integer(args[3])
x <- matrix(readBin(file.path(args[1], "x.bin"), "double", n * p), n, p)
y <- readBin(file.path(args[1], "y.bin"), "double", n)
suppressMessages(library(glmnet))
t <- system.time(fit <- glmnet(x, y, alpha = 0))[["elapsed"]]
lam <- file.path(args[1], "lambda.bin")
if (file.exists(lam)) {
  # Not timed: glmnet on Shrink's lambdas (mapped), converged tightly, for the accuracy check.
  l <- readBin(lam, "double", 1000)
  b <- as.matrix(glmnet(x, y, alpha = 0, lambda = l, thresh = 1e-13)$beta)
  writeBin(as.vector(b), file.path(args[1], "glmnet_beta.bin"))
}
cat(sprintf('{"seconds": %.6f, "nlambda": %d, "lambda": [%s]}\n', t, length(fit$lambda),
            paste(sprintf("%.17g", fit$lambda), collapse = ",")))
"""


def run_case(n, p, shrink, repeats):
    rng = np.random.default_rng(n * 7 + p)
    x = rng.standard_normal((n, p))
    y = x[:, :10].sum(axis=1) + rng.standard_normal(n)
    sy = y.std()
    times = {"shrink_fit": [], "shrink_process": [], "glmnet": []}
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
        for _ in range(repeats):
            t = time.perf_counter()
            out = subprocess.run([shrink, "fit", path, "--target", "y", "--alpha", "0", "--json", "--quiet"],
                                 check=True, capture_output=True, text=True).stdout
            times["shrink_process"].append(time.perf_counter() - t)
            doc = json.loads(out)
            assert doc["solver"] == "ridge-svd", doc["solver"]
            times["shrink_fit"].append(doc["fitSeconds"])
            r = json.loads(subprocess.run(["Rscript", rfile, d, str(n), str(p)], check=True,
                                          capture_output=True, text=True).stdout)
            times["glmnet"].append(r["seconds"])
        ours = np.array([pt["lambda"] for pt in doc["path"]])
        theirs = np.array(r["lambda"])
        m = min(len(ours), len(theirs))
        result["nlambda_shrink"], result["nlambda_glmnet"] = len(ours), len(theirs)
        # Both grids follow glmnet's rule on their own scale, so they are numerically equal; the
        # problems differ: glmnet's lambda l solves ours at l / sd(y).
        result["grid_max_rel_diff"] = float(np.max(np.abs(ours[:m] - theirs[:m]) / theirs[:m]))
        (ours * sy).tofile(os.path.join(d, "lambda.bin"))
        subprocess.run(["Rscript", rfile, d, str(n), str(p)], check=True, capture_output=True, text=True)
        gb = np.fromfile(os.path.join(d, "glmnet_beta.bin")).reshape(len(ours), p)
        sb = np.array([pt["coefficients"] for pt in doc["path"]])
        result["coef_max_rel_diff_vs_glmnet_thresh_1e-13"] = float(np.max(np.abs(sb - gb)) / np.max(np.abs(gb)))
    for tool, ts in times.items():
        result[f"{tool}_s"] = statistics.median(ts)
        result[f"{tool}_all_s"] = [round(t, 4) for t in ts]
    result["ratio_fit_over_glmnet"] = result["shrink_fit_s"] / result["glmnet_s"]
    result["ratio_process_over_glmnet"] = result["shrink_process_s"] / result["glmnet_s"]
    return result


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--shrink", default=".build/release/shrink")
    ap.add_argument("--cases", default="5000x1000")
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    for case in a.cases.split(","):
        n, p = map(int, case.split("x"))
        print(json.dumps(run_case(n, p, a.shrink, a.repeats)), flush=True)
