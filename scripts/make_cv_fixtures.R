#!/usr/bin/env Rscript
# Reference cross-validation results and information criteria for Shrink, from R glmnet's
# cv.glmnet (grouped = TRUE, the default) with fixed fold ids, thresh = 1e-20.
#
# Usage (from the repository root):
#   Rscript scripts/make_cv_fixtures.R
# Writes Tests/ShrinkTests/Fixtures/cv/<case>.json and prints a summary.
# Needs: R packages glmnet (>= 4.1; made with 4.1-6), jsonlite; Examples/diabetes.csv.
#
# What cv.glmnet (4.1-6) does, read from its source (glmnet:::cv.glmnet.raw, buildPredmat.default,
# cv.elnet, cvstats, cvcompute, getOptcv.glmnet):
#  * fits all data first; its lambda is the master grid;
#  * each fold is fitted with the USER's lambda argument -- NULL for the automatic grid, so each
#    fold computes its own automatic grid (and may stop early);
#  * out-of-fold predictions at the master lambdas use predict(fold, s = lambda): linear
#    interpolation in lambda, clamped to the fold's first / last solution outside its range
#    (so no prediction is missing with the default alignment = "lambda");
#  * grouped: per fold, the weighted mean of the pointwise loss; cvm = weighted mean of the fold
#    means (weights = fold weight sums), cvsd = sqrt(weighted mean of (fold mean - cvm)^2 / (K-1));
#  * lambda.min = the largest lambda with cvm == min(cvm); lambda.1se = the largest lambda with
#    cvm <= cvm[min] + cvsd[min].
# All cases here are lasso (alpha = 1), where glmnet's objective equals Shrink's (see
# scripts/README.md): for alpha < 1 glmnet rescales the ridge term by each fold's sd(y), so
# fold problems differ from Shrink's.
#
# Fixture keys: name, description, n, p, x (column-major), y, weights (raw or null), foldid
# (1-based), userLambda (whether `lambda` was passed to cv.glmnet), lambda (master grid),
# nzero, measures: { mse|mae: {cvm, cvsd, lambdaMin, lambda1se, indexMin, index1se} (1-based
# indices) }, optionally preval (out-of-fold predictions, one array per lambda, mse run),
# relaxed: {gamma, cvm (one array per gamma), cvsd, lambdaMin, gammaMin, indexMin, gammaIndexMin,
# lambda1se, gamma1se, index1se, gammaIndex1se, relaxedA0, relaxedBeta (master relaxed fit)}.
#
# Information-criteria fixture (ic_*.json): a glmnet path at given lambdas; per lambda the
# weighted RSS at glmnet's solution, the active set, the effective df (trace of the hat matrix
# on the active set, computed from a dense solve), AIC/BIC/EBIC by the documented formulas, and
# for the active sets the least-squares refit by lm() with R's own AIC() and BIC().

suppressPackageStartupMessages({
  library(glmnet)
  library(jsonlite)
})

THRESH <- 1e-20  # 1e-14 leaves ~1e-6 relative error in cvsd on the weighted diabetes case (checked against 1e-18 / 1e-20)
MAXIT <- 1e8
OUTDIR <- Sys.getenv("SHRINK_FIXTURE_DIR", "Tests/ShrinkTests/Fixtures/cv")
dir.create(OUTDIR, recursive = TRUE, showWarnings = FALSE)

# The JSON writer (round-trip doubles) shared with the other fixture scripts.
DIGITS17 <- FALSE
source(file.path("scripts", "fixture_json.R"))

write_fixture <- function(name, out) {
  path <- file.path(OUTDIR, paste0(name, ".json"))
  writeLines(to_json(out), path, useBytes = TRUE)
  invisible(path)
}

# --- Data ------------------------------------------------------------------------------------
data(QuickStartExample, package = "glmnet")
if (exists("QuickStartExample")) { qx <- QuickStartExample$x; qy <- drop(QuickStartExample$y) } else { qx <- x; qy <- drop(y) }
dia <- read.csv("Examples/diabetes.csv")
dx <- as.matrix(dia[, setdiff(names(dia), "y")]); dy <- as.double(dia$y)

