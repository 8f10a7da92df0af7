"""String utilities used by several later exercises (e.g. the Caesar cipher)."""

VOWELS = "aeiou"


def reverse(s):
    """Return s reversed."""
    # TODO
    raise NotImplementedError


def is_palindrome(s):
    """True if s reads the same forwards and backwards.

    Case, blanks and punctuation are ignored.
    """
    # TODO
    raise NotImplementedError


def count_vowels(s):
    """Number of vowels (a, e, i, o, u; any case) in s."""
    # TODO
    raise NotImplementedError


def shift_char(c, k):
    """Shift an ASCII letter by k positions, wrapping around the alphabet.

    The case of the letter is kept; every other character is returned unchanged.
    """
    # TODO: use ord() and chr() and the modulo operator
    raise NotImplementedError
