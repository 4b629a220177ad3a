namespace ForgeScheduler.Solver.Baseline;

/// <summary>An occupied stretch [Start, End) in minutes from plan start; <see cref="MassTonnes"/> and
/// <see cref="PowerKw"/> are what it adds to a cumulative resource (a heating furnace, the power cap).</summary>
internal readonly record struct Slot(int Start, int End, double MassTonnes, double PowerKw);

/// <summary>Slots of one resource kept sorted by start, so a window query only looks at slots that can
/// reach into it (start ≥ window start − longest slot).</summary>
internal sealed class Timeline
{
    private readonly List<Slot> _slots = [];
    private int _longest;

    public void Add(Slot slot)
    {
        var i = LowerBound(slot.Start + 1);
        _slots.Insert(i, slot);
        _longest = Math.Max(_longest, slot.End - slot.Start);
    }

    /// <summary>Slots that overlap [from, to).</summary>
    public IEnumerable<Slot> Overlapping(int from, int to)
    {
        for (var i = LowerBound(from - _longest); i < _slots.Count && _slots[i].Start < to; i++)
        {
            if (_slots[i].End > from) yield return _slots[i];
        }
    }

    /// <summary>Null if a new slot fits over [from, to) — <paramref name="fits"/> is asked with the load
    /// (tonnes, pieces, kW) already there at every point where it changes. Otherwise the first minute
    /// at which a later window could fit: past every overloaded stretch, i.e. the end of the slot that
    /// first leaves each overloaded point (the load cannot drop before it). int.MaxValue when the new
    /// slot does not fit even on an empty resource.</summary>
    public int? BlockedUntil(int from, int to, Func<double, int, double, bool> fits)
    {
        var inside = new List<Slot>();
        foreach (var s in Overlapping(from, to)) inside.Add(s);
        int? until = null;
        for (var k = -1; k < inside.Count; k++)
        {
            var at = k < 0 ? from : inside[k].Start;
            if (k >= 0 && at <= from) continue;
            double mass = 0, power = 0;
            int pieces = 0, firstEnd = int.MaxValue;
            foreach (var s in inside)
            {
                if (s.Start > at || s.End <= at) continue;
                mass += s.MassTonnes;
                power += s.PowerKw;
                pieces++;
                firstEnd = Math.Min(firstEnd, s.End);
            }
            if (!fits(mass, pieces, power)) until = Math.Max(until ?? firstEnd, firstEnd);
        }
        return until;
    }

    /// <summary>Earliest start ≥ <paramref name="from"/> of a gap of <paramref name="length"/> minutes
    /// between slots (for one-at-a-time resources: presses, heat-treatment furnaces).</summary>
    public int EarliestGap(int from, int length)
    {
        var start = from;
        foreach (var s in Overlapping(from, int.MaxValue))
        {
            if (s.Start >= start + length) break;
            start = Math.Max(start, s.End);
        }
        return start;
    }

    /// <summary>The slots merged into disjoint occupied periods, in time order.</summary>
    public IReadOnlyList<(int From, int To)> Union()
    {
        var merged = new List<(int From, int To)>();
        foreach (var s in _slots)
        {
            if (s.End <= s.Start) continue;
            if (merged.Count > 0 && s.Start <= merged[^1].To) merged[^1] = (merged[^1].From, Math.Max(merged[^1].To, s.End));
            else merged.Add((s.Start, s.End));
        }
        return merged;
    }

    private int LowerBound(int start)
    {
        int lo = 0, hi = _slots.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_slots[mid].Start < start) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
