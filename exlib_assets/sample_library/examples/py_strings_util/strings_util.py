"""String utilities used by several later exercises (e.g. the Caesar cipher)."""

VOWELS = "aeiou"


# BEGIN SOLUTION
def reverse(s):
    """Return s reversed."""
    return s[::-1]


def is_palindrome(s):
    """True if s reads the same forwards and backwards.

    Case, blanks and punctuation are ignored.
    """
    letters = [c.lower() for c in s if c.isalnum()]
    return letters == letters[::-1]


def count_vowels(s):
    """Number of vowels (a, e, i, o, u; any case) in s."""
    return sum(1 for c in s.lower() if c in VOWELS)


def shift_char(c, k):
    """Shift an ASCII letter by k positions, wrapping around the alphabet.

    The case of the letter is kept; every other character is returned unchanged.
    """
    if "a" <= c <= "z":
        base = ord("a")
    elif "A" <= c <= "Z":
        base = ord("A")
    else:
        return c
    return chr(base + (ord(c) - base + k) % 26)
# END SOLUTION