summary_rows <- list()

# --- CV cases ----------------------------------------------------------------------------------
cv_case <- function(name, description, x, y, foldid, weights = NULL, user_lambda = FALSE,
                    relax = FALSE, keep_preval = FALSE) {
  n <- nrow(x); p <- ncol(x)
  wts <- if (is.null(weights)) rep(1, n) else weights
  lambda <- NULL
  if (user_lambda) {
    lambda <- glmnet(x, y, weights = wts, thresh = THRESH, maxit = MAXIT)$lambda
  }
  measures <- list()
  preval <- NULL
  nz <- NULL; lam <- NULL; relaxed <- NULL
  for (m in c("mse", "mae")) {
    cv <- cv.glmnet(x, y, weights = wts, lambda = lambda, foldid = foldid, type.measure = m,
                    thresh = THRESH, maxit = MAXIT, keep = keep_preval && m == "mse",
                    relax = relax && m == "mse")
    stopifnot(length(cv$lambda) == length(cv$glmnet.fit$lambda))
    lam <- cv$lambda; nz <- cv$nzero
    measures[[m]] <- list(
      cvm = arr(as.double(cv$cvm)), cvsd = arr(as.double(cv$cvsd)),
      lambdaMin = cv$lambda.min, lambda1se = cv$lambda.1se,
      indexMin = as.integer(cv$index["min", 1]), index1se = as.integer(cv$index["1se", 1]))
    if (keep_preval && m == "mse") {
      pm <- if (is.list(cv$fit.preval)) cv$fit.preval[[length(cv$fit.preval)]] else cv$fit.preval
      preval <- arr(lapply(seq_len(ncol(pm)), function(k) arr(as.double(pm[, k]))))
    }
    if (relax && m == "mse") {
      r <- cv$relaxed
      rf <- cv$glmnet.fit$relaxed
      relaxed <- list(
        gamma = arr(as.double(r$gamma)),
        cvm = arr(lapply(r$statlist, function(s) arr(as.double(s$cvm)))),
        cvsd = arr(lapply(r$statlist, function(s) arr(as.double(s$cvsd)))),
        lambdaMin = r$lambda.min, gammaMin = r$gamma.min,
        indexMin = as.integer(r$index["min", "Lambda"]), gammaIndexMin = as.integer(r$index["min", "Gamma"]),
        lambda1se = r$lambda.1se, gamma1se = r$gamma.1se,
        index1se = as.integer(r$index["1se", "Lambda"]), gammaIndex1se = as.integer(r$index["1se", "Gamma"]),
        relaxedLambda = arr(as.double(rf$lambda)),
        relaxedA0 = arr(as.double(rf$a0)),
        relaxedBeta = arr(lapply(seq_len(ncol(rf$beta)), function(k) arr(as.double(rf$beta[, k])))))
    }
    summary_rows[[paste(name, m)]] <<- data.frame(
      case = name, measure = m, nlambda = length(cv$lambda), indexMin = cv$index[1, 1],
      index1se = cv$index[2, 1], cvmMin = signif(min(cv$cvm), 8), stringsAsFactors = FALSE)
  }
  out <- list(
    name = name, description = description, n = as.integer(n), p = as.integer(p),
    x = arr(as.double(x)), y = arr(as.double(y)),
    weights = if (is.null(weights)) NULL else arr(as.double(weights)),
    foldid = arr(as.integer(foldid)), userLambda = user_lambda,
    lambda = arr(as.double(lam)), nzero = arr(as.integer(nz)),
    measures = measures, preval = preval, relaxed = relaxed)
  write_fixture(name, out)
}

set.seed(20240501)
qfold <- sample(rep(1:10, length.out = nrow(qx)))
dfold <- sample(rep(1:10, length.out = nrow(dx)))
dfold5 <- sample(rep(1:5, length.out = nrow(dx)))
dw <- 1 + (seq_len(nrow(dx)) %% 3)

cv_case("quickstart_user", "QuickStartExample, lasso, 10 given folds, the full fit's automatic lambda passed as lambda",
        qx, qy, qfold, user_lambda = TRUE, keep_preval = TRUE)
