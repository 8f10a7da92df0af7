"""Tests for the Caesar cipher (not shown to students).

strings_util comes from the test dependency itpcp.pgph.py.strings_util and
serves as an independent reference implementation.
"""
import pytest

from caesar import decrypt, encrypt
from strings_util import shift_char


def reference_encrypt(text, shift):
    return "".join(shift_char(c, shift) for c in text)


def test_known_value():
    assert encrypt("Veni, vidi, vici.", 3) == "Yhql, ylgl, ylfl."


def test_wraps_around():
    assert encrypt("xyz", 3) == "abc"


def test_case_is_preserved():
    assert encrypt("ABC xyz", 1) == "BCD yza"
    assert decrypt("Khoor, Zruog!", 3) == "Hello, World!"


@pytest.mark.parametrize("shift", [0, 1, 13, 25, 26, -4, 100])
def test_matches_reference(shift):
    text = "The quick brown fox jumps over the lazy dog!"
    assert encrypt(text, shift) == reference_encrypt(text, shift)


# BEGIN HIDDEN TESTS
@pytest.mark.parametrize("shift", range(-30, 31, 7))
def test_roundtrip(shift):
    text = "Attack at DAWN, 5 o'clock"
    assert decrypt(encrypt(text, shift), shift) == text


def test_non_letters_unchanged():
    assert encrypt("0123 !?-_", 11) == "0123 !?-_"


def test_empty_string():
    assert encrypt("", 5) == ""
    assert decrypt("", 5) == ""
# END HIDDEN TESTS
