#!/usr/bin/env Rscript
# Reference fixtures for Shrink's GLM families (binomial, poisson, multinomial), from R glmnet.
#
# Usage (from the repository root):
#   python3 scripts/export_glm_data.py      # Examples/breast_cancer.csv, Examples/wine.csv
#   Rscript scripts/make_glm_fixtures.R
# Writes Tests/ShrinkTests/Fixtures/glm/<case>.json and prints a summary table.
# Needs: R packages glmnet (>= 4.1), jsonlite, Matrix.
#
# OUR objective (what Shrink minimizes), w normalized to sum 1, eta = offset + b0 + x'b:
#   binomial:    sum_i w_i (log(1 + exp(eta_i)) - y_i eta_i)
#   poisson:     sum_i w_i (exp(eta_i) - y_i eta_i)
#   multinomial: sum_i w_i (log sum_k exp(eta_ik) - sum_k y_ik eta_ik)
#   plus lambda * sum_j pf_j ((1-alpha)/2 (s_j b_j)^2 + alpha |s_j b_j|)   (per class for
#   multinomial "ungrouped"; "grouped": lambda * sum_j pf_j ((1-alpha)/2 ||s_j b_j.||^2 + alpha ||s_j b_j.||_2))
#   s_j: weighted population sd of column j; pf rescaled to sum p (glmnet semantics).
# For these families glmnet does not scale the response, so alpha and lambda map directly;
# this is verified below through the KKT conditions of OUR objective at glmnet's solution.

suppressPackageStartupMessages({
  library(glmnet)
  library(jsonlite)
  library(Matrix)
})

THRESH <- 1e-14
MAXIT <- 1e7
OUTDIR <- Sys.getenv("SHRINK_FIXTURE_DIR", "Tests/ShrinkTests/Fixtures/glm")
DIGITS17 <- FALSE
dir.create(OUTDIR, recursive = TRUE, showWarnings = FALSE)

# The JSON writer (round-trip doubles) shared with the other fixture scripts.
source(file.path("scripts", "fixture_json.R"))

# ---------------------------------------------------------------------------
wsd <- function(x, w) {
  xm <- colSums(x * w)
  sqrt(pmax(0, colSums(w * sweep(x, 2, xm)^2)))
}
eff_pf <- function(pf, p) {
  if (is.null(pf)) pf <- rep(1, p)
  pf <- pmax(0, pf)
  pf * p / sum(pf)
}
softplus <- function(e) ifelse(e > 0, e + log1p(exp(-e)), log1p(exp(e)))

# Loss and gradient (d loss / d eta, per row; per row and class for multinomial).
glm_loss <- function(family, y, eta, w) {
  if (family == "binomial") return(sum(w * (softplus(eta) - y * eta)))
  if (family == "poisson") return(sum(w * (exp(eta) - y * eta)))
  m <- apply(eta, 1, max)
  lse <- m + log(rowSums(exp(eta - m)))
  sum(w * (lse - rowSums(y * eta)))
}
glm_resid <- function(family, y, eta, w) {  # w * (y - mu)
  if (family == "binomial") return(w * (y - 1 / (1 + exp(-eta))))
  if (family == "poisson") return(w * (y - exp(eta)))
  pr <- exp(eta - apply(eta, 1, max)); pr <- pr / rowSums(pr)
  w * (y - pr)
}

summary_rows <- list()

