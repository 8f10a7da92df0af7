"""Fibonacci numbers: F(0) = 0, F(1) = 1, F(n) = F(n-1) + F(n-2)."""
from functools import lru_cache


# BEGIN SOLUTION
def fib(n):
    """F(n), computed iteratively. Raise ValueError for negative n."""
    if n < 0:
        raise ValueError("n must be non-negative")
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


@lru_cache(maxsize=None)
def fib_rec(n):
    """F(n), computed recursively with memoisation."""
    if n < 0:
        raise ValueError("n must be non-negative")
    if n < 2:
        return n
    return fib_rec(n - 1) + fib_rec(n - 2)


def fib_list(n):
    """The list [F(0), F(1), ..., F(n-1)] of the first n Fibonacci numbers."""
    result = []
    a, b = 0, 1
    for _ in range(n):
        result.append(a)
        a, b = b, a + b
    return result
# END SOLUTION


if __name__ == "__main__":
    print(fib_list(15))
