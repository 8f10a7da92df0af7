"""Fibonacci numbers: F(0) = 0, F(1) = 1, F(n) = F(n-1) + F(n-2)."""
from functools import lru_cache


def fib(n):
    """F(n), computed iteratively. Raise ValueError for negative n."""
    # TODO: use a loop and two variables
    raise NotImplementedError


@lru_cache(maxsize=None)
def fib_rec(n):
    """F(n), computed recursively with memoisation."""
    # TODO: base cases first, then the recursive step
    raise NotImplementedError


def fib_list(n):
    """The list [F(0), F(1), ..., F(n-1)] of the first n Fibonacci numbers."""
    # TODO
    raise NotImplementedError


if __name__ == "__main__":
    print(fib_list(15))