run_case <- function(name, description, family, x, y, weights = NULL, offset = NULL, alpha = 1,
                     penalty.factor = NULL, lambda = NULL, grouped = FALSE, classes = NULL) {
  n <- nrow(x); p <- ncol(x)
  args <- list(x = x, y = y, family = family, alpha = alpha, thresh = THRESH, maxit = MAXIT)
  if (family == "multinomial") {
    args$y <- factor(y)
    args$type.multinomial <- if (grouped) "grouped" else "ungrouped"
  }
  if (!is.null(weights)) args$weights <- weights
  if (!is.null(offset)) args$offset <- offset
  if (!is.null(penalty.factor)) args$penalty.factor <- penalty.factor
  if (!is.null(lambda)) args$lambda <- lambda
  fit <- do.call(glmnet, args)
  xd <- as.matrix(x)
  w <- if (is.null(weights)) rep(1 / n, n) else weights / sum(weights)
  s <- wsd(xd, w)
  pf <- eff_pf(penalty.factor, p)
  lam <- fit$lambda; nl <- length(lam)
  K <- if (family == "multinomial") length(fit$beta) else 1
  Y <- if (family == "multinomial") outer(y, sort(unique(y)), "==") * 1 else y
  off <- if (is.null(offset)) (if (K > 1) matrix(0, n, K) else rep(0, n)) else offset
  obj <- numeric(nl); krel <- 0
  betas <- list(); a0s <- list()
  for (k in seq_len(nl)) {
    if (K > 1) {
      B <- sapply(fit$beta, function(b) as.double(b[, k]))  # p x K
      a0 <- as.double(fit$a0[, k])
      eta <- off + sweep(xd %*% B, 2, a0, "+")
      sb <- B * s
      pen <- if (grouped) sum(pf * ((1 - alpha) / 2 * rowSums(sb^2) + alpha * sqrt(rowSums(sb^2))))
             else sum(pf * ((1 - alpha) / 2 * rowSums(sb^2) + alpha * rowSums(abs(sb))))
      obj[k] <- glm_loss(family, Y, eta, w) + lam[k] * pen
      R <- glm_resid(family, Y, eta, w)
      G <- crossprod(xd, R) / s - lam[k] * pf * (1 - alpha) * sb   # standardized scale, p x K
      if (grouped) {
        nb <- sqrt(rowSums(sb^2))
        v <- ifelse(nb > 0, sqrt(rowSums((G - lam[k] * alpha * pf * sb / pmax(nb, 1e-300))^2)),
                    pmax(0, sqrt(rowSums(G^2)) - lam[k] * alpha * pf))
      } else {
        l1 <- lam[k] * alpha * pf
        v <- ifelse(sb > 0, abs(G - l1), ifelse(sb < 0, abs(G + l1), pmax(0, abs(G) - l1)))
      }
      vint <- max(abs(colSums(R)))
      krel <- max(krel, v, vint)
      betas[[k]] <- arr(lapply(seq_len(K), function(c) arr(B[, c])))
      a0s[[k]] <- arr(a0)
    } else {
      b <- as.double(fit$beta[, k]); a0 <- as.double(fit$a0[k])
      eta <- off + a0 + drop(xd %*% b)
      sb <- s * b
      obj[k] <- glm_loss(family, y, eta, w) + lam[k] * sum(pf * ((1 - alpha) / 2 * sb^2 + alpha * abs(sb)))
      r <- glm_resid(family, y, eta, w)
      g <- drop(crossprod(xd, r)) / s - lam[k] * pf * (1 - alpha) * sb
      l1 <- lam[k] * alpha * pf
      v <- ifelse(sb > 0, abs(g - l1), ifelse(sb < 0, abs(g + l1), pmax(0, abs(g) - l1)))
      krel <- max(krel, v, abs(sum(r)))
      betas[[k]] <- arr(b)
      a0s[[k]] <- a0
    }
  }
  out <- list(
    name = name, description = description, family = family, n = as.integer(n), p = as.integer(p),
    x = arr(as.double(xd)), y = arr(as.double(y)),
    classCount = as.integer(K), grouped = grouped,
    weights = if (is.null(weights)) NULL else arr(as.double(weights)),
    offset = if (is.null(offset)) NULL else arr(as.double(offset)),
    alpha = as.double(alpha),
    penaltyFactor = if (is.null(penalty.factor)) NULL else arr(as.double(penalty.factor)),
    userLambda = !is.null(lambda),
    lambda = arr(lam),
    a0 = if (K > 1) arr(a0s) else arr(unlist(a0s)),
    beta = arr(betas),
    objective = arr(obj),
    devRatio = arr(as.double(fit$dev.ratio)), nulldev = as.double(fit$nulldev),
    xScale = arr(s), kktMaxViolation = krel
  )
  path <- file.path(OUTDIR, paste0(name, ".json"))
  writeLines(to_json(out), path, useBytes = TRUE)
  back <- fromJSON(path, simplifyVector = TRUE)
  if (!identical(as.double(back$objective), obj) || !identical(as.double(back$lambda), lam))
    stop(sprintf("%s: JSON values did not read back identically", name))
  summary_rows[[name]] <<- data.frame(case = name, family = family, n = n, p = p, K = K, nlambda = nl,
    alpha = alpha, kkt = signif(krel, 3), devratio_last = signif(tail(fit$dev.ratio, 1), 4),
    KB = round(file.size(path) / 1024), stringsAsFactors = FALSE)
  invisible(fit)
}

