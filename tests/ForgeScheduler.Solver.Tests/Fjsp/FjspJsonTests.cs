using ForgeScheduler.Solver.Fjsp;

namespace ForgeScheduler.Solver.Tests.Fjsp;

public sealed class FjspJsonTests
{
    [Fact]
    public void WritesMakespanAndOperationsOrderedByJobThenOperation()
    {
        var result = new FjspResult(
            "OPTIMAL",
            12,
            12,
            0.5,
            [new(2, 1, 1, 0, 6), new(1, 2, 1, 6, 7), new(1, 1, 2, 0, 4)]);

        var json = FjspJson.Write(result);

        Assert.Equal(
            """{"makespan":12,"operations":[{"job":1,"op":1,"machine":2,"start":0,"end":4},{"job":1,"op":2,"machine":1,"start":6,"end":7},{"job":2,"op":1,"machine":1,"start":0,"end":6}]}""",
            json);
    }

    [Fact]
    public void RefusesAResultWithoutSchedule()
    {
        var result = new FjspResult("INFEASIBLE", null, null, 0.1, []);

        var exception = Assert.Throws<ArgumentException>(() => FjspJson.Write(result));
        Assert.Contains("INFEASIBLE", exception.Message, StringComparison.Ordinal);
    }
}
