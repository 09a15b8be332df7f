#!/usr/bin/env Rscript
# Reference fixtures for Shrink's gaussian (least-squares) elastic net, from R glmnet.
#
# Usage (from the repository root):
#   Rscript scripts/make_gaussian_fixtures.R
# Writes Tests/ShrinkTests/Fixtures/gaussian/<case>.json and prints a summary table.
# Needs: R packages glmnet (>= 4.1), jsonlite, Matrix; Examples/diabetes.csv
# (made by scripts/export_examples.py).
#
# Environment (optional):
#   SHRINK_FIXTURE_DIR    output directory (default Tests/ShrinkTests/Fixtures/gaussian)
#   SHRINK_FIXTURE_DIGITS "17" forces %.17g for every double (default: shortest of
#                         %.15g/%.16g/%.17g that R parses back to the same double)
#
# OUR objective (what Shrink minimizes), with w normalized to sum 1:
#   P(b0,b) = 1/2 sum_i w_i (y_i - b0 - x_i'b)^2
#             + lambda * sum_j pf_j ((1-alpha)/2 (s_j b_j)^2 + alpha |s_j b_j|)
#   pf: glmnet semantics -- pf[exclude] <- 1, pf <- pmax(0, pf), pf <- pf * p / sum(pf)
#   s_j: weighted population sd of column j, centered at the weighted mean
#        (also when intercept = FALSE), if standardize; else 1.
# glmnet's gaussian family scales y by sy internally, so for alpha_g < 1 its objective is
#   1/2 RSS_w + lambda_g ((1-alpha_g)/(2 sy) ||s b||^2 + alpha_g ||s b||_1),
#   sy = sqrt(sum w (y - ybar_w)^2)  (intercept)   or   sqrt(sum w y^2)  (no intercept).
# Hence OUR parameters are
#   alpha  = alpha_g / (alpha_g + (1 - alpha_g)/sy)
#   lambda = lambda_g * (alpha_g + (1 - alpha_g)/sy)
# Both are verified below through the KKT conditions of OUR objective at glmnet's
# solution (and the naive mapping alpha = alpha_g, lambda = lambda_g is shown to fail).

suppressPackageStartupMessages({
  library(glmnet)
  library(jsonlite)
  library(Matrix)
})

THRESH <- 1e-14
MAXIT <- 1e7
OUTDIR <- Sys.getenv("SHRINK_FIXTURE_DIR", "Tests/ShrinkTests/Fixtures/gaussian")
DIGITS17 <- Sys.getenv("SHRINK_FIXTURE_DIGITS", "") == "17"
INF_BOUND <- 1.0e308  # how infinite limits are written to JSON
dir.create(OUTDIR, recursive = TRUE, showWarnings = FALSE)

# ---------------------------------------------------------------------------
# The JSON writer (round-trip doubles) shared with the other fixture scripts.
source(file.path("scripts", "fixture_json.R"))

