"""
    newton(f, df, x0; tol=1e-12, maxiter=50) -> (root, iterations)

Find a root of `f` with Newton's method, starting at `x0`; `df` is the
derivative of `f`. Stop as soon as the Newton step satisfies
`abs(step) <= tol * max(1, abs(x))`. Throw an error if the derivative
vanishes or if there is no convergence within `maxiter` iterations.
"""
function newton(f, df, x0; tol=1e-12, maxiter=50)
    # BEGIN SOLUTION
    x = float(x0)
    for k in 1:maxiter
        d = df(x)
        d == 0 && error("derivative is zero at x = $x")
        step = f(x) / d
        x -= step
        abs(step) <= tol * max(1, abs(x)) && return x, k
    end
    error("no convergence after $maxiter iterations")
    # END SOLUTION
end

if abspath(PROGRAM_FILE) == @__FILE__
    root, k = newton(x -> x^2 - 2, x -> 2x, 1.0)
    println("sqrt(2) ≈ $root after $k iterations")
end
