"""Tests for strings_util (not shown to students)."""
import pytest

from strings_util import count_vowels, is_palindrome, reverse, shift_char


@pytest.mark.parametrize("s, expected", [("", ""), ("a", "a"), ("abc", "cba"), ("Hello", "olleH")])
def test_reverse(s, expected):
    assert reverse(s) == expected


@pytest.mark.parametrize("s", ["", "otto", "Anna", "A man, a plan, a canal: Panama"])
def test_is_palindrome_true(s):
    assert is_palindrome(s)


@pytest.mark.parametrize("s", ["python", "ab", "Hello, olleh!x"])
def test_is_palindrome_false(s):
    assert not is_palindrome(s)


def test_count_vowels():
    assert count_vowels("") == 0
    assert count_vowels("rhythm") == 0
    assert count_vowels("Education") == 5


def test_shift_char():
    assert shift_char("a", 1) == "b"
    assert shift_char("z", 1) == "a"
    assert shift_char("Y", 3) == "B"
    assert shift_char("c", -3) == "z"
    assert shift_char("a", 52) == "a"
    assert shift_char("!", 5) == "!"
    assert shift_char("7", 5) == "7"
