#!/usr/bin/env Rscript
# R glmnet on one cell: the default 100-lambda lasso path (standardize = TRUE, intercept = TRUE,
# default thresh = 1e-7), timed over several repetitions (only the glmnet() call), then a
# high-precision reference fit on exactly the same lambdas (thresh = 1e-14).
#
#   Rscript run_glmnet.R CELLDIR REPS
# Reads CELLDIR/data.csv (last column y); writes CELLDIR/lambdas.txt, CELLDIR/glmnet.json and
# CELLDIR/glmnet_ref.json.
suppressPackageStartupMessages({
  library(glmnet)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
dir <- args[[1]]
reps <- if (length(args) >= 2) as.integer(args[[2]]) else 5L

csv <- file.path(dir, "data.csv")
header <- strsplit(readLines(csv, n = 1), ",")[[1]]
width <- length(header)
v <- scan(csv, what = double(), sep = ",", skip = 1, quiet = TRUE)
m <- matrix(v, ncol = width, byrow = TRUE)
yi <- match("y", header)
y <- m[, yi]
x <- m[, -yi, drop = FALSE]
rm(v, m)

num <- function(v) {
  if (length(v) == 0) return("[]")
  paste0("[", paste(formatC(v, digits = 17, format = "g"), collapse = ","), "]")
}

# JSON by hand: jsonlite prints at most 15 significant digits, and the accuracy comparison needs
# the coefficients exactly as glmnet returned them.
write_path <- function(tool, thresh, times, fit, file) {
  b <- fit$beta  # dgCMatrix p x nlambda
  points <- vapply(seq_along(fit$lambda), function(k) {
    lo <- b@p[k] + 1L
    hi <- b@p[k + 1L]
    idx <- if (hi >= lo) b@i[lo:hi] else integer(0)
    val <- if (hi >= lo) b@x[lo:hi] else numeric(0)
    sprintf('{"lambda":%s,"intercept":%s,"indices":[%s],"values":%s}',
            formatC(fit$lambda[k], digits = 17, format = "g"),
            formatC(unname(fit$a0[k]), digits = 17, format = "g"),
            paste(idx, collapse = ","), num(val))
  }, character(1))
  writeLines(sprintf('{"tool":%s,"thresh":%s,"glmnet":%s,"times":%s,"npasses":%d,"path":[%s]}',
                     toJSON(tool, auto_unbox = TRUE), formatC(thresh, format = "g"),
                     toJSON(as.character(packageVersion("glmnet")), auto_unbox = TRUE),
                     num(times), as.integer(fit$npasses), paste(points, collapse = ",")),
             file)
}

time_fit <- function(...) {
  t0 <- Sys.time()
  fit <- glmnet(x, y, family = "gaussian", alpha = 1, standardize = TRUE, intercept = TRUE, ...)
  t1 <- Sys.time()
  list(fit = fit, seconds = as.numeric(difftime(t1, t0, units = "secs")))
}

# Warm-up (not timed), then the timed repetitions of the default path.
invisible(time_fit())
times <- numeric(reps)
fit <- NULL
for (r in seq_len(reps)) {
  res <- time_fit()
  times[r] <- res$seconds
  fit <- res$fit
}
lambdas <- fit$lambda
writeLines(formatC(lambdas, digits = 17, format = "g"), file.path(dir, "lambdas.txt"))
write_path("glmnet", 1e-7, times, fit, file.path(dir, "glmnet.json"))

# High-precision reference on the same lambdas (timed once, for information).
ref <- time_fit(lambda = lambdas, thresh = 1e-14, maxit = 1e8)
write_path("glmnet-ref", 1e-14, ref$seconds, ref$fit, file.path(dir, "glmnet_ref.json"))
