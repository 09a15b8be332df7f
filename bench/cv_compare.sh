#!/usr/bin/env bash
# bench/cv_compare.sh: 10-fold CV of the lasso path, Shrink (`shrink cv`, whole process including
# CSV parsing) against R's cv.glmnet (the call alone, data in memory), with the same fold ids on the
# FHT design (rho = 0.5) at (N, p) = (5000, 100) and (100, 5000). Prints median times and the ratio.
# Needs R with glmnet; builds shrink in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product shrink >/dev/null
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
  t <- sapply(1:5, function(i) system.time(cv.glmnet(x, y, foldid = foldid))[["elapsed"]])
  cat(sprintf("%d %d %.4f\n", n, p, median(t)), file = file.path(out, "glmnet.txt"), append = TRUE)
}
RS
printf "| N | p | cv.glmnet (s) | shrink cv, whole process (s) | ratio |\n|---|---|---:|---:|---:|\n"
while read -r n p tg; do
  ts=$(for i in 1 2 3 4 5; do /usr/bin/time -f "%e" .build/release/shrink cv "$out/cv_${n}_${p}.csv" \
        --target y --foldid fold --quiet 2>&1 >/dev/null | tail -1; done | sort -n | sed -n 3p)
  printf "| %s | %s | %s | %s | %.2f |\n" "$n" "$p" "$tg" "$ts" "$(echo "$ts / $tg" | bc -l)"
done < "$out/glmnet.txt"
rm -rf "$out"
