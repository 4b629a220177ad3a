namespace ForgeScheduler.Solver.Fjsp;

/// <summary>Which job the list scheduler serves next; each job's next operation goes to its earliest-finish machine.</summary>
internal enum FjspGreedyRule
{
    /// <summary>The job whose next operation would finish first (plain earliest-finish list scheduling).</summary>
    EarliestFinish,

    /// <summary>The job with the most work left (average duration over its machines, summed over its remaining operations).</summary>
    MostWorkRemaining,

    /// <summary>The job with the smallest finish time minus work left: early finish, but long jobs first.</summary>
    FinishMinusWorkRemaining,
}

/// <summary>
/// List scheduling: repeatedly take one job by a <see cref="FjspGreedyRule"/>, put its next operation
/// on the machine where it would finish first, in the earliest idle gap of that machine that is long
/// enough and starts after the job's previous operation. Ties go to the lower job, then the
/// earlier-listed machine. Quick, deterministic and feasible by construction: it gives CP-SAT its
/// hint and the upper bound on the makespan.
/// </summary>
internal static class FjspGreedy
{
    /// <summary>Best schedule over all rules (the first rule wins ties).</summary>
    public static FjspSchedule Schedule(FjspInstance instance) =>
        Enum.GetValues<FjspGreedyRule>()
            .Select(rule => Schedule(instance, rule))
            .MinBy(schedule => schedule.Makespan)!;

    public static FjspSchedule Schedule(FjspInstance instance, FjspGreedyRule rule)
    {
        var jobs = instance.Jobs;
        var alternative = jobs.Select(job => new int[job.Operations.Count]).ToArray();
        var start = jobs.Select(job => new long[job.Operations.Count]).ToArray();
        var nextOperation = new int[jobs.Count];
        var jobReady = new long[jobs.Count];
        var workLeft = jobs.Select(job => job.Operations.Sum(AverageDuration)).ToArray();
        var busy = new List<(long Start, long End)>[instance.MachineCount + 1];
        for (var m = 1; m <= instance.MachineCount; m++)
        {
            busy[m] = [];
        }

        long makespan = 0;
        for (var remaining = instance.OperationCount; remaining > 0; remaining--)
        {
            var (bestJob, bestAlternative, bestStart, bestFinish, bestPriority) = (-1, -1, 0L, 0L, double.MaxValue);
            for (var j = 0; j < jobs.Count; j++)
            {
                if (nextOperation[j] >= jobs[j].Operations.Count)
                {
                    continue;
                }

                var (a, jobStart, jobFinish) = EarliestFinishMachine(jobs[j].Operations[nextOperation[j]], busy, jobReady[j]);
                var priority = rule switch
                {
                    FjspGreedyRule.EarliestFinish => jobFinish,
                    FjspGreedyRule.MostWorkRemaining => -workLeft[j],
                    _ => jobFinish - workLeft[j],
                };
                if (priority < bestPriority)
                {
                    (bestJob, bestAlternative, bestStart, bestFinish, bestPriority) = (j, a, jobStart, jobFinish, priority);
                }
            }

            var o = nextOperation[bestJob]++;
            var operation = jobs[bestJob].Operations[o];
            Occupy(busy[operation.Alternatives[bestAlternative].Machine], bestStart, bestFinish);
            alternative[bestJob][o] = bestAlternative;
            start[bestJob][o] = bestStart;
            jobReady[bestJob] = bestFinish;
            workLeft[bestJob] -= AverageDuration(operation);
            makespan = Math.Max(makespan, bestFinish);
        }

        return new FjspSchedule(alternative, start, makespan);
    }

    private static (int Alternative, long Start, long Finish) EarliestFinishMachine(
        FjspOperation operation, List<(long Start, long End)>[] busy, long ready)
    {
        var best = (Alternative: -1, Start: 0L, Finish: long.MaxValue);
        for (var a = 0; a < operation.Alternatives.Count; a++)
        {
            var (machine, duration) = operation.Alternatives[a];
            var start = EarliestStart(busy[machine], ready, duration);
            if (start + duration < best.Finish)
            {
                best = (a, start, start + duration);
            }
        }

        return best;
    }

    private static double AverageDuration(FjspOperation operation) =>
        operation.Alternatives.Average(alternative => (double)alternative.Duration);

    /// <summary>Earliest start at or after <paramref name="ready"/> where the machine is idle for <paramref name="duration"/>.</summary>
    private static long EarliestStart(List<(long Start, long End)> busy, long ready, long duration)
    {
        var candidate = ready;
        foreach (var (busyStart, busyEnd) in busy)
        {
            if (candidate + duration <= busyStart)
            {
                return candidate;
            }

            candidate = Math.Max(candidate, busyEnd);
        }

        return candidate;
    }

    private static void Occupy(List<(long Start, long End)> busy, long start, long end)
    {
        var index = busy.FindIndex(slot => slot.Start > start);
        busy.Insert(index < 0 ? busy.Count : index, (start, end));
    }
}