cv_case("quickstart_auto", "QuickStartExample, lasso, 10 given folds, automatic grid (each fold its own grid, predictions interpolated)",
        qx, qy, qfold, keep_preval = TRUE)
cv_case("diabetes_user", "diabetes, lasso, 10 given folds, the full fit's lambda passed as lambda",
        dx, dy, dfold, user_lambda = TRUE)
cv_case("diabetes_auto", "diabetes, lasso, 10 given folds, automatic grid", dx, dy, dfold)
cv_case("diabetes_weights_user", "diabetes, lasso, weights 1 + (i %% 3), 5 given folds, the full fit's lambda passed",
        dx, dy, dfold5, weights = dw, user_lambda = TRUE)
cv_case("diabetes_weights_auto", "diabetes, lasso, weights 1 + (i %% 3), 5 given folds, automatic grid",
        dx, dy, dfold5, weights = dw)
cv_case("quickstart_relax", "QuickStartExample, lasso, relax = TRUE (gamma 0, .25, .5, .75, 1), 10 given folds, the full fit's lambda passed",
        qx, qy, qfold, user_lambda = TRUE, relax = TRUE)

# --- Information criteria --------------------------------------------------------------------
wsd <- function(x, w) { xm <- colSums(x * w); sqrt(pmax(0, colSums(w * sweep(x, 2, xm)^2))) }
# -2 log L of a weighted gaussian fit with the variance profiled out (as R's logLik.lm):
#   n (log(2 pi) + 1 - log n + log(sum w r^2)) - sum log w,  over rows with w > 0.
m2ll <- function(r, w) {
  keep <- w > 0; r <- r[keep]; w <- w[keep]; n <- length(r)
  n * (log(2 * pi) + 1 - log(n) + log(sum(w * r^2))) - sum(log(w))
}
ic_case <- function(name, description, x, y, weights, alpha_g, lambda_g, ebic_gamma = 0.5) {
  n <- nrow(x); p <- ncol(x)
  fit <- glmnet(x, y, weights = weights, alpha = alpha_g, lambda = lambda_g, thresh = THRESH, maxit = MAXIT)
  w1 <- weights / sum(weights)
  sy <- sqrt(sum(w1 * (y - sum(w1 * y))^2))
  k <- alpha_g + (1 - alpha_g) / sy
  alpha <- alpha_g / k
  lambda <- fit$lambda * k
  s <- wsd(x, w1)
  nl <- length(lambda)
  rss <- df <- aic <- bic <- ebic <- numeric(nl)
  active <- list(); lmAIC <- lmBIC <- rep(NA_real_, nl); lmCoef <- list()
  for (l in seq_len(nl)) {
    b <- as.double(fit$beta[, l]); a0 <- fit$a0[l]
    A <- which(b != 0)
    r <- y - a0 - drop(x %*% b)
    rss[l] <- sum(weights * r^2)
    if (length(A)) {
      xa <- x[, A, drop = FALSE]
      xc <- sweep(xa, 2, colSums(xa * w1))
      G <- crossprod(xc, w1 * xc)
      D <- diag(s[A]^2, length(A))
      df[l] <- sum(diag(solve(G + lambda[l] * (1 - alpha) * D, G)))
      lmfit <- lm(y ~ xa, weights = weights)
      lmAIC[l] <- AIC(lmfit); lmBIC[l] <- BIC(lmfit)
      lmCoef[[l]] <- arr(as.double(coef(lmfit)))
    } else {
      df[l] <- 0
      lmfit <- lm(y ~ 1, weights = weights)
      lmAIC[l] <- AIC(lmfit); lmBIC[l] <- BIC(lmfit)
      lmCoef[[l]] <- arr(as.double(coef(lmfit)))
    }
    active[[l]] <- arr(as.integer(A - 1L))
    npar <- df[l] + 2   # + intercept + variance
    dev <- m2ll(r, weights)
    nn <- sum(weights > 0)
    aic[l] <- dev + 2 * npar
    bic[l] <- dev + log(nn) * npar
    lch <- lgamma(p + 1) - lgamma(df[l] + 1) - lgamma(p - df[l] + 1)
    ebic[l] <- bic[l] + 2 * ebic_gamma * lch
  }
  out <- list(name = name, description = description, n = as.integer(n), p = as.integer(p),
              x = arr(as.double(x)), y = arr(as.double(y)), weights = arr(as.double(weights)),
              alpha = alpha, glmnetAlpha = alpha_g, lambda = arr(lambda), glmnetLambda = arr(fit$lambda),
              ebicGamma = ebic_gamma,
              rss = arr(rss), active = arr(active), df = arr(df), aic = arr(aic), bic = arr(bic), ebic = arr(ebic),
              lmAIC = arr(lmAIC), lmBIC = arr(lmBIC), lmCoefficients = arr(lmCoef))
  write_fixture(name, out)
  cat(sprintf("%s: %d lambdas, df range %.3f..%.3f\n", name, nl, min(df), max(df)))
}
lam_lasso <- exp(seq(log(20), log(0.02), length.out = 12))
ic_case("ic_diabetes_lasso", "diabetes, lasso, weights 1 + (i %% 3), 12 glmnet lambdas from 20 to 0.02 (log-spaced)",
        dx, dy, dw, 1, lam_lasso)
