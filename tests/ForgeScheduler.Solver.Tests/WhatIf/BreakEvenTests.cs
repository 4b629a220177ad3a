using ForgeScheduler.Solver.WhatIf;

namespace ForgeScheduler.Solver.Tests.WhatIf;

public class BreakEvenTests
{
    private static List<SweepPoint> Sweep(Func<double, double> asIs, Func<double, double> electrified) =>
        GridFactorSweep.Factors().Select(g => new SweepPoint(g, asIs(g), electrified(g))).ToList();

    [Fact]
    public void SweepRunsFromZeroToPointNineInStepsOfFiveHundredths()
    {
        var factors = GridFactorSweep.Factors();
        Assert.Equal(19, factors.Count);
        Assert.Equal(0.0, factors[0]);
        Assert.Equal(0.35, factors[7]);
        Assert.Equal(0.9, factors[^1]);
    }

    [Fact]
    public void LinearDifferenceBreaksEvenWhereItIsZero()
    {
        // as is 100 + 50 g, electrified 60 + 170 g: equal where 40 = 120 g, g = 1/3.
        var breakEven = GridFactorSweep.BreakEven(Sweep(g => 100 + 50 * g, g => 60 + 170 * g));
        Assert.Equal(1.0 / 3.0, breakEven!.Value, 1e-12);
    }

    [Fact]
    public void CrossingIsInterpolatedBetweenTheTwoPointsAroundIt()
    {
        // Difference −2 at 0.30 and +6 at 0.35: zero at 0.30 + 0.05 · 2 / 8 = 0.3125.
        var points = new List<SweepPoint> { new(0.25, 10, 5), new(0.30, 10, 8), new(0.35, 10, 16), new(0.40, 10, 30) };
        Assert.Equal(0.3125, GridFactorSweep.BreakEven(points)!.Value, 1e-12);
    }

    [Fact]
    public void ExactZeroAtASweepPointIsTheBreakEven()
    {
        var points = new List<SweepPoint> { new(0.0, 10, 8), new(0.05, 10, 10), new(0.10, 10, 12) };
        Assert.Equal(0.05, GridFactorSweep.BreakEven(points)!.Value, 1e-12);
    }

    [Fact]
    public void NoSignChangeMeansNoBreakEven()
    {
        Assert.Null(GridFactorSweep.BreakEven(Sweep(g => 100, g => 101 + 10 * g)));
        Assert.Null(GridFactorSweep.BreakEven(Sweep(g => 100 + g, g => 100 + g)));
    }

    [Fact]
    public void UnsortedPointsGiveTheSameBreakEven()
    {
        var points = Sweep(g => 100 + 50 * g, g => 60 + 170 * g);
        points.Reverse();
        Assert.Equal(1.0 / 3.0, GridFactorSweep.BreakEven(points)!.Value, 1e-12);
    }
}
