# Descriptive statistics by hand.
# Do not use mean(), median(), var(), sd() or quantile() in your functions.

load_values <- function(path = file.path("data", "input", "values.csv")) {
  read.csv(path, stringsAsFactors = FALSE)
}

my_mean <- function(x) {
  # TODO: arithmetic mean
  stop("not implemented")
}

my_median <- function(x) {
  # TODO: sort x; distinguish odd and even length
  stop("not implemented")
}

my_sd <- function(x) {
  # TODO: sample standard deviation (divide by n - 1)
  stop("not implemented")
}

z_scores <- function(x) {
  # TODO
  stop("not implemented")
}

describe <- function(x) {
  # TODO: drop NA values, then return the named vector
  #       c(n = ..., mean = ..., median = ..., sd = ..., min = ..., max = ...)
  stop("not implemented")
}

describe_by_group <- function(df) {
  # TODO: one row per group (sorted), columns group, n, mean, median, sd, min, max
  stop("not implemented")
}

if (sys.nframe() == 0) {
  print(describe_by_group(load_values()))
}
