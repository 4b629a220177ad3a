using ForgeScheduler.Solver.Optimisation.Lns;

namespace ForgeScheduler.Solver.Fjsp;

/// <summary>
/// Frees operations on the critical path — the chains of operations, each starting exactly when its
/// job or machine predecessor ends, that run from the makespan back to the start. Only moving one
/// of them can shorten the schedule, so the generic kinds (which hit it by chance) waste most of
/// their sub-solves on this problem. A path longer than the budget gives a random run of it; a
/// shorter one is topped up with the operations on the same machines that run closest in time to it.
/// </summary>
internal sealed class FjspCriticalPathNeighbourhood(FjspInstance instance) : ILnsNeighbourhood<FjspSchedule>
{
    private readonly (int Job, int Op)[] _operations = [.. instance.Jobs.SelectMany((job, j) => job.Operations.Select((_, o) => (j, o)))];

    public string Kind => "critical-path";

    public IReadOnlySet<int> Select(FjspSchedule incumbent, IReadOnlyList<LnsItem> items, int targetSize, Random random)
    {
        var critical = CriticalItems(items, incumbent.Makespan);
        var byStart = critical.OrderBy(i => items[i].Start).ThenBy(i => i).ToList();
        if (byStart.Count >= targetSize)
        {
            var first = random.Next(0, byStart.Count - targetSize + 1);
            return byStart.Skip(first).Take(targetSize).ToHashSet();
        }

        var free = byStart.ToHashSet();
        var nearest = Enumerable.Range(0, items.Count)
            .Where(i => !free.Contains(i))
            .Select(i => (Item: i, Distance: DistanceToPath(items, byStart, i) * (0.5 + random.NextDouble())))
            .Where(x => double.IsFinite(x.Distance))
            .OrderBy(x => x.Distance).ThenBy(x => x.Item)
            .Take(targetSize - free.Count);
        free.UnionWith(nearest.Select(x => x.Item));
        return free;
    }

    /// <summary>Walks back from the operations that end at the makespan over tight job and machine arcs.</summary>
    internal HashSet<int> CriticalItems(IReadOnlyList<LnsItem> items, long makespan)
    {
        var index = new Dictionary<(int, int), int>();
        for (var i = 0; i < _operations.Length; i++)
        {
            index[_operations[i]] = i;
        }

        // Machine predecessor: the item before on the same machine (zero-length items occupy nothing).
        var machinePredecessor = new int[items.Count];
        Array.Fill(machinePredecessor, -1);
        foreach (var machine in Enumerable.Range(0, items.Count).Where(i => items[i].End > items[i].Start).GroupBy(i => items[i].Resources[0]))
        {
            var sequence = machine.OrderBy(i => items[i].Start).ToList();
            for (var k = 1; k < sequence.Count; k++)
            {
                machinePredecessor[sequence[k]] = sequence[k - 1];
            }
        }

        var critical = new HashSet<int>();
        var stack = new Stack<int>(Enumerable.Range(0, items.Count).Where(i => items[i].End == makespan));
        while (stack.Count > 0)
        {
            var i = stack.Pop();
            if (!critical.Add(i))
            {
                continue;
            }

            var (job, op) = _operations[i];
            if (op > 0 && index[(job, op - 1)] is var jobPredecessor && items[jobPredecessor].End == items[i].Start)
            {
                stack.Push(jobPredecessor);
            }

            if (machinePredecessor[i] is >= 0 and var onMachine && items[onMachine].End == items[i].Start)
            {
                stack.Push(onMachine);
            }
        }

        return critical;
    }

    /// <summary>Time between an item and the nearest critical item on its machine (∞ when none shares it).</summary>
    private static double DistanceToPath(IReadOnlyList<LnsItem> items, List<int> path, int item)
    {
        var best = double.PositiveInfinity;
        foreach (var c in path)
        {
            if (items[c].Resources[0] != items[item].Resources[0])
            {
                continue;
            }

            var gap = Math.Max(0, Math.Max(items[c].Start - items[item].End, items[item].Start - items[c].End));
            best = Math.Min(best, gap);
        }

        return best;
    }
}
