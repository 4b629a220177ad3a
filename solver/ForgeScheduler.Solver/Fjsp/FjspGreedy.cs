namespace ForgeScheduler.Solver.Fjsp;

/// <summary>
/// A feasible schedule from the greedy: <c>Alternative[j][o]</c> is the index into the operation's
/// alternatives, <c>Start[j][o]</c> its start time; job and operation indices are 0-based.
/// </summary>
internal sealed record FjspGreedySchedule(int[][] Alternative, long[][] Start, long Makespan);

/// <summary>
/// Earliest-finish list scheduling: repeatedly take, over the next unscheduled operation of every job
/// and each of its machines, the (operation, machine) pair that would finish first, and place it in
/// the earliest idle gap of that machine that is long enough and starts after the job's previous
/// operation. Ties go to the lower job, then the earlier-listed machine. It is quick, deterministic
/// and feasible by construction, so it serves as the CP-SAT hint and as an upper bound on the makespan.
/// </summary>
internal static class FjspGreedy
{
    public static FjspGreedySchedule Schedule(FjspInstance instance)
    {
        var jobs = instance.Jobs;
        var alternative = jobs.Select(job => new int[job.Operations.Count]).ToArray();
        var start = jobs.Select(job => new long[job.Operations.Count]).ToArray();
        var nextOperation = new int[jobs.Count];
        var jobReady = new long[jobs.Count];
        var busy = new List<(long Start, long End)>[instance.MachineCount + 1];
        for (var m = 1; m <= instance.MachineCount; m++)
        {
            busy[m] = [];
        }

        long makespan = 0;
        for (var remaining = instance.OperationCount; remaining > 0; remaining--)
        {
            var (bestJob, bestAlternative, bestStart, bestFinish) = (-1, -1, 0L, long.MaxValue);
            for (var j = 0; j < jobs.Count; j++)
            {
                if (nextOperation[j] >= jobs[j].Operations.Count)
                {
                    continue;
                }

                var alternatives = jobs[j].Operations[nextOperation[j]].Alternatives;
                for (var a = 0; a < alternatives.Count; a++)
                {
                    var (machine, duration) = alternatives[a];
                    var candidateStart = EarliestStart(busy[machine], jobReady[j], duration);
                    if (candidateStart + duration < bestFinish)
                    {
                        (bestJob, bestAlternative, bestStart, bestFinish) = (j, a, candidateStart, candidateStart + duration);
                    }
                }
            }

            var o = nextOperation[bestJob]++;
            var chosenMachine = jobs[bestJob].Operations[o].Alternatives[bestAlternative].Machine;
            Occupy(busy[chosenMachine], bestStart, bestFinish);
            alternative[bestJob][o] = bestAlternative;
            start[bestJob][o] = bestStart;
            jobReady[bestJob] = bestFinish;
            makespan = Math.Max(makespan, bestFinish);
        }

        return new FjspGreedySchedule(alternative, start, makespan);
    }

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