# ---------------------------------------------------------------------------
# Helpers for OUR objective.
wsd <- function(x, w) {  # weighted population sd of each column, centered; w sums to 1
  xm <- colSums(x * w)
  sqrt(pmax(0, colSums(w * sweep(x, 2, xm)^2)))
}
y_scale <- function(y, w, intercept) {
  if (intercept) sqrt(sum(w * (y - sum(w * y))^2)) else sqrt(sum(w * y^2))
}
eff_pf <- function(pf, p, exclude, semantics = "glmnet") {
  if (is.null(pf)) pf <- rep(1, p)
  if (semantics == "glmnet") {
    if (length(exclude)) pf[exclude] <- 1   # glmnet: "ow can change lambda sequence"
    pf <- pmax(0, pf)
    pf * p / sum(pf)
  } else {                                  # alternative: rescale over kept features only
    pf <- pmax(0, pf)
    keep <- setdiff(seq_len(p), exclude)
    out <- pf
    out[keep] <- pf[keep] * length(keep) / sum(pf[keep])
    out
  }
}
map_params <- function(alpha_g, lambda_g, sy) {
  k <- alpha_g + (1 - alpha_g) / sy
  list(alpha = alpha_g / k, lambda = lambda_g * k)
}
objective <- function(x, y, w, a0, b, lambda, alpha, pf, s) {
  r <- y - a0 - drop(x %*% b)
  sb <- s * b
  0.5 * sum(w * r^2) + lambda * sum(pf * ((1 - alpha) / 2 * sb^2 + alpha * abs(sb)))
}
# Max violation of the KKT conditions of OUR objective (with box constraints).
# Returns absolute violation and violation relative to sy * sc_j (standardized units).
kkt <- function(x, y, w, a0, b, lambda, alpha, pf, s, lower, upper, exclude, intercept, sy) {
  p <- length(b)
  r <- y - a0 - drop(x %*% b)
  g <- -drop(crossprod(x, w * r)) + lambda * pf * (1 - alpha) * s^2 * b
  pen1 <- lambda * alpha * pf * s
  dplus <- g + pen1 * ifelse(b >= 0, 1, -1)     # derivative in direction +e_j
  dminus <- -g + pen1 * ifelse(b <= 0, 1, -1)   # derivative in direction -e_j
  tolb <- 1e-9 * pmax(1, abs(c(lower, upper)))
  atU <- b >= upper - tolb[(p + 1):(2 * p)]
  atL <- b <= lower + tolb[1:p]
  v <- pmax(ifelse(atU, 0, pmax(0, -dplus)), ifelse(atL, 0, pmax(0, -dminus)))
  v[exclude] <- 0
  feas <- max(0, b - upper, lower - b, abs(b[exclude]))
  sc <- wsd(x, w); sc[sc == 0] <- 1
  vint <- if (intercept) abs(sum(w * r)) else 0
  list(abs = max(v, vint), rel = max(v / (sc * sy), vint / sy), feas = feas,
       nAtBound = sum((atU & upper < INF_BOUND / 10) | (atL & lower > -INF_BOUND / 10)))
}

# ---------------------------------------------------------------------------
summary_rows <- list()

