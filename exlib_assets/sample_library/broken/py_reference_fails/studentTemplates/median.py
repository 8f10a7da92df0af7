"""Median of a list of numbers."""


def median(values):
    """The middle value of the sorted values (the mean of the two middle ones for an even count)."""
    raise NotImplementedError
