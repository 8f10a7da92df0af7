"""Absolute value without abs()."""


def absolute(x):
    # The mistake this example exists for: the template ships a working solution.
    return -x if x < 0 else x