run_case <- function(name, description, x, y, weights = NULL, alpha_g = 1,
                     standardize = TRUE, intercept = TRUE, penalty.factor = NULL,
                     lower.limits = NULL, upper.limits = NULL, exclude = NULL,
                     lambda = NULL, check_alt_pf = FALSE) {
  n <- nrow(x); p <- ncol(x)
  y <- as.double(drop(y))
  args <- list(x = x, y = y, family = "gaussian", alpha = alpha_g, standardize = standardize,
               intercept = intercept, thresh = THRESH, maxit = MAXIT)
  if (!is.null(weights)) args$weights <- weights
  if (!is.null(penalty.factor)) args$penalty.factor <- penalty.factor
  if (!is.null(lower.limits)) args$lower.limits <- lower.limits
  if (!is.null(upper.limits)) args$upper.limits <- upper.limits
  if (!is.null(exclude)) args$exclude <- exclude
  if (!is.null(lambda)) args$lambda <- lambda
  fit <- do.call(glmnet, args)
  # glmnet artefact: with its automatic grid and alpha_g < 0.001 (ridge), lambda_max is
  # computed as for alpha = 0.001 and the first solution is returned as beta = 0, which is
  # NOT the ridge solution at that lambda. Drop that leading point from the fixture.
  drop_first <- is.null(lambda) && alpha_g < 1e-3
  keep <- if (drop_first) -1L else seq_along(fit$lambda)

  xd <- as.matrix(x)
  w <- if (is.null(weights)) rep(1 / n, n) else weights / sum(weights)
  s <- if (standardize) wsd(xd, w) else rep(1, p)
  sy <- y_scale(y, w, intercept)
  pf <- eff_pf(penalty.factor, p, exclude)
  lo <- if (is.null(lower.limits)) rep(-Inf, p) else rep_len(lower.limits, p)
  up <- if (is.null(upper.limits)) rep(Inf, p) else rep_len(upper.limits, p)
  lo_c <- pmax(lo, -INF_BOUND); up_c <- pmin(up, INF_BOUND)

  lam_g <- fit$lambda[keep]
  mp <- map_params(alpha_g, lam_g, sy)
  beta <- as.matrix(fit$beta)[, keep, drop = FALSE]
  a0 <- as.double(fit$a0)[keep]
  nl <- length(lam_g)
  obj <- numeric(nl); kabs <- krel <- knaive <- kalt <- feas <- 0; nbound <- 0
  for (k in seq_len(nl)) {
    b <- beta[, k]
    obj[k] <- objective(xd, y, w, a0[k], b, mp$lambda[k], mp$alpha, pf, s)
    kk <- kkt(xd, y, w, a0[k], b, mp$lambda[k], mp$alpha, pf, s, lo_c, up_c, exclude, intercept, sy)
    kabs <- max(kabs, kk$abs); krel <- max(krel, kk$rel); feas <- max(feas, kk$feas)
    nbound <- max(nbound, kk$nAtBound)
    if (alpha_g < 1) {  # naive mapping, for contrast
      kn <- kkt(xd, y, w, a0[k], b, lam_g[k], alpha_g, pf, s, lo_c, up_c, exclude, intercept, sy)
      knaive <- max(knaive, kn$rel)
    }
    if (check_alt_pf) {  # pf rescaled over non-excluded features only, for contrast
      ka <- kkt(xd, y, w, a0[k], b, mp$lambda[k], mp$alpha, eff_pf(penalty.factor, p, exclude, "alt"),
                s, lo_c, up_c, exclude, intercept, sy)
      kalt <- max(kalt, ka$rel)
    }
  }

  sparse <- NULL; xflat <- NULL
  if (inherits(x, "sparseMatrix")) {
    xs <- as(x, "CsparseMatrix"); xs <- as(xs, "generalMatrix"); xs <- as(xs, "dMatrix")
    sparse <- list(colptr = arr(as.integer(xs@p)), rowidx = arr(as.integer(xs@i)),
                   values = arr(as.double(xs@x)))
  } else {
    xflat <- arr(as.double(xd))
  }
  lambda_input <- NULL
  if (!is.null(lambda)) lambda_input <- arr(map_params(alpha_g, lambda, sy)$lambda)

  out <- list(
    name = name, description = description, n = as.integer(n), p = as.integer(p),
    x = xflat, sparse = sparse, y = arr(y),
    weights = if (is.null(weights)) NULL else arr(as.double(weights)),
    alpha = mp$alpha, glmnetAlpha = as.double(alpha_g),
    standardize = standardize, intercept = intercept,
    penaltyFactor = if (is.null(penalty.factor)) NULL else arr(as.double(penalty.factor)),
    lowerLimits = if (is.null(lower.limits)) NULL else arr(lo_c),
    upperLimits = if (is.null(upper.limits)) NULL else arr(up_c),
    exclude = if (is.null(exclude)) NULL else arr(as.integer(exclude - 1L)),
    userLambda = !is.null(lambda),
    lambdaInput = lambda_input,
    lambda = arr(mp$lambda), glmnetLambda = arr(lam_g),
    a0 = arr(a0),
    beta = arr(lapply(seq_len(nl), function(k) arr(as.double(beta[, k])))),
    objective = arr(obj),
    df = arr(as.integer(fit$df[keep])), devRatio = arr(as.double(fit$dev.ratio[keep])),
    nulldev = as.double(fit$nulldev),
    droppedLeadingLambdas = if (drop_first) 1L else 0L,
    glmnetLambdaMax = as.double(fit$lambda[1]),
    sy = sy, xScale = arr(s), penaltyFactorEffective = arr(pf),
    kktMaxViolation = kabs, kktMaxViolationRelative = krel
  )
  path <- file.path(OUTDIR, paste0(name, ".json"))
  writeLines(to_json(out), path, useBytes = TRUE)

  # read back (jsonlite's parser) and compare exactly
  back <- fromJSON(path, simplifyVector = TRUE)
  rt <- identical(as.double(back$y), y) && identical(as.double(back$lambda), mp$lambda) &&
    identical(unname(as.matrix(back$beta)), unname(t(beta))) && identical(as.double(back$a0), a0) &&
    (is.null(xflat) || identical(as.double(back$x), as.double(xd)))
  if (!rt) stop(sprintf("%s: JSON values did not read back identically", name))

  summary_rows[[name]] <<- data.frame(
    case = name, n = n, p = p, nlambda = nl, alpha = signif(mp$alpha, 6),
    kkt_abs = signif(kabs, 3), kkt_rel = signif(krel, 3),
    naive_rel = if (alpha_g < 1) signif(knaive, 3) else NA,
    altpf_rel = if (check_alt_pf) signif(kalt, 3) else NA,
    bound_feas = signif(feas, 3), n_at_bound = nbound,
    KB = round(file.size(path) / 1024), stringsAsFactors = FALSE)
  invisible(fit)
}

