"""Matrix operations on lists of lists (rows), without NumPy."""


def shape(a):
    """(rows, columns) of matrix a; raise ValueError if the rows differ in length."""
    # TODO
    raise NotImplementedError


def identity(n):
    """The n x n identity matrix."""
    # TODO
    raise NotImplementedError


def transpose(a):
    """The transpose of a."""
    # TODO
    raise NotImplementedError


def matmul(a, b):
    """The matrix product a @ b; raise ValueError if the shapes do not fit."""
    # TODO: c[i][j] = sum over k of a[i][k] * b[k][j]
    raise NotImplementedError


def det(a):
    """Determinant of a square matrix by Gaussian elimination with partial pivoting."""
    # TODO: bring the matrix to upper triangular form; every row swap
    #       changes the sign, the determinant is the product of the diagonal
    raise NotImplementedError
