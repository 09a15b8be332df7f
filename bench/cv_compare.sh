#!/usr/bin/env bash
# bench/cv_compare.sh: 10-fold CV of the lasso path, Shrink (`shrink cv`, whole process including
# CSV parsing) against R's cv.glmnet (the call alone, data in memory), with the same fold ids on the
# FHT design (rho = 0.5) at (N, p) = (5000, 100) and (100, 5000). Prints the median wall and CPU
# (user + system) times of 5 runs each and their ratios. Needs R with glmnet; builds shrink in
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
printf "| N | p | cv.glmnet wall (s) | cv.glmnet CPU (s) | shrink cv wall (s) | shrink cv CPU (s) | wall ratio | CPU ratio |\n"
printf "|---|---|---:|---:|---:|---:|---:|---:|\n"
while read -r n p tw tc; do
  runs=$(for i in 1 2 3 4 5; do /usr/bin/time -f "%e %U %S" "$shrink" cv "$out/cv_${n}_${p}.csv" \
        --target y --foldid fold --quiet 2>&1 >/dev/null | tail -1; done)
  sw=$(echo "$runs" | awk '{print $1}' | sort -n | sed -n 3p)
  sc=$(echo "$runs" | awk '{printf "%.2f\n", $2 + $3}' | sort -n | sed -n 3p)
  printf "| %s | %s | %s | %s | %s | %s | %.2f | %.2f |\n" "$n" "$p" "$tw" "$tc" "$sw" "$sc" \
    "$(echo "$sw / $tw" | bc -l)" "$(echo "$sc / $tc" | bc -l)"
done < "$out/glmnet.txt"
rm -rf "$out"
