# Shared by the fixture scripts: a minimal JSON writer whose doubles round-trip exactly.
# Source it after setting DIGITS17 (TRUE writes every number with %.17g) and loading jsonlite.
#
# Minimal JSON writer with round-trip doubles.
# jsonlite's digits = NA prints only 15 significant digits (not round-trip), and R's own
# as.double() is not correctly rounded (it accepts e.g. "0.3812821817218289" for the
# double 0x1.866ed6142bcfap-2, which correct parsers read as ...cf9p-2). So candidate
# strings are parsed back with jsonlite's parser (C strtod, correctly rounded), and the
# shortest of %.15g / %.16g / %.17g that reads back to the same double is used.
parse_back <- function(s) as.double(fromJSON(paste0("[", paste(s, collapse = ","), "]")))
fmt_num <- function(v) {
  v <- as.double(v)
  if (any(!is.finite(v))) stop("non-finite number in fixture")
  if (DIGITS17) return(sprintf("%.17g", v))
  s <- sprintf("%.15g", v)
  bad <- parse_back(s) != v
  if (any(bad)) {
    s16 <- sprintf("%.16g", v[bad])
    bad16 <- parse_back(s16) != v[bad]
    s16[bad16] <- sprintf("%.17g", v[bad][bad16])
    s[bad] <- s16
  }
  s
}
arr <- function(v) structure(list(v = v), class = "jarr")   # always a JSON array
to_json <- function(z, indent = "") {
  if (is.null(z)) return("null")
  if (inherits(z, "jarr")) {
    v <- z$v
    if (is.list(v)) {  # array of arrays, one per line
      inner <- vapply(v, to_json, "", indent = paste0(indent, "  "))
      return(paste0("[\n", indent, "  ", paste(inner, collapse = paste0(",\n", indent, "  ")),
                    "\n", indent, "]"))
    }
    if (is.logical(v)) items <- ifelse(v, "true", "false")
    else if (is.integer(v)) items <- as.character(v)
    else items <- fmt_num(v)
    return(paste0("[", paste(items, collapse = ","), "]"))
  }
  if (is.list(z)) {
    keys <- names(z)
    vals <- vapply(seq_along(z), function(k) to_json(z[[k]], paste0(indent, "  ")), "")
    return(paste0("{\n", paste0(indent, "  ", '"', keys, '": ', vals, collapse = ",\n"),
                  "\n", indent, "}"))
  }
  stopifnot(length(z) == 1)
  if (is.character(z)) return(as.character(toJSON(unbox(z))))
  if (is.logical(z)) return(if (z) "true" else "false")
  if (is.integer(z)) return(as.character(z))
  fmt_num(z)
}

