"""Median of a list of numbers."""


def median(values):
    """The middle value of the sorted values (the mean of the two middle ones for an even count)."""
    ordered = sorted(values)
    # The bug this example exists for: an even count takes the upper middle value only.
    return ordered[len(ordered) // 2]
