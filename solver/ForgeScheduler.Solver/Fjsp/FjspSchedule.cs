namespace ForgeScheduler.Solver.Fjsp;

/// <summary>
/// A feasible schedule in index form (the greedy's, the full solve's, each LNS incumbent):
/// <c>Alternative[j][o]</c> is the index into the operation's alternatives, <c>Start[j][o]</c> its
/// start time; job and operation indices are 0-based.
/// </summary>
internal sealed record FjspSchedule(int[][] Alternative, long[][] Start, long Makespan)
{
    public long End(FjspInstance instance, int job, int operation) =>
        Start[job][operation] + instance.Jobs[job].Operations[operation].Alternatives[Alternative[job][operation]].Duration;

    /// <summary>Sum over jobs of the end of their last operation: the LNS tie-breaker, lower when the
    /// jobs that do not set the makespan finish earlier and leave room.</summary>
    public long SumOfJobEnds(FjspInstance instance)
    {
        long sum = 0;
        for (var j = 0; j < instance.Jobs.Count; j++)
        {
            var count = instance.Jobs[j].Operations.Count;
            if (count > 0)
            {
                sum += End(instance, j, count - 1);
            }
        }

        return sum;
    }

    /// <summary>The operations with 1-based job, operation and machine numbers.</summary>
    public List<FjspScheduledOperation> Operations(FjspInstance instance)
    {
        var operations = new List<FjspScheduledOperation>(instance.OperationCount);
        for (var j = 0; j < instance.Jobs.Count; j++)
        {
            for (var o = 0; o < instance.Jobs[j].Operations.Count; o++)
            {
                var machine = instance.Jobs[j].Operations[o].Alternatives[Alternative[j][o]].Machine;
                operations.Add(new FjspScheduledOperation(j + 1, o + 1, machine, Start[j][o], End(instance, j, o)));
            }
        }

        return operations;
    }
}
