# Tests for newton.jl (not shown to students). Run: julia test_newton.jl
using Test

include("newton.jl")

@testset "Newton's method" begin
    @testset "square root of 2" begin
        root, k = newton(x -> x^2 - 2, x -> 2x, 1.0)
        @test root ≈ sqrt(2) atol=1e-12
        @test k <= 7            # quadratic convergence
    end

    @testset "fixed point of cos" begin
        root, _ = newton(x -> cos(x) - x, x -> -sin(x) - 1, 1.0)
        @test root ≈ 0.7390851332151607 atol=1e-12
    end

    @testset "integer start value" begin
        root, _ = newton(x -> x^3 - 27, x -> 3x^2, 5)
        @test root isa AbstractFloat
        @test root ≈ 3.0
    end

    @testset "tolerance keyword" begin
        _, k_loose = newton(x -> x^2 - 2, x -> 2x, 10.0; tol=1e-3)
        _, k_tight = newton(x -> x^2 - 2, x -> 2x, 10.0; tol=1e-14)
        @test k_loose < k_tight
    end

    @testset "errors" begin
        @test_throws ErrorException newton(x -> x^2 + 1, x -> 2x, 0.0)
        @test_throws ErrorException newton(x -> x^2 + 1, x -> 2x, 0.5; maxiter=20)
    end
end