# ---------------------------------------------------------------------------
# Data
data(QuickStartExample, package = "glmnet")
if (exists("QuickStartExample")) {
  qx <- QuickStartExample$x; qy <- drop(QuickStartExample$y)
} else {
  qx <- x; qy <- drop(y)
}
qn <- nrow(qx); qp <- ncol(qx)

dia <- read.csv("Examples/diabetes.csv")
dx <- as.matrix(dia[, setdiff(names(dia), "y")]); dy <- as.double(dia$y)

lx <- as.matrix(datasets::longley[, setdiff(names(datasets::longley), "Employed")])
ly <- datasets::longley$Employed

set.seed(1)
wn <- 50; wp <- 200; rho <- 0.5
wx <- matrix(rnorm(wn * wp), wn, wp)
for (j in 2:wp) wx[, j] <- rho * wx[, j - 1] + sqrt(1 - rho^2) * wx[, j]   # AR(1) across columns
wy <- drop(wx[, 1:5] %*% c(3, -2, 1.5, 1, -1) + rnorm(wn))

sparse_desc <- NULL
if ("SparseExample" %in% data(package = "glmnet")$results[, "Item"]) {
  data(SparseExample, package = "glmnet")
  sx <- SparseExample$x; sy_ <- drop(SparseExample$y)
  sparse_desc <- "glmnet's SparseExample (dgCMatrix x)"
} else {
  set.seed(2)
  sx <- Matrix::rsparsematrix(200, 60, density = 0.1)
  sy_ <- drop(as.matrix(sx[, 1:4] %*% c(2, -1, 1, 0.5))) + rnorm(200)
  sparse_desc <- "Matrix::rsparsematrix(200, 60, 0.1), set.seed(2)"
}

# ---------------------------------------------------------------------------
# Cases
run_case("quickstart", "glmnet QuickStartExample, lasso, default lambda grid", qx, qy)

enet_w <- 1 + (seq_len(qn) %% 3)
enet_pf <- rep(1, qp); enet_pf[c(1, 2)] <- 0; enet_pf[c(5, 10, 14)] <- 2
run_case("quickstart_enet",
         "QuickStartExample, glmnet alpha 0.5, weights 1 + (i %% 3), penalty factors (0 for features 1,2; 2 for 5,10,14), intercept",
         qx, qy, weights = enet_w, alpha_g = 0.5, penalty.factor = enet_pf)

bnd_up <- rep(Inf, qp); bnd_up[c(1, 6, 8)] <- 1
run_case("quickstart_bounds",
         "QuickStartExample, lasso, lower.limits = -0.5 (all), upper.limits = 1 for features 1,6,8 (1-based), exclude 3 and 7 (1-based)",
         qx, qy, lower.limits = -0.5, upper.limits = bnd_up, exclude = c(3L, 7L))