# ---------------------------------------------------------------------------
data(BinomialExample, package = "glmnet"); bx <- BinomialExample$x; by <- as.double(BinomialExample$y)
data(PoissonExample, package = "glmnet"); px <- PoissonExample$x; py <- as.double(PoissonExample$y)
data(MultinomialExample, package = "glmnet"); mx <- MultinomialExample$x; my <- as.double(MultinomialExample$y)
bc <- read.csv("Examples/breast_cancer.csv"); bcx <- as.matrix(bc[, setdiff(names(bc), "y")]); bcy <- as.double(bc$y)
wi <- read.csv("Examples/wine.csv"); wix <- as.matrix(wi[, setdiff(names(wi), "y")]); wiy <- as.double(wi$y)

bn <- nrow(bx); bp <- ncol(bx)
b_w <- 1 + (seq_len(bn) %% 3)
b_off <- 0.3 * sin(seq_len(bn))
b_pf <- rep(1, bp); b_pf[c(1, 2)] <- 0; b_pf[c(5, 10)] <- 2

run_case("binomial_example", "glmnet BinomialExample (n 100, p 30), lasso, default grid", "binomial", bx, by)
run_case("binomial_enet",
         "BinomialExample, alpha 0.5, weights 1 + (i %% 3), offset 0.3 sin(i), penalty factors (0 for features 1,2; 2 for 5,10)",
         "binomial", bx, by, weights = b_w, offset = b_off, alpha = 0.5, penalty.factor = b_pf)
run_case("breast_cancer", "scikit-learn breast cancer (n 569, p 30, original scale), lasso, default grid",
         "binomial", bcx, bcy)
run_case("breast_cancer_enet", "breast cancer, alpha 0.2, default grid", "binomial", bcx, bcy, alpha = 0.2)

pn <- nrow(px); pp <- ncol(px)
p_w <- 1 + (seq_len(pn) %% 4) / 2
p_off <- log(1 + (seq_len(pn) %% 5))
p_pf <- rep(1, pp); p_pf[3] <- 0; p_pf[c(4, 8)] <- 3
run_case("poisson_example", "glmnet PoissonExample (n 500, p 20), lasso, default grid", "poisson", px, py)
run_case("poisson_enet",
         "PoissonExample, alpha 0.3, weights 1 + (i %% 4)/2, offset log(1 + i %% 5), penalty factors (0 for feature 3; 3 for 4,8)",
         "poisson", px, py, weights = p_w, offset = p_off, alpha = 0.3, penalty.factor = p_pf)

mn <- nrow(mx)
m_w <- 1 + (seq_len(mn) %% 3)
run_case("multinomial_example", "glmnet MultinomialExample (n 500, p 30, K 3), lasso, ungrouped, default grid",
         "multinomial", mx, my)
run_case("multinomial_grouped", "MultinomialExample, alpha 0.5, weights 1 + (i %% 3), grouped, default grid",
         "multinomial", mx, my, weights = m_w, alpha = 0.5, grouped = TRUE)
run_case("wine", "scikit-learn wine (n 178, p 13, K 3, original scale), lasso, ungrouped, default grid",
         "multinomial", wix, wiy)
run_case("wine_grouped", "wine, lasso, grouped, default grid", "multinomial", wix, wiy, grouped = TRUE)

tab <- do.call(rbind, summary_rows); rownames(tab) <- NULL
cat("\nGLM fixtures written to", OUTDIR, "\n")
cat("kkt: max KKT violation of OUR objective at glmnet's solution (standardized scale)\n\n")
print(tab, row.names = FALSE)
