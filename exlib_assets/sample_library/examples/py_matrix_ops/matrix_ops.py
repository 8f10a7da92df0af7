"""Matrix operations on lists of lists (rows), without NumPy."""


# BEGIN SOLUTION
def shape(a):
    """(rows, columns) of matrix a; raise ValueError if the rows differ in length."""
    rows = len(a)
    cols = len(a[0]) if rows else 0
    if any(len(row) != cols for row in a):
        raise ValueError("ragged matrix")
    return rows, cols


def identity(n):
    """The n x n identity matrix."""
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]


def transpose(a):
    """The transpose of a."""
    rows, cols = shape(a)
    return [[a[i][j] for i in range(rows)] for j in range(cols)]


def matmul(a, b):
    """The matrix product a @ b; raise ValueError if the shapes do not fit."""
    n, m = shape(a)
    m2, p = shape(b)
    if m != m2:
        raise ValueError(f"cannot multiply {n}x{m} by {m2}x{p}")
    return [[sum(a[i][k] * b[k][j] for k in range(m)) for j in range(p)] for i in range(n)]


def det(a):
    """Determinant of a square matrix by Gaussian elimination with partial pivoting."""
    n, m = shape(a)
    if n != m:
        raise ValueError("determinant needs a square matrix")
    u = [[float(x) for x in row] for row in a]
    result = 1.0
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(u[r][col]))
        if u[pivot][col] == 0:
            return 0.0
        if pivot != col:
            u[col], u[pivot] = u[pivot], u[col]
            result = -result
        result *= u[col][col]
        for r in range(col + 1, n):
            factor = u[r][col] / u[col][col]
            for c in range(col, n):
                u[r][c] -= factor * u[col][c]
    return result
# END SOLUTION
