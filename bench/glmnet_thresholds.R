# bench/glmnet_thresholds.R: glmnet's default path at several thresholds, for shapes whose
# high-precision reference run (bench/compare's thresh = 1e-14) would take hours.
#
#   Rscript bench/glmnet_thresholds.R DATADIR OUTDIR [THRESH ...]
#
# DATADIR holds data.csv (bench/gen_fht.py: columns x..., y). For each threshold (default 1e-7,
# 1e-9, 1e-11) prints the glmnet() time, the path length and npasses, and writes the coefficient
# path (one row per lambda: intercept, then coefficients) to OUTDIR/glmnet_<thresh>.csv; the
# default-threshold run's lambdas go to OUTDIR/lambdas.txt, for shrink-bench-fit --lambdas.
# bench/path_excess.py then compares every path with the best objective at each lambda.
suppressMessages(library(glmnet))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[[1]]; out <- args[[2]]
thresholds <- if (length(args) > 2) as.numeric(args[-(1:2)]) else c(1e-7, 1e-9, 1e-11)
d <- read.csv(file.path(dir, "data.csv"))
y <- d$y; x <- as.matrix(d[, names(d) != "y"])
for (th in thresholds) {
  t <- system.time(fit <- glmnet(x, y, thresh = th, maxit = 1e7))[["elapsed"]]
  cat(sprintf("thresh %g: %.3f s, %d lambdas, npasses %d\n", th, t, length(fit$lambda), fit$npasses))
  b <- as.matrix(coef(fit))
  write.table(t(b), file.path(out, sprintf("glmnet_%g.csv", th)), sep = ",", row.names = FALSE, col.names = FALSE)
  if (th == thresholds[[1]]) writeLines(format(fit$lambda, digits = 17), file.path(out, "lambdas.txt"))
}
