namespace ForgeScheduler.Solver.Optimisation.Lns;

/// <summary>
/// Which kind to try next and how big its neighbourhood is. Each kind keeps its own size: a sub-solve
/// that finished (optimal or infeasible) inside its limit was too easy, so the next one of that kind
/// frees more; one cut off by the limit frees less — the size settles where about half the
/// sub-solves finish (CP-SAT's own LNS adapts its difficulty the same way). Kinds are drawn by
/// roulette on a moving average of their recent success, with a floor so no kind is starved.
/// Everything here depends only on outcomes and the seeded <see cref="Random"/>, never on the clock.
/// </summary>
internal sealed class LnsAdaptation
{
    private const double Grow = 1.15;
    private const double SuccessMemory = 0.8;
    private const double ExplorationFloor = 0.1;

    private readonly string[] _kinds;
    private readonly double[] _size;
    private readonly double[] _success;
    private readonly int[] _tries;
    private readonly int[] _accepted;
    private readonly long[] _gain;
    private readonly int _minimumSize;

    public LnsAdaptation(IReadOnlyList<string> kinds, double initialSizeFraction, int minimumSize)
    {
        _kinds = [.. kinds];
        _size = [.. kinds.Select(_ => initialSizeFraction)];
        _success = [.. kinds.Select(_ => 0.5)];
        _tries = new int[kinds.Count];
        _accepted = new int[kinds.Count];
        _gain = new long[kinds.Count];
        _minimumSize = minimumSize;
    }

    public int PickKind(Random random)
    {
        var total = _success.Sum(s => s + ExplorationFloor);
        var x = random.NextDouble() * total;
        for (var k = 0; k < _success.Length; k++)
        {
            x -= _success[k] + ExplorationFloor;
            if (x < 0)
            {
                return k;
            }
        }

        return _success.Length - 1;
    }

    /// <summary>Items kind <paramref name="kind"/> should free out of <paramref name="itemCount"/>.</summary>
    public int TargetSize(int kind, int itemCount) =>
        Math.Clamp((int)Math.Round(_size[kind] * itemCount), Math.Min(_minimumSize, itemCount), itemCount);

    /// <param name="finished">The sub-solve ended with a proof (optimal or infeasible) before its limit.</param>
    /// <param name="primaryGain">Gain in the primary objective when the neighbourhood was accepted, else 0.</param>
    public void Record(int kind, bool finished, bool accepted, long primaryGain, int itemCount)
    {
        _tries[kind]++;
        if (accepted)
        {
            _accepted[kind]++;
            _gain[kind] += primaryGain;
        }

        _success[kind] = SuccessMemory * _success[kind] + (1 - SuccessMemory) * (accepted ? 1.0 : 0.0);
        var smallest = itemCount == 0 ? 1.0 : Math.Min(1.0, (double)Math.Min(_minimumSize, itemCount) / itemCount);
        _size[kind] = Math.Clamp(finished ? _size[kind] * Grow : _size[kind] / Grow, smallest, 1.0);
    }

    public IReadOnlyList<LnsKindStats> Stats() =>
        [.. _kinds.Select((kind, k) => new LnsKindStats(kind, _tries[k], _accepted[k], _gain[k], _size[k]))];
}
