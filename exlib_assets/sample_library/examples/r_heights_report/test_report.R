library(testthat)

# The report's code, without knitting it: purl extracts the chunks.
knitr::purl("report.Rmd", output = "report_code.R", quiet = TRUE)
source("report_code.R")

test_that("group means", {
  expect_equal(unname(group_means(heights)), c(173.9, 164.34))
  expect_equal(names(group_means(heights)), c("a", "b"))
})
