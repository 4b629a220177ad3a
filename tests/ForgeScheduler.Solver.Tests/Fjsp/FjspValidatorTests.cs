using ForgeScheduler.Solver.Fjsp;

namespace ForgeScheduler.Solver.Tests.Fjsp;

public sealed class FjspValidatorTests
{
    // The optimal schedule of FjspTestData.TwoJobs (makespan 12).
    private static readonly FjspScheduledOperation[] Optimal =
    [
        new(1, 1, 2, 0, 4),
        new(1, 2, 1, 6, 7),
        new(2, 1, 1, 0, 6),
        new(2, 2, 2, 6, 12),
    ];

    [Fact]
    public void AcceptsAValidSchedule()
    {
        Assert.Empty(FjspValidator.Validate(FjspTestData.TwoJobsInstance, Result(12, Optimal)));
    }

    [Fact]
    public void RejectsAMachineTheOperationCannotUse()
    {
        var operations = Replace(0, new FjspScheduledOperation(1, 1, 3, 0, 4));

        var violation = Assert.Single(FjspValidator.Validate(FjspTestData.TwoJobsInstance, Result(12, operations)));
        Assert.Contains("job 1 op 1 runs on machine 3, which is not one of its machines (1, 2)", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAWrongDuration()
    {
        // On M2 job 1 op 1 takes 4, not 3.
        var operations = Replace(0, new FjspScheduledOperation(1, 1, 2, 0, 3));

        var violation = Assert.Single(FjspValidator.Validate(FjspTestData.TwoJobsInstance, Result(12, operations)));
        Assert.Contains("takes 4 there", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsOverlapOnAMachine()
    {
        // Job 1 op 2 moved to [5,6) overlaps job 2 op 1 on M1 [0,6).
        var operations = Replace(1, new FjspScheduledOperation(1, 2, 1, 5, 6));

        var violation = Assert.Single(FjspValidator.Validate(FjspTestData.TwoJobsInstance, Result(12, operations)));
        Assert.Contains("machine 1: job 1 op 2 (5..6) overlaps job 2 op 1 (0..6)", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAnOperationStartingBeforeItsPredecessorEnds()
    {
        // Job 2 op 2 moved to [5,11) on M2 is free there (job 1 op 1 ends at 4), but op 1 ends at 6.
        var operations = Replace(3, new FjspScheduledOperation(2, 2, 2, 5, 11));

        var violation = Assert.Single(FjspValidator.Validate(FjspTestData.TwoJobsInstance, Result(11, operations)));
        Assert.Contains("job 2 op 2 starts at 5, before op 1 ends at 6", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsMissingAndDuplicatedOperations()
    {
        FjspScheduledOperation[] operations = [Optimal[0], Optimal[0], Optimal[2], Optimal[3]];

        var violations = FjspValidator.Validate(FjspTestData.TwoJobsInstance, Result(12, operations));

        Assert.Contains("job 1 op 1 is scheduled more than once", violations);
        Assert.Contains("job 1 op 2 is not scheduled", violations);
    }

    [Fact]
    public void RejectsAnOperationThatDoesNotExist()
    {
        FjspScheduledOperation[] operations = [.. Optimal, new(3, 1, 1, 12, 13)];

        var violations = FjspValidator.Validate(FjspTestData.TwoJobsInstance, Result(13, operations));

        Assert.Equal(["job 3 op 1 does not exist in the instance"], violations);
    }

    [Fact]
    public void RejectsAMakespanThatIsNotTheLatestEnd()
    {
        var violation = Assert.Single(FjspValidator.Validate(FjspTestData.TwoJobsInstance, Result(11, Optimal)));
        Assert.Equal("the makespan is 11, but the latest operation ends at 12", violation);
    }

    [Fact]
    public void RejectsAResultWithoutSchedule()
    {
        var result = new FjspResult("UNKNOWN", null, null, 1.0, []);

        Assert.Equal(["the result has no schedule (status UNKNOWN)"], FjspValidator.Validate(FjspTestData.TwoJobsInstance, result));
    }

    private static FjspResult Result(long makespan, IReadOnlyList<FjspScheduledOperation> operations) =>
        new("FEASIBLE", makespan, 0, 0.0, operations);

    private static FjspScheduledOperation[] Replace(int index, FjspScheduledOperation operation)
    {
        var copy = (FjspScheduledOperation[])Optimal.Clone();
        copy[index] = operation;
        return copy;
    }
}
