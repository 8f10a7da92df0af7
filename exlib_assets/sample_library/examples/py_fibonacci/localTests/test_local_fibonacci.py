"""Quick self-checks:  python -m pytest localTests"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fibonacci import fib, fib_list  # noqa: E402


def test_first_values():
    assert [fib(n) for n in range(7)] == [0, 1, 1, 2, 3, 5, 8]


def test_list_length():
    assert len(fib_list(10)) == 10
