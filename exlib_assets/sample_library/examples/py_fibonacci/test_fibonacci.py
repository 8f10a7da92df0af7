"""Tests for the Fibonacci exercise (not shown to students)."""
import pytest

from fibonacci import fib, fib_list, fib_rec

KNOWN = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610]


@pytest.mark.parametrize("n", range(len(KNOWN)))
def test_fib_small(n):
    assert fib(n) == KNOWN[n]


def test_fib_large():
    assert fib(90) == 2880067194370816120


def test_fib_rec_matches_fib():
    assert [fib_rec(n) for n in range(60)] == [fib(n) for n in range(60)]


def test_fib_rec_is_fast():
    # without memoisation this would take far too long
    assert fib_rec(200) == fib(200)


def test_fib_list():
    assert fib_list(0) == []
    assert fib_list(1) == [0]
    assert fib_list(len(KNOWN)) == KNOWN


@pytest.mark.parametrize("f", [fib, fib_rec])
def test_negative_raises(f):
    with pytest.raises(ValueError):
        f(-1)
