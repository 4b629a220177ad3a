using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Rescheduling;

namespace ForgeScheduler.Solver.Tests.Rescheduling;

/// <summary>The one definition of a move: a start change of a minute or more, or another resource.</summary>
public sealed class ScheduleDiffTests
{
    private static readonly DateTimeOffset T = TestData.PlanStart;

    private static ScheduledOperation Op(string order, int step, string resource, double startMin, bool interrupted = false) =>
        new(order, step, step == 2 ? OperationKind.Forge : OperationKind.Heat, resource, $"{resource}/{order}", T.AddMinutes(startMin),
            T.AddMinutes(startMin + 30), 0, 0, null) { Interrupted = interrupted };

    private static Schedule Plan(params ScheduledOperation[] ops) => new("small", "test", ops);

    [Fact]
    public void StartChangeOfAMinuteOrMoreIsAMoveLessIsNot()
    {
        var before = Plan(Op("A", 1, "HF-1", 0), Op("B", 1, "HF-1", 0), Op("C", 1, "HF-1", 0));
        var after = Plan(Op("A", 1, "HF-1", 0.99), Op("B", 1, "HF-1", 1), Op("C", 1, "HF-2", -0.5));

        var diff = ScheduleDiff.Between(before, after);

        Assert.Equal((1, 1, 1, 2), (diff.Unchanged, diff.Moved, diff.Reassigned, diff.Changed));
        Assert.Equal(["B"], diff.Changes.Where(c => c.Moved).Select(c => c.Order));
        Assert.Equal(["C"], diff.Changes.Where(c => c.Reassigned).Select(c => c.Order));
    }

    [Fact]
    public void MovedAndReassignedTogetherCountOnceAsChanged()
    {
        var diff = ScheduleDiff.Between(Plan(Op("A", 1, "HF-1", 0)), Plan(Op("A", 1, "HF-2", 90)));

        var c = Assert.Single(diff.Changes);
        Assert.True(c.Moved && c.Reassigned);
        Assert.Equal(90, c.ShiftMinutes);
        Assert.Equal((1, 1, 1), (diff.Moved, diff.Reassigned, diff.Changed));
    }

    [Fact]
    public void InterruptedOperationIsListedOnceAndTheRedoIsComparedWithThePlannedStep()
    {
        var before = Plan(Op("A", 1, "HF-1", 0), Op("A", 2, "P-40", 200));
        var after = Plan(Op("A", 1, "HF-1", 0, interrupted: true), Op("A", 1, "HF-2", 120), Op("A", 2, "P-40", 320));

        var diff = ScheduleDiff.Between(before, after);

        Assert.Equal(1, diff.Interrupted);
        Assert.Equal((2, 1, 2, 0, 0), (diff.Moved, diff.Reassigned, diff.Changed, diff.Added, diff.Removed));
        // The same interruption in the next version is no change.
        Assert.Equal(0, ScheduleDiff.Between(after, after).Interrupted);
        Assert.Equal(0, ScheduleDiff.Between(after, after).Changed);
    }

    [Fact]
    public void WithoutAPreviousVersionEverythingIsAdded()
    {
        var diff = ScheduleDiff.Between(null, Plan(Op("A", 1, "HF-1", 0), Op("A", 2, "P-40", 40)));

        Assert.Equal((2, 0, 0), (diff.Added, diff.Changed, diff.Removed));
    }
}
