using ForgeScheduler.Solver.Fjsp;

namespace ForgeScheduler.Solver.Tests.Fjsp;

public sealed class FjspInstanceTests
{
    [Fact]
    public void RejectsAMachineBeyondTheMachineCount()
    {
        FjspJob[] jobs = [new([new FjspOperation([new FjspAlternative(3, 5)])])];

        var exception = Assert.Throws<ArgumentException>(() => new FjspInstance(jobs, 2));
        Assert.Contains("machine 3", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAnOperationWithoutMachines()
    {
        Assert.Throws<ArgumentException>(() => new FjspOperation([]));
    }

    [Fact]
    public void RejectsZeroBasedMachinesAndNegativeDurations()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FjspAlternative(0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FjspAlternative(1, -1));
    }
}
