# Descriptive statistics by hand.
# Do not use mean(), median(), var(), sd() or quantile() in your functions.

load_values <- function(path = file.path("data", "input", "values.csv")) {
  read.csv(path, stringsAsFactors = FALSE)
}

# BEGIN SOLUTION
my_mean <- function(x) {
  sum(x) / length(x)
}

my_median <- function(x) {
  s <- sort(x)
  n <- length(s)
  if (n %% 2 == 1) {
    s[(n + 1) / 2]
  } else {
    (s[n / 2] + s[n / 2 + 1]) / 2
  }
}

my_sd <- function(x) {
  n <- length(x)
  sqrt(sum((x - my_mean(x))^2) / (n - 1))
}

z_scores <- function(x) {
  (x - my_mean(x)) / my_sd(x)
}

describe <- function(x) {
  x <- x[!is.na(x)]
  c(n = length(x), mean = my_mean(x), median = my_median(x),
    sd = my_sd(x), min = min(x), max = max(x))
}

describe_by_group <- function(df) {
  groups <- sort(unique(df$group))
  rows <- lapply(groups, function(g) describe(df$value[df$group == g]))
  result <- as.data.frame(do.call(rbind, rows))
  result <- cbind(group = groups, result, stringsAsFactors = FALSE)
  rownames(result) <- NULL
  result
}
# END SOLUTION

if (sys.nframe() == 0) {
  print(describe_by_group(load_values()))
}