run_case("quickstart_nointercept_nostd",
         "QuickStartExample, intercept = FALSE, standardize = FALSE, glmnet alpha 0.8",
         qx, qy, alpha_g = 0.8, standardize = FALSE, intercept = FALSE)

run_case("quickstart_nointercept_std",
         "QuickStartExample, intercept = FALSE, standardize = TRUE (s_j = centered population sd), glmnet alpha 0.5",
         qx, qy, alpha_g = 0.5, standardize = TRUE, intercept = FALSE)

xpf <- rep(1, qp); xpf[c(2, 4)] <- 3; xpf[c(9, 11)] <- 0.25; xpf[c(3, 7)] <- 5
run_case("quickstart_exclude_pf",
         "QuickStartExample, glmnet alpha 0.7, weights 1 + (i %% 3), exclude 3 and 7 (1-based) whose raw penalty factor is 5; glmnet sets pf[exclude] = 1 before rescaling pf to sum p",
         qx, qy, weights = enet_w, alpha_g = 0.7, penalty.factor = xpf, exclude = c(3L, 7L),
         check_alt_pf = TRUE)

run_case("userlambda",
         "QuickStartExample, lasso, user lambda c(0.05, 0.5, 0.01, 0.2) (glmnet sorts it decreasing; lambdaInput keeps the given order)",
         qx, qy, lambda = c(0.05, 0.5, 0.01, 0.2))

run_case("userlambda_enet",
         "QuickStartExample, glmnet alpha 0.5, user glmnet lambda c(0.05, 0.5, 0.01, 0.2) (lambdaInput = mapped lambdas in the given order)",
         qx, qy, alpha_g = 0.5, lambda = c(0.05, 0.5, 0.01, 0.2))

run_case("diabetes", "Efron et al. diabetes data (Examples/diabetes.csv, original scale), lasso, default grid", dx, dy)

run_case("diabetes_ridge",
         paste("diabetes data, glmnet alpha 0 (ridge) with glmnet's automatic grid; lambda = glmnetLambda / sy.",
               "glmnet's first grid point (lambda_max computed as for alpha = 0.001, where it returns beta = 0)",
               "is dropped: the fixture holds grid points 2..100 (glmnetLambdaMax keeps the first)"),
         dx, dy, alpha_g = 0)

run_case("longley", "datasets::longley, Employed ~ other 6 columns (ill-conditioned), lasso, default grid", lx, ly)

run_case("wide",
         "p > n: n = 50, p = 200, set.seed(1), x N(0,1) with AR(1) correlation 0.5 across columns, y = x[,1:5] %*% c(3,-2,1.5,1,-1) + N(0,1); lasso, default grid",
         wx, wy)

run_case("wide_enet", "same data as wide, glmnet alpha 0.3, default grid", wx, wy, alpha_g = 0.3)

run_case("sparse", paste0(sparse_desc, ", x passed to glmnet as dgCMatrix; lasso, default grid"), sx, sy_)

# ---------------------------------------------------------------------------
tab <- do.call(rbind, summary_rows)
rownames(tab) <- NULL
cat("\nGaussian fixtures written to", OUTDIR, "\n")
cat("kkt_abs: max KKT violation of OUR objective at glmnet's solution (absolute)\n")
cat("kkt_rel: same, divided by sy * sd(x_j) (standardized units)\n")
cat("naive_rel: kkt_rel under the WRONG naive mapping alpha = alpha_g, lambda = lambda_g (alpha_g < 1 only)\n")
cat("altpf_rel: kkt_rel if pf were rescaled over non-excluded features with raw pf (WRONG)\n\n")
print(tab, row.names = FALSE)
worst <- max(tab$kkt_rel)
cat(sprintf("\nmax relative KKT violation over all cases: %.3g\n", worst))
if (worst > 1e-6) stop("KKT check failed: the mapping or the semantics are wrong")
