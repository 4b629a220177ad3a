using ForgeScheduler.Solver.Fjsp;
using ForgeScheduler.Solver.Optimisation.Lns;
using ForgeScheduler.Solver.Tests.Fjsp;

namespace ForgeScheduler.Solver.Tests.Optimisation.Lns;

/// <summary>What each kind of neighbourhood frees, on items laid out by hand, and how the sizes adapt.</summary>
public sealed class LnsNeighbourhoodTests
{
    // Six items: resource 1 runs 0, 2, 4 one after the other; resource 2 runs 1, 3, 5. Groups: {0,1}, {2,3}, {4,5}.
    private static readonly LnsItem[] Items =
    [
        new(0, 10, [1], 0), new(0, 5, [2], 0),
        new(10, 20, [1], 1), new(5, 15, [2], 1),
        new(20, 30, [1], 2), new(15, 25, [2], 2),
    ];

    private sealed class NoSolution;

    [Fact]
    public void TimeWindowFreesItemsThatStartNextToEachOther()
    {
        // By start, then end: 1 (0–5), 0 (0–10), 3 (5), 2 (10), 5 (15), 4 (20). Any three consecutive in that order.
        string[] windows = ["0,1,3", "0,2,3", "2,3,5", "2,4,5"];
        for (var seed = 0; seed < 20; seed++)
        {
            var free = new TimeWindowNeighbourhood<NoSolution>().Select(new NoSolution(), Items, 3, new Random(seed));
            Assert.Contains(string.Join(',', free.Order()), windows);
        }
    }

    [Fact]
    public void ResourceFreesWholeResourcesAndARunOfTheLastOne()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var free = new ResourceNeighbourhood<NoSolution>().Select(new NoSolution(), Items, 4, new Random(seed));
            Assert.Equal(4, free.Count);
            // One resource whole (3 items) plus one item of the other.
            var onOne = free.Count(i => Items[i].Resources[0] == 1);
            Assert.True(onOne is 3 or 1, $"seed {seed}: {onOne} of resource 1");
        }
    }

    [Fact]
    public void GroupFreesWholeGroupsUntilTheSizeIsReached()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var free = new GroupNeighbourhood<NoSolution>().Select(new NoSolution(), Items, 3, new Random(seed));
            // 3 items need two groups of two.
            Assert.Equal(4, free.Count);
            Assert.All(free, i => Assert.Contains(i ^ 1, free));
        }
    }

    [Fact]
    public void RandomFreesExactlyTheSizeAsked()
    {
        var free = new RandomItemsNeighbourhood<NoSolution>().Select(new NoSolution(), Items, 4, new Random(1));
        Assert.Equal(4, free.Count);
        Assert.All(free, i => Assert.InRange(i, 0, 5));
    }

    [Fact]
    public void CriticalPathFollowsTightJobAndMachineArcsBackFromTheMakespan()
    {
        // Two jobs (FjspTestData.TwoJobs) scheduled at 12: J2 [0,6) on M1 then [6,12) on M2;
        // J1 op 1 [0,4) on M2, op 2 [6,7) on M1. Items in job order: J1o1, J1o2, J2o1, J2o2.
        // Only J2's chain is tight to the makespan: J2o2 ends at 12, starts when J2o1 ends.
        var instance = FjspTestData.TwoJobsInstance;
        var schedule = new FjspSchedule([[1, 0], [0, 0]], [[0, 6], [0, 6]], 12);
        var problem = new FjspLnsProblem(instance, 0);
        var neighbourhood = new FjspCriticalPathNeighbourhood(instance);

        var critical = neighbourhood.CriticalItems(problem.Items(schedule), 12);

        Assert.Equal([2, 3], critical.Order());
        // Asked for more than the path, it adds the nearest item on a machine of the path: J1 op 2
        // on M1 starts as J2 op 1 ends there (distance 0); J1 op 1 on M2 ends 2 before J2 op 2.
        var free = neighbourhood.Select(schedule, problem.Items(schedule), 3, new Random(1));
        Assert.Equal([1, 2, 3], free.Order());
    }

    [Fact]
    public void SizeGrowsAfterAFinishedSubSolveAndShrinksAfterOneCutOffByItsLimit()
    {
        var adaptation = new LnsAdaptation(["a"], initialSizeFraction: 0.2, minimumSize: 2);
        Assert.Equal(20, adaptation.TargetSize(0, 100));

        adaptation.Record(0, finished: true, accepted: false, primaryGain: 0, itemCount: 100);
        Assert.Equal(23, adaptation.TargetSize(0, 100)); // 0.2 × 1.15

        adaptation.Record(0, finished: false, accepted: false, primaryGain: 0, itemCount: 100);
        adaptation.Record(0, finished: false, accepted: false, primaryGain: 0, itemCount: 100);
        Assert.Equal(17, adaptation.TargetSize(0, 100)); // 0.23 / 1.15²

        // Never below the minimum size, never above all items.
        for (var i = 0; i < 100; i++) adaptation.Record(0, false, false, 0, 100);
        Assert.Equal(2, adaptation.TargetSize(0, 100));
        for (var i = 0; i < 100; i++) adaptation.Record(0, true, false, 0, 100);
        Assert.Equal(100, adaptation.TargetSize(0, 100));
    }

    [Fact]
    public void KindsThatSucceedAreDrawnMoreOften()
    {
        var adaptation = new LnsAdaptation(["good", "bad"], 0.2, 2);
        for (var i = 0; i < 20; i++)
        {
            adaptation.Record(0, false, accepted: true, primaryGain: 1, itemCount: 10);
            adaptation.Record(1, false, accepted: false, primaryGain: 0, itemCount: 10);
        }

        var random = new Random(5);
        var good = Enumerable.Range(0, 1000).Count(_ => adaptation.PickKind(random) == 0);

        // Weights ≈ (1 + 0.1) against (0 + 0.1): the good kind about 92 % of the time.
        Assert.InRange(good, 880, 960);
        var stats = adaptation.Stats();
        Assert.Equal(new LnsKindStats("good", 20, 20, 20, stats[0].FinalSizeFraction), stats[0]);
    }
}
