namespace ForgeScheduler.Solver.Fjsp;

/// <summary>One way to run an operation: on <paramref name="Machine"/> (1-based) for <paramref name="Duration"/> time units.</summary>
public sealed record FjspAlternative(int Machine, int Duration)
{
    public int Machine { get; } = Machine >= 1
        ? Machine
        : throw new ArgumentOutOfRangeException(nameof(Machine), Machine, "Machine numbers are 1-based.");

    public int Duration { get; } = Duration >= 0
        ? Duration
        : throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "A duration cannot be negative.");
}

/// <summary>An operation: runs on exactly one of its alternatives, without interruption.</summary>
public sealed record FjspOperation(IReadOnlyList<FjspAlternative> Alternatives)
{
    public IReadOnlyList<FjspAlternative> Alternatives { get; } = Validate(Alternatives);

    private static IReadOnlyList<FjspAlternative> Validate(IReadOnlyList<FjspAlternative> alternatives)
    {
        ArgumentNullException.ThrowIfNull(alternatives);
        if (alternatives.Count == 0)
        {
            throw new ArgumentException("An operation needs at least one machine.", nameof(alternatives));
        }

        var seen = new HashSet<int>();
        foreach (var alternative in alternatives)
        {
            ArgumentNullException.ThrowIfNull(alternative, nameof(alternatives));
            if (!seen.Add(alternative.Machine))
            {
                throw new ArgumentException(
                    $"Machine {alternative.Machine} is listed more than once for one operation.", nameof(alternatives));
            }
        }

        return alternatives;
    }
}

/// <summary>A job: its operations in the order they must be processed.</summary>
public sealed record FjspJob(IReadOnlyList<FjspOperation> Operations)
{
    public IReadOnlyList<FjspOperation> Operations { get; } = Validate(Operations);

    private static IReadOnlyList<FjspOperation> Validate(IReadOnlyList<FjspOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        foreach (var operation in operations)
        {
            ArgumentNullException.ThrowIfNull(operation, nameof(operations));
        }

        return operations;
    }
}

/// <summary>
/// A flexible job-shop instance: jobs, each a chain of operations, each operation with one or more
/// (machine, duration) alternatives. Machines are numbered 1..<paramref name="MachineCount"/>.
/// </summary>
public sealed record FjspInstance(IReadOnlyList<FjspJob> Jobs, int MachineCount)
{
    public int MachineCount { get; } = MachineCount >= 1
        ? MachineCount
        : throw new ArgumentOutOfRangeException(nameof(MachineCount), MachineCount, "An instance needs at least one machine.");

    public IReadOnlyList<FjspJob> Jobs { get; } = Validate(Jobs, MachineCount);

    /// <summary>Total number of operations over all jobs.</summary>
    public int OperationCount => Jobs.Sum(job => job.Operations.Count);

    private static IReadOnlyList<FjspJob> Validate(IReadOnlyList<FjspJob> jobs, int machineCount)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        for (var j = 0; j < jobs.Count; j++)
        {
            ArgumentNullException.ThrowIfNull(jobs[j], nameof(jobs));
            var operations = jobs[j].Operations;
            for (var o = 0; o < operations.Count; o++)
            {
                foreach (var alternative in operations[o].Alternatives)
                {
                    if (alternative.Machine > machineCount)
                    {
                        throw new ArgumentException(
                            $"Job {j + 1} operation {o + 1} uses machine {alternative.Machine}, " +
                            $"but the instance has only {machineCount} machines.",
                            nameof(jobs));
                    }
                }
            }
        }

        return jobs;
    }
}
