"""Tests for matrix_ops (not shown to students)."""
import pytest

from matrix_ops import det, identity, matmul, shape, transpose

A = [[1, 2, 3], [4, 5, 6]]
B = [[7, 8], [9, 10], [11, 12]]


def test_shape():
    assert shape(A) == (2, 3)
    assert shape([[5]]) == (1, 1)
    with pytest.raises(ValueError):
        shape([[1, 2], [3]])


def test_identity():
    assert identity(3) == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]


def test_transpose():
    assert transpose(A) == [[1, 4], [2, 5], [3, 6]]
    assert transpose(transpose(B)) == B


def test_matmul():
    assert matmul(A, B) == [[58, 64], [139, 154]]
    assert matmul(identity(2), A) == A
    with pytest.raises(ValueError):
        matmul(A, A)


@pytest.mark.parametrize("m, expected", [
    ([[3]], 3.0),
    ([[1, 2], [3, 4]], -2.0),
    ([[0, 1], [1, 0]], -1.0),
    ([[2, 0, 1], [1, 3, 2], [1, 1, 2]], 6.0),
    ([[1, 2, 3], [4, 5, 6], [7, 8, 9]], 0.0),
])
def test_det(m, expected):
    assert det(m) == pytest.approx(expected, abs=1e-9)


def test_det_not_square():
    with pytest.raises(ValueError):
        det(A)
