#!/usr/bin/env Rscript
# Reference cross-validation of a multinomial path with per-class offsets, from R glmnet's
# cv.glmnet(family = "multinomial", offset = <n x K matrix>, foldid, thresh = 1e-20).
#
# Usage (from the repository root):
#   Rscript scripts/make_multinomial_cv_offset_fixture.R
# Writes Tests/ShrinkTests/Fixtures/cv/multinomial_offset.json (the keys of make_cv_fixtures.R's
# multinomial cases plus `offsets`: K arrays of n values, one per class in level order).
# Needs: R packages glmnet (>= 4.1; made with 4.1-6), jsonlite.
#
# Data: glmnet's MultinomialExample (K = 3), lasso, ungrouped; offsets are smooth functions of two
# columns plus a class-specific shift, so they move the fit without making it separable. cv.glmnet
# passes each fold its rows of the offset matrix and predicts the held-out rows with their own
# offsets (predict(newoffset = )); the measures are cv.multnet's (see make_cv_fixtures.R).

suppressPackageStartupMessages({
  library(glmnet)
  library(jsonlite)
})

THRESH <- 1e-20
MAXIT <- 1e8
OUTDIR <- Sys.getenv("SHRINK_FIXTURE_DIR", "Tests/ShrinkTests/Fixtures/cv")
dir.create(OUTDIR, recursive = TRUE, showWarnings = FALSE)
DIGITS17 <- FALSE
source(file.path("scripts", "fixture_json.R"))

data(MultinomialExample, package = "glmnet")
mx <- MultinomialExample$x; my <- as.double(MultinomialExample$y)
off <- cbind(0.3 * sin(mx[, 1]), -0.2 + 0.25 * mx[, 2], 0.4 * cos(mx[, 3]))
set.seed(20261128)
mfold <- sample(rep(1:10, length.out = nrow(mx)))
lam <- glmnet(mx, my, family = "multinomial", offset = off, thresh = THRESH, maxit = MAXIT)$lambda
measures <- list()
for (m in c("deviance", "class", "mse", "mae")) {
  cv <- cv.glmnet(mx, my, family = "multinomial", offset = off, foldid = mfold, type.measure = m,
                  lambda = lam, thresh = THRESH, maxit = MAXIT)
  measures[[m]] <- list(
    cvm = arr(as.double(cv$cvm)), cvsd = arr(as.double(cv$cvsd)),
    lambdaMin = cv$lambda.min, lambda1se = cv$lambda.1se,
    indexMin = as.integer(cv$index["min", 1]), index1se = as.integer(cv$index["1se", 1]))
  cat(sprintf("multinomial offset %s: %d lambdas, indexMin %d, index1se %d, min cvm %.8g\n", m,
              length(cv$lambda), cv$index[1, 1], cv$index[2, 1], min(cv$cvm)))
}
out <- list(
  name = "multinomial_offset",
  description = "MultinomialExample (K = 3), lasso, ungrouped, per-class offsets, 10 given folds, the full fit's lambda passed as lambda",
  family = "multinomial", grouped = FALSE, n = as.integer(nrow(mx)), p = as.integer(ncol(mx)),
  x = arr(as.double(mx)), y = arr(as.double(my)), weights = NULL,
  foldid = arr(as.integer(mfold)), userLambda = TRUE,
  lambda = arr(as.double(lam)), nzero = arr(as.integer(rep(0, length(lam)))), measures = measures,
  offsets = arr(lapply(1:3, function(k) arr(as.double(off[, k])))))
writeLines(to_json(out), file.path(OUTDIR, "multinomial_offset.json"), useBytes = TRUE)
