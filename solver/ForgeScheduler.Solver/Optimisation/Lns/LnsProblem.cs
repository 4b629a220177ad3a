using Google.OrTools.Sat;

namespace ForgeScheduler.Solver.Optimisation.Lns;

/// <summary>
/// What the large-neighbourhood search needs from a model, and nothing more: the items of an
/// incumbent a neighbourhood can free, the incumbent's objective, and a CP-SAT sub-model in which the
/// freed items may move while the rest is fixed (or hinted — the problem decides). The FJSP model
/// implements it with operations as items; the forging model can implement it with orders.
/// </summary>
/// <typeparam name="TSolution">The problem's own solution type; the driver never looks inside.</typeparam>
public interface ILnsProblem<TSolution> where TSolution : class
{
    /// <summary>The items of <paramref name="incumbent"/>, indexed 0..n−1 in a fixed order: what
    /// neighbourhoods choose among (their times, resources and group come from the incumbent).</summary>
    IReadOnlyList<LnsItem> Items(TSolution incumbent);

    /// <summary>Objective of a solution: lower is better, compared lexicographically.</summary>
    LnsObjective Objective(TSolution solution);

    /// <summary>A sub-model around <paramref name="incumbent"/> in which only <paramref name="freeItems"/>
    /// may change. It must admit the incumbent itself (so the sub-solve always has a solution to start
    /// from) and should hint it.</summary>
    LnsSubModel<TSolution> BuildSubModel(TSolution incumbent, IReadOnlySet<int> freeItems);
}

/// <summary>A CP-SAT model and how to read a solution of the problem back from a solved solver.
/// <see cref="Read"/> is called only when the status is OPTIMAL or FEASIBLE.</summary>
public sealed record LnsSubModel<TSolution>(CpModel Model, Func<CpSolver, TSolution> Read) where TSolution : class;

/// <summary>
/// One unit a neighbourhood can free — an operation, an order — as it sits in the incumbent: when it
/// runs (<paramref name="Start"/>..<paramref name="End"/>, in the model's time unit), on which
/// resources, and in which group (a job, a batching group; −1 for none).
/// </summary>
public sealed record LnsItem(long Start, long End, IReadOnlyList<int> Resources, int Group);

/// <summary>
/// An objective compared lexicographically: <see cref="Primary"/> first (makespan, weighted points),
/// then <see cref="Secondary"/> (a tie-breaker that lets the search move across plateaus of the
/// primary, e.g. the sum of job ends; 0 when the problem has none). Lower is better.
/// </summary>
public readonly record struct LnsObjective(long Primary, long Secondary = 0) : IComparable<LnsObjective>
{
    public int CompareTo(LnsObjective other) =>
        Primary != other.Primary ? Primary.CompareTo(other.Primary) : Secondary.CompareTo(other.Secondary);

    public static bool operator <(LnsObjective left, LnsObjective right) => left.CompareTo(right) < 0;

    public static bool operator >(LnsObjective left, LnsObjective right) => left.CompareTo(right) > 0;

    public static bool operator <=(LnsObjective left, LnsObjective right) => left.CompareTo(right) <= 0;

    public static bool operator >=(LnsObjective left, LnsObjective right) => left.CompareTo(right) >= 0;
}
