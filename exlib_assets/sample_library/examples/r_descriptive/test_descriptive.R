# Tests for descriptive.R (not shown to students). Run: Rscript test_descriptive.R
library(testthat)
source("descriptive.R")

x_odd <- c(4, 1, 3, 5, 2)
x_even <- c(10, 2, 8, 4)

test_that("my_mean agrees with mean()", {
  expect_equal(my_mean(x_odd), 3)
  expect_equal(my_mean(x_even), mean(x_even))
})

test_that("my_median handles odd and even length", {
  expect_equal(my_median(x_odd), 3)
  expect_equal(my_median(x_even), 6)
  expect_equal(my_median(c(7)), 7)
})

test_that("my_sd is the sample standard deviation", {
  expect_equal(my_sd(x_odd), sd(x_odd))
  expect_equal(my_sd(x_even), sd(x_even))
})

test_that("z_scores have mean 0 and sd 1", {
  z <- z_scores(x_even)
  expect_equal(mean(z), 0)
  expect_equal(sd(z), 1)
})

test_that("describe drops NA values", {
  d <- describe(c(1, NA, 3))
  expect_named(d, c("n", "mean", "median", "sd", "min", "max"))
  expect_equal(unname(d["n"]), 2)
  expect_equal(unname(d["mean"]), 2)
})

test_that("describe_by_group summarises the data file", {
  df <- load_values()
  res <- describe_by_group(df)
  expect_equal(res$group, c("control", "treatment"))
  expect_equal(res$n, c(9, 10))
  control <- df$value[df$group == "control" & !is.na(df$value)]
  expect_equal(res$mean[1], mean(control))
  expect_equal(res$median[1], median(control))
  expect_equal(res$max[2], 16.3)
})

test_that("the built-in functions are not used", {
  fns <- list(my_mean, my_median, my_sd, z_scores, describe)
  body_text <- paste(unlist(lapply(fns, function(f) deparse(body(f)))), collapse = " ")
  expect_false(grepl("\\b(mean|median|var|sd|quantile)\\(", body_text, perl = TRUE))
})