lam_enet <- exp(seq(log(40), log(0.05), length.out = 12))
ic_case("ic_diabetes_enet", "diabetes, glmnet alpha 0.5 (Shrink alpha/lambda mapped), weights 1 + (i %% 3), 12 glmnet lambdas from 40 to 0.05",
        dx, dy, dw, 0.5, lam_enet)

tab <- do.call(rbind, summary_rows); rownames(tab) <- NULL
cat("\nCV fixtures written to", OUTDIR, "\n")
print(tab, row.names = FALSE)

# --- GLM CV cases (binomial, poisson) ---------------------------------------------------------
# cv.glmnet(family = "binomial" | "poisson", foldid, thresh = 1e-20), lasso, automatic grid (each
# fold its own grid) or the full fit's lambda passed. Same fixture keys as the gaussian cases plus
# "family" and, for auc, "tied": per lambda, whether some fold's out-of-fold probabilities have
# ties (probabilities that round to 1 included). cv.glmnet's weighted auc (auc.mat -> auc with weights) breaks ties with runif, so its AUC
# is random where predictions tie (e.g. intercept-only fits); compare only the untied lambdas.
# (Appended: the cases above are unchanged.)
glm_cv_case <- function(name, description, family, x, y, foldid, measures_list, user_lambda = FALSE) {
  n <- nrow(x); p <- ncol(x)
  measures <- list(); lam <- NULL; nz <- NULL
  lambda <- NULL
  if (user_lambda) lambda <- glmnet(x, y, family = family, thresh = THRESH, maxit = MAXIT)$lambda
  for (m in measures_list) {
    cv <- cv.glmnet(x, y, family = family, foldid = foldid, type.measure = m, lambda = lambda,
                    thresh = THRESH, maxit = MAXIT, keep = (m == "auc"))
    tied <- NULL
    if (m == "auc") {
      pm <- 1 / (1 + exp(-cv$fit.preval))  # cv.lognet ranks probabilities: ties include saturated ones
      tied <- arr(vapply(seq_len(ncol(pm)), function(l)
        any(vapply(unique(foldid), function(k) anyDuplicated(pm[foldid == k, l]) > 0, TRUE)), TRUE))
    }
    lam <- cv$lambda; nz <- cv$nzero
    measures[[m]] <- list(
      cvm = arr(as.double(cv$cvm)), cvsd = arr(as.double(cv$cvsd)),
      lambdaMin = cv$lambda.min, lambda1se = cv$lambda.1se,
      indexMin = as.integer(cv$index["min", 1]), index1se = as.integer(cv$index["1se", 1]),
      tied = tied)
    cat(sprintf("%s %s: %d lambdas, indexMin %d, index1se %d, min cvm %.8g\n", name, m,
                length(lam), cv$index[1, 1], cv$index[2, 1], if (m == "auc") max(cv$cvm) else min(cv$cvm)))
  }
  out <- list(
    name = name, description = description, family = family, n = as.integer(n), p = as.integer(p),
    x = arr(as.double(x)), y = arr(as.double(y)), weights = NULL,
    foldid = arr(as.integer(foldid)), userLambda = user_lambda,
    lambda = arr(as.double(lam)), nzero = arr(as.integer(nz)), measures = measures)
  write_fixture(name, out)
}
data(BinomialExample, package = "glmnet")
bx <- BinomialExample$x; by <- as.double(BinomialExample$y)
data(PoissonExample, package = "glmnet")
px <- PoissonExample$x; py <- as.double(PoissonExample$y)
set.seed(20240502)
bfold <- sample(rep(1:10, length.out = nrow(bx)))
pfold <- sample(rep(1:10, length.out = nrow(px)))
glm_cv_case("binomial_auto", "BinomialExample, lasso, binomial, 10 given folds, automatic grid",
            "binomial", bx, by, bfold, c("deviance", "auc", "class", "mse", "mae"))
