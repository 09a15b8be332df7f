#!/usr/bin/env Rscript
# Reference fits with offsets for the CLI's --offset, from R glmnet (thresh = 1e-14), and R's
# order of text class labels for --family binomial.
#
# Usage (from the repository root):
#   Rscript scripts/make_offset_fixtures.R
# Writes Tests/ShrinkIOTests/Fixtures/offset/:
#   poisson_exposure.csv   x1..x5, exposure, log_exposure, count, fold (n = 120, seed 20261127):
#                          count ~ Poisson(exposure * exp(0.2 + x'b)), b = (0.6, -0.4, 0, 0, 0.25)
#   poisson_exposure.json  glmnet(x, count, family = "poisson", offset = log_exposure, alpha = 1,
#                          nlambda = 20): lambda, a0, beta (one array per lambda), and cv.glmnet on
#                          the same lambdas with foldid = fold (deviance): cvm, cvsd
#   binomial_offset.csv    x1..x4, off, label ("no"/"yes", n = 100, seed 7)
#   binomial_offset.json   glmnet(x, factor(label), family = "binomial", offset = off, alpha = 0.5,
#                          nlambda = 15): lambda, a0, beta (modelling "yes", the second level)
#   label_order.json       random ASCII labels and R's sort() of them (R's default collation;
#                          R built with ICU sorts with the ICU root collation, see icuGetCollate())
# Needs: R packages glmnet (made with 4.1-6), jsonlite.
# Objectives: with alpha = 1 (poisson) glmnet minimizes -(1/N) sum loglik + lambda |b|_1 on
# standardized x, Shrink's objective; with alpha = 0.5 glmnet's binomial objective is also
# Shrink's (glmnet rescales the ridge term by sd(y) only for gaussian).
suppressPackageStartupMessages({ library(glmnet); library(jsonlite) })
DIGITS17 <- FALSE
source(file.path("scripts", "fixture_json.R"))
out <- file.path("Tests", "ShrinkIOTests", "Fixtures", "offset")
dir.create(out, showWarnings = FALSE, recursive = TRUE)
write_csv <- function(df, name) write.csv(df, file.path(out, name), row.names = FALSE, quote = FALSE)
path_json <- function(fit) list(lambda = arr(fit$lambda), a0 = arr(as.double(fit$a0)),
                                beta = arr(lapply(seq_along(fit$lambda), function(k) arr(as.double(fit$beta[, k])))))

# Poisson with exposure.
set.seed(20261127)
n <- 120; p <- 5
x <- matrix(round(rnorm(n * p), 4), n, p)
exposure <- round(runif(n, 0.5, 5), 3)
count <- rpois(n, exposure * exp(0.2 + x %*% c(0.6, -0.4, 0, 0, 0.25)))
fold <- rep(1:5, length.out = n)
df <- data.frame(x, exposure = exposure, log_exposure = log(exposure), count = count, fold = fold)
names(df)[1:p] <- paste0("x", 1:p)
write_csv(df, "poisson_exposure.csv")
# Read back what the CSV holds (log_exposure as written) so both sides see the same numbers.
df <- read.csv(file.path(out, "poisson_exposure.csv"))
x <- as.matrix(df[, paste0("x", 1:p)])
fit <- glmnet(x, df$count, family = "poisson", offset = df$log_exposure, alpha = 1, nlambda = 20, thresh = 1e-14, maxit = 1e7)
cv <- cv.glmnet(x, df$count, family = "poisson", offset = df$log_exposure, alpha = 1, lambda = fit$lambda,
                foldid = df$fold, thresh = 1e-14, maxit = 1e7)
stopifnot(isTRUE(all.equal(cv$lambda, fit$lambda)))
doc <- c(list(description = "glmnet poisson, offset log_exposure, alpha 1, nlambda 20, thresh 1e-14"), path_json(fit),
         list(cvm = arr(cv$cvm), cvsd = arr(cv$cvsd)))
writeLines(to_json(doc), file.path(out, "poisson_exposure.json"))

# Binomial with text labels and an offset.
set.seed(7)
n <- 100; p <- 4
x <- matrix(round(rnorm(n * p), 4), n, p)
off <- round(0.5 * sin(1:n), 4)
eta <- off - 0.3 + x %*% c(1.2, 0, -0.8, 0.4)
label <- ifelse(runif(n) < 1 / (1 + exp(-eta)), "yes", "no")
df <- data.frame(x, off = off, label = label)
names(df)[1:p] <- paste0("x", 1:p)
write_csv(df, "binomial_offset.csv")
df <- read.csv(file.path(out, "binomial_offset.csv"))
x <- as.matrix(df[, paste0("x", 1:p)])
y <- factor(df$label)
stopifnot(identical(levels(y), c("no", "yes")))
fit <- glmnet(x, y, family = "binomial", offset = df$off, alpha = 0.5, nlambda = 15, thresh = 1e-14, maxit = 1e7)
doc <- c(list(description = "glmnet binomial, labels no/yes (the second is modelled), offset off, alpha 0.5, nlambda 15, thresh 1e-14"),
         path_json(fit))
writeLines(to_json(doc), file.path(out, "binomial_offset.json"))

# R's order of text labels.
set.seed(3)
chars <- strsplit(" _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "")[[1]]
weights <- ifelse(chars %in% c(letters, LETTERS), 6, ifelse(chars %in% as.character(0:9), 3, 1))
labels <- unique(c("no", "Yes", "yes", "NO", "M", "B", "a", "B", "b", "A", "10", "9", "x-1", "x1", "x_1", "a b",
                   vapply(1:300, function(i) paste(sample(chars, sample(1:5, 1), replace = TRUE, prob = weights), collapse = ""), "")))
labels <- labels[trimws(labels) == labels & nchar(labels) > 0]  # CSV cells are trimmed; keep them as written
writeLines(toJSON(list(collation = icuGetCollate(), labels = labels, sorted = sort(labels)), auto_unbox = TRUE, pretty = TRUE),
           file.path(out, "label_order.json"))
cat("wrote", out, "\n")
