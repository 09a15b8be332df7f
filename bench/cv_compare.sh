#!/usr/bin/env bash
# bench/cv_compare.sh: 10-fold CV of the lasso path, Shrink (`shrink cv`, whole process including
# CSV parsing) against R's cv.glmnet (the call alone, data in memory), with the same fold ids on the
# FHT design (rho = 0.5) at (N, p) = (5000, 100) and (100, 5000). Prints the median wall and CPU
# (user + system) times of 5 runs each, Shrink's in-process time ("cvSeconds" of --json: all fits,
# no parsing, like cv.glmnet's), and the ratios. Needs R with glmnet; builds shrink in
# release mode in the scratch path $SHRINK_SCRATCH (default .build).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${SHRINK_SCRATCH:-.build}"
swift build -c release --product shrink --scratch-path "$scratch" >/dev/null
shrink="$scratch/release/shrink"
out=$(mktemp -d)
Rscript - "$out" <<'RS'
suppressMessages(library(glmnet))
out <- commandArgs(TRUE)[1]
for (cell in list(c(5000, 100), c(100, 5000))) {
  n <- cell[1]; p <- cell[2]; rho <- 0.5
  set.seed(1); b <- sqrt(rho / (1 - rho)); z <- rnorm(n); x <- matrix(rnorm(n * p), n, p) + b * z
  beta <- (-1)^(1:p) * exp(-2 * ((1:p) - 1) / 20); s <- as.vector(x %*% beta)
  y <- s + sqrt(var(s) / 3) * rnorm(n)
  foldid <- rep(1:10, length.out = n)
  d <- data.frame(x); d$y <- y; d$fold <- foldid
  write.csv(d, file.path(out, sprintf("cv_%d_%d.csv", n, p)), row.names = FALSE)
  t <- sapply(1:5, function(i) { s <- system.time(cv.glmnet(x, y, foldid = foldid))
                                 c(s[["elapsed"]], s[["user.self"]] + s[["sys.self"]]) })
  cat(sprintf("%d %d %.4f %.4f\n", n, p, median(t[1, ]), median(t[2, ])),
      file = file.path(out, "glmnet.txt"), append = TRUE)
}
RS
python3 - "$shrink" "$out" <<'PY'
# Shrink: 5 runs per cell; the process's wall time (perf_counter) and CPU time (rusage of the child)
# of `shrink cv --quiet`, and the in-process cross-validation time "cvSeconds" from --json (no parsing, no output).
import json, resource, statistics, subprocess, sys, time
shrink, out = sys.argv[1], sys.argv[2]
print("| N | p | cv.glmnet wall (s) | cv.glmnet CPU (s) | shrink cv in-process (s) | shrink cv process wall (s) "
      "| shrink cv CPU (s) | in-process / glmnet wall | process / glmnet wall | CPU ratio |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for line in open(f"{out}/glmnet.txt"):
    n, p, tw, tc = line.split()
    tw, tc = float(tw), float(tc)
    inner, walls, cpus = [], [], []
    args = [shrink, "cv", f"{out}/cv_{n}_{p}.csv", "--target", "y", "--foldid", "fold"]
    for _ in range(5):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(args + ["--quiet"], stdout=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - t)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
        # A second run with --json for the in-process time (writing the model's JSON is not timed).
        doc = subprocess.run(args + ["--json"], capture_output=True, check=True).stdout
        inner.append(json.loads(doc)["cvSeconds"])
    si, sw, sc = (statistics.median(v) for v in (inner, walls, cpus))
    print(f"| {n} | {p} | {tw:.3f} | {tc:.3f} | {si:.3f} | {sw:.3f} | {sc:.3f} | {si / tw:.2f} | {sw / tw:.2f} | {sc / tc:.2f} |")
PY
rm -rf "$out"
