namespace ForgeScheduler.Solver.Fjsp;

/// <summary>Checks a schedule against its instance, independently of how it was produced.</summary>
public static class FjspValidator
{
    /// <summary>
    /// Returns one readable line per violation; an empty list means the schedule is valid. Checks:
    /// every operation scheduled exactly once, on one of its machines, for that machine's duration,
    /// not before time 0; job order; one operation at a time per machine; makespan = latest end.
    /// </summary>
    public static IReadOnlyList<string> Validate(FjspInstance instance, FjspResult result)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(result);

        var violations = new List<string>();
        if (!result.HasSchedule)
        {
            violations.Add($"the result has no schedule (status {result.Status})");
            return violations;
        }

        var placed = CheckOperations(instance, result.Operations, violations);
        CheckJobOrder(instance, placed, violations);
        CheckMachines(result.Operations, violations);
        CheckMakespan(result, violations);
        return violations;
    }

    /// <summary>Each operation once, on an allowed machine, for its duration; returns them by [job][op].</summary>
    private static FjspScheduledOperation?[][] CheckOperations(
        FjspInstance instance, IReadOnlyList<FjspScheduledOperation> operations, List<string> violations)
    {
        var placed = instance.Jobs.Select(job => new FjspScheduledOperation?[job.Operations.Count]).ToArray();
        foreach (var scheduled in operations)
        {
            var name = $"job {scheduled.Job} op {scheduled.Op}";
            if (scheduled.Job < 1 || scheduled.Job > instance.Jobs.Count
                || scheduled.Op < 1 || scheduled.Op > instance.Jobs[scheduled.Job - 1].Operations.Count)
            {
                violations.Add($"{name} does not exist in the instance");
                continue;
            }

            if (placed[scheduled.Job - 1][scheduled.Op - 1] is not null)
            {
                violations.Add($"{name} is scheduled more than once");
                continue;
            }

            placed[scheduled.Job - 1][scheduled.Op - 1] = scheduled;
            var alternatives = instance.Jobs[scheduled.Job - 1].Operations[scheduled.Op - 1].Alternatives;
            var alternative = alternatives.FirstOrDefault(candidate => candidate.Machine == scheduled.Machine);
            if (alternative is null)
            {
                var allowed = string.Join(", ", alternatives.Select(candidate => candidate.Machine));
                violations.Add($"{name} runs on machine {scheduled.Machine}, which is not one of its machines ({allowed})");
            }
            else if (scheduled.End - scheduled.Start != alternative.Duration)
            {
                violations.Add(
                    $"{name} on machine {scheduled.Machine} runs {scheduled.Start}..{scheduled.End} " +
                    $"({scheduled.End - scheduled.Start}), but takes {alternative.Duration} there");
            }

            if (scheduled.Start < 0)
            {
                violations.Add($"{name} starts at {scheduled.Start}, before time 0");
            }
        }

        for (var j = 0; j < placed.Length; j++)
        {
            for (var o = 0; o < placed[j].Length; o++)
            {
                if (placed[j][o] is null)
                {
                    violations.Add($"job {j + 1} op {o + 1} is not scheduled");
                }
            }
        }

        return placed;
    }

    private static void CheckJobOrder(FjspInstance instance, FjspScheduledOperation?[][] placed, List<string> violations)
    {
        for (var j = 0; j < instance.Jobs.Count; j++)
        {
            for (var o = 1; o < placed[j].Length; o++)
            {
                if (placed[j][o - 1] is { } previous && placed[j][o] is { } current && current.Start < previous.End)
                {
                    violations.Add(
                        $"job {j + 1} op {o + 1} starts at {current.Start}, before op {o} ends at {previous.End}");
                }
            }
        }
    }

    /// <summary>
    /// No two operations on one machine overlap in time. Zero-length operations occupy no time,
    /// as in CP-SAT's no-overlap constraint, and are ignored.
    /// </summary>
    private static void CheckMachines(IReadOnlyList<FjspScheduledOperation> operations, List<string> violations)
    {
        var byMachine = operations
            .Where(operation => operation.End > operation.Start)
            .GroupBy(operation => operation.Machine)
            .OrderBy(group => group.Key);
        foreach (var machine in byMachine)
        {
            FjspScheduledOperation? latest = null;
            foreach (var operation in machine.OrderBy(operation => operation.Start).ThenBy(operation => operation.End))
            {
                if (latest is not null && operation.Start < latest.End)
                {
                    violations.Add(
                        $"machine {machine.Key}: job {operation.Job} op {operation.Op} ({operation.Start}..{operation.End}) " +
                        $"overlaps job {latest.Job} op {latest.Op} ({latest.Start}..{latest.End})");
                }

                if (latest is null || operation.End > latest.End)
                {
                    latest = operation;
                }
            }
        }
    }

    private static void CheckMakespan(FjspResult result, List<string> violations)
    {
        var latestEnd = result.Operations.Count == 0 ? 0 : result.Operations.Max(operation => operation.End);
        if (result.Makespan != latestEnd)
        {
            violations.Add($"the makespan is {result.Makespan}, but the latest operation ends at {latestEnd}");
        }
    }
}
