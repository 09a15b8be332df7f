#!/usr/bin/env Rscript
# Reference multinomial fits with per-class offsets (an n x K offset matrix) for the CLI's
# --offset C1,...,CK, from R glmnet (thresh = 1e-14).
#
# Usage (from the repository root):
#   Rscript scripts/make_multinomial_offset_fixtures.R
# Reads Examples/wine.csv (scikit-learn's wine data, exported by scripts/export_glm_data.py).
# Writes Tests/ShrinkIOTests/Fixtures/multinomial_offset/:
#   wine_offsets.csv       the 13 wine features, the cultivar as text (class 0 "barolo",
#                          1 "grignolino", 2 "barbera"; R sorts them barbera, barolo, grignolino)
#                          and three offset columns off_grignolino, off_barbera, off_barolo
#                          (deliberately not in class order; N(0, 0.7^2), 4 decimals, seed 20261127)
#   ungrouped.json         glmnet(x, factor(cultivar), family = "multinomial", offset = cbind(off_barbera,
#                          off_barolo, off_grignolino), alpha = 1, nlambda = 15)
#   grouped_enet.json      the same with type.multinomial = "grouped", alpha = 0.5
#   Each: classes (R's levels), lambda, a0 (K per lambda, centered to sum 0 as glmnet reports
#   them), beta (per lambda, K arrays of p), df, devRatio, nulldev, and predictResponse: the class
#   probabilities of every row (predict with newoffset) at lambda number predictLambdaIndex (1-based).
# Needs: R packages glmnet (made with 4.1-6), jsonlite.
# Objective: glmnet's multinomial objective is Shrink's: -(1/N) sum loglik + lambda * penalty on
# standardized x, with lambda and alpha mapping directly (no rescaling outside the gaussian family).
suppressPackageStartupMessages({ library(glmnet); library(jsonlite) })
DIGITS17 <- FALSE
source(file.path("scripts", "fixture_json.R"))
out <- file.path("Tests", "ShrinkIOTests", "Fixtures", "multinomial_offset")
dir.create(out, showWarnings = FALSE, recursive = TRUE)

wine <- read.csv(file.path("Examples", "wine.csv"), check.names = FALSE)
features <- setdiff(names(wine), "y")
n <- nrow(wine)
set.seed(20261127)
off <- matrix(round(rnorm(n * 3, sd = 0.7), 4), n, 3)
df <- wine[, features]
df$cultivar <- c("barolo", "grignolino", "barbera")[wine$y + 1]
df$off_grignolino <- off[, 1]
df$off_barbera <- off[, 2]
df$off_barolo <- off[, 3]
write.csv(df, file.path(out, "wine_offsets.csv"), row.names = FALSE, quote = FALSE)

# Read back what the CSV holds so both sides see the same numbers.
df <- read.csv(file.path(out, "wine_offsets.csv"), check.names = FALSE)
x <- as.matrix(df[, features])
y <- factor(df$cultivar)
stopifnot(identical(levels(y), c("barbera", "barolo", "grignolino")))
offset <- as.matrix(df[, paste0("off_", levels(y))])

run_case <- function(name, alpha, type) {
  fit <- glmnet(x, y, family = "multinomial", offset = offset, alpha = alpha, nlambda = 15,
                type.multinomial = type, thresh = 1e-14, maxit = 1e7)
  L <- length(fit$lambda)
  # Probabilities of every training row at the 5th lambda, with the rows' offsets (newoffset).
  probs <- predict(fit, newx = x, newoffset = offset, s = fit$lambda[5], type = "response")[, , 1]
  a0 <- lapply(seq_len(L), function(l) arr(as.double(fit$a0[, l])))
  beta <- lapply(seq_len(L), function(l) arr(lapply(levels(y), function(k) arr(as.double(fit$beta[[k]][, l])))))
  doc <- list(description = sprintf("glmnet multinomial (%s), offset matrix off_<class>, alpha %g, nlambda 15, thresh 1e-14",
                                    type, alpha),
              classes = "@CLASSES@", alpha = alpha, grouped = type == "grouped",
              lambda = arr(fit$lambda), a0 = arr(a0), beta = arr(beta), df = arr(as.integer(fit$df)),
              devRatio = arr(fit$dev.ratio), nulldev = fit$nulldev,
              predictLambdaIndex = 5L,
              predictResponse = arr(lapply(seq_len(nrow(x)), function(i) arr(as.double(probs[i, ])))))
  text <- sub('"@CLASSES@"', as.character(toJSON(levels(y))), to_json(doc), fixed = TRUE)
  writeLines(text, file.path(out, paste0(name, ".json")))
  cat(name, ": ", L, " lambdas, final dev.ratio ", fit$dev.ratio[L], "\n", sep = "")
}
run_case("ungrouped", 1, "ungrouped")
run_case("grouped_enet", 0.5, "grouped")
cat("wrote", out, "\n")
