namespace ForgeScheduler.Solver.Optimisation.Lns;

/// <summary>
/// One kind of neighbourhood: picks which items of the incumbent to free. The search asks for about
/// <c>targetSize</c> items and adapts that size per kind; a kind may return more (whole groups) or
/// fewer (nothing fits), and an empty set skips the iteration. Problems add their own kinds (the
/// critical path of a job shop, a furnace's charges) next to the generic ones below.
/// </summary>
public interface ILnsNeighbourhood<in TSolution> where TSolution : class
{
    /// <summary>Short name shown in the progress lines, e.g. <c>time-window</c>.</summary>
    string Kind { get; }

    IReadOnlySet<int> Select(TSolution incumbent, IReadOnlyList<LnsItem> items, int targetSize, Random random);
}

/// <summary>Any <c>targetSize</c> items, uniformly: the neighbourhood that finds what the
/// structured ones overlook.</summary>
public sealed class RandomItemsNeighbourhood<TSolution>(string kind = "random") : ILnsNeighbourhood<TSolution> where TSolution : class
{
    public string Kind => kind;

    public IReadOnlySet<int> Select(TSolution incumbent, IReadOnlyList<LnsItem> items, int targetSize, Random random)
    {
        // A partial Fisher–Yates shuffle: the first k of the permutation.
        var order = Enumerable.Range(0, items.Count).ToArray();
        var k = Math.Min(targetSize, order.Length);
        for (var i = 0; i < k; i++)
        {
            var j = random.Next(i, order.Length);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order.Take(k).ToHashSet();
    }
}

/// <summary>The <c>targetSize</c> items that start next to each other in time from a random point:
/// everything in a window of the incumbent may be re-sequenced and moved between resources.</summary>
public sealed class TimeWindowNeighbourhood<TSolution>(string kind = "time-window") : ILnsNeighbourhood<TSolution> where TSolution : class
{
    public string Kind => kind;

    public IReadOnlySet<int> Select(TSolution incumbent, IReadOnlyList<LnsItem> items, int targetSize, Random random)
    {
        var byStart = ByStart(items, Enumerable.Range(0, items.Count));
        var k = Math.Min(targetSize, byStart.Count);
        var first = random.Next(0, byStart.Count - k + 1);
        return byStart.Skip(first).Take(k).ToHashSet();
    }

    internal static List<int> ByStart(IReadOnlyList<LnsItem> items, IEnumerable<int> indices) =>
        indices.OrderBy(i => items[i].Start).ThenBy(i => items[i].End).ThenBy(i => i).ToList();
}

/// <summary>
/// The items on a few resources (machines, a furnace group): resources are drawn at random and all
/// their items freed until <c>targetSize</c> is reached; the last resource contributes a run of
/// consecutive items from a random point, so one busy resource does not swallow the whole budget.
/// </summary>
public sealed class ResourceNeighbourhood<TSolution>(string kind = "resource") : ILnsNeighbourhood<TSolution> where TSolution : class
{
    public string Kind => kind;

    public IReadOnlySet<int> Select(TSolution incumbent, IReadOnlyList<LnsItem> items, int targetSize, Random random)
    {
        var onResource = new SortedDictionary<int, List<int>>();
        for (var i = 0; i < items.Count; i++)
        {
            foreach (var resource in items[i].Resources)
            {
                if (!onResource.TryGetValue(resource, out var list))
                {
                    onResource[resource] = list = [];
                }

                list.Add(i);
            }
        }

        var resources = onResource.Keys.ToList();
        var free = new HashSet<int>();
        while (free.Count < targetSize && resources.Count > 0)
        {
            var pick = random.Next(resources.Count);
            var resource = resources[pick];
            resources.RemoveAt(pick);
            var candidates = TimeWindowNeighbourhood<TSolution>.ByStart(items, onResource[resource].Where(i => !free.Contains(i)));
            var room = targetSize - free.Count;
            if (candidates.Count <= room)
            {
                free.UnionWith(candidates);
                continue;
            }

            var first = random.Next(0, candidates.Count - room + 1);
            free.UnionWith(candidates.Skip(first).Take(room));
        }

        return free;
    }
}

/// <summary>Whole groups (jobs, orders of one batching group) drawn at random until at least
/// <c>targetSize</c> items are free: a group's items move together, so its internal order can change.</summary>
public sealed class GroupNeighbourhood<TSolution>(string kind = "group") : ILnsNeighbourhood<TSolution> where TSolution : class
{
    public string Kind => kind;

    public IReadOnlySet<int> Select(TSolution incumbent, IReadOnlyList<LnsItem> items, int targetSize, Random random)
    {
        var groups = items.Select((item, index) => (item.Group, index))
            .Where(x => x.Group >= 0)
            .GroupBy(x => x.Group)
            .OrderBy(g => g.Key)
            .Select(g => g.Select(x => x.index).ToList())
            .ToList();
        var free = new HashSet<int>();
        while (free.Count < targetSize && groups.Count > 0)
        {
            var pick = random.Next(groups.Count);
            free.UnionWith(groups[pick]);
            groups.RemoveAt(pick);
        }

        return free;
    }
}