glm_cv_case("poisson_auto", "PoissonExample, lasso, poisson, 10 given folds, automatic grid",
            "poisson", px, py, pfold, c("deviance", "mse", "mae"))
glm_cv_case("poisson_user", "PoissonExample, lasso, poisson, 10 given folds, the full fit's lambda passed as lambda",
            "poisson", px, py, pfold, c("deviance", "mse", "mae"), user_lambda = TRUE)

# --- Multinomial CV cases ---------------------------------------------------------------------
# cv.glmnet(family = "multinomial", foldid, thresh = 1e-20) on MultinomialExample (K = 3), lasso,
# the full fit's lambda passed (each fold solved on the master grid), ungrouped and grouped
# (type.multinomial). cv.multnet: out-of-fold probabilities from predict(type = "response") at the
# master lambdas; deviance 2 * sum_k y_k log(y_k / p_k) with p clamped to [1e-5, 1 - 1e-5], class
# = 1 when the largest probability is not the observed class, mse / mae summed over classes.
# y is stored 1-based (the factor level index). (Appended: the cases above are unchanged.)
data(MultinomialExample, package = "glmnet")
mx <- MultinomialExample$x; my <- as.double(MultinomialExample$y)
set.seed(20261127)
mfold <- sample(rep(1:10, length.out = nrow(mx)))
for (g in c("ungrouped", "grouped")) {
  lam <- glmnet(mx, my, family = "multinomial", type.multinomial = g, thresh = THRESH, maxit = MAXIT)$lambda
  measures <- list()
  for (m in c("deviance", "class", "mse", "mae")) {
    cv <- cv.glmnet(mx, my, family = "multinomial", type.multinomial = g, foldid = mfold,
                    type.measure = m, lambda = lam, thresh = THRESH, maxit = MAXIT)
    measures[[m]] <- list(
      cvm = arr(as.double(cv$cvm)), cvsd = arr(as.double(cv$cvsd)),
      lambdaMin = cv$lambda.min, lambda1se = cv$lambda.1se,
      indexMin = as.integer(cv$index["min", 1]), index1se = as.integer(cv$index["1se", 1]))
    cat(sprintf("multinomial %s %s: %d lambdas, indexMin %d, index1se %d, min cvm %.8g\n", g, m,
                length(cv$lambda), cv$index[1, 1], cv$index[2, 1], min(cv$cvm)))
  }
  out <- list(
    name = paste0("multinomial_", g), description = paste0("MultinomialExample (K = 3), lasso, ", g,
    ", 10 given folds, the full fit's lambda passed as lambda"), family = "multinomial",
    grouped = (g == "grouped"), n = as.integer(nrow(mx)), p = as.integer(ncol(mx)),
    x = arr(as.double(mx)), y = arr(as.double(my)), weights = NULL,
    foldid = arr(as.integer(mfold)), userLambda = TRUE,
    lambda = arr(as.double(lam)), nzero = arr(as.integer(rep(0, length(lam)))), measures = measures)
  write_fixture(paste0("multinomial_", g), out)
}
