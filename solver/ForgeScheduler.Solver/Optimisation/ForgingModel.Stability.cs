using ForgeScheduler.Solver.Domain;
using Google.OrTools.Sat;

namespace ForgeScheduler.Solver.Optimisation;

/// <summary>Hooks for rescheduling (Rescheduling/Rescheduler): nothing new starts before a given
/// minute (the freeze window), and moving an operation away from a reference schedule costs points.</summary>
internal sealed partial class ForgingModel
{
    /// <summary>The objective without the idle and cold-start terms (call once per model: it adds variables). Those see only the model's own
    /// orders: in a rescheduling neighbourhood the furnaces and presses are kept busy by the fixed
    /// operations around it, so span idle of the few free orders would pull them together for nothing
    /// (the KPI calculator judges the real idle of the whole plan when the answer is accepted).</summary>
    public LinearExpr ObjectiveWithoutIdle() => LinearExpr.Sum(_objective.Where(t => t.Family != "idle").Select(t => t.Term)) + ColdStartsOfIdleFurnaces();

    /// <summary>What a neighbourhood still has to pay for: a cold start of every furnace that no fixed
    /// operation keeps in use and the free orders bring into use.</summary>
    private LinearExpr ColdStartsOfIdleFurnaces()
    {
        var busy = _fixed.Select(o => o.Resource).ToHashSet(StringComparer.Ordinal);
        var terms = new List<LinearExpr>();
        foreach (var f in _plant.Furnaces.Where(f => !busy.Contains(f.Id) && !HotAtStart.Contains(f.Id) && f.RestartKwh > 0))
        {
            var users = OrderVars.SelectMany(o => o.Heats).Where(h => h.Furnaces.ContainsKey(f)).Select(h => h.Furnaces[f])
                .Concat(Slots.Where(s => s.Furnace == f).Select(s => s.Present)).ToList();
            if (users.Count == 0) continue;
            var used = Model.NewBoolVar($"cold_start_{f.Id}");
            foreach (var x in users) Model.AddImplication(x, used);
            var perKwh = f.Carrier == Carrier.Gas ? GasPointsPerKwh() : AverageElectricPointsPerKwh();
            terms.Add(used * (long)Math.Round(f.RestartKwh * perKwh));
        }
        return LinearExpr.Sum(terms);
    }

    /// <summary>No operation of the model's orders starts before <paramref name="minute"/>.</summary>
    public void NotBefore(long minute)
    {
        if (minute <= 0) return;
        foreach (var ov in OrderVars)
        {
            foreach (var h in ov.Heats) Model.Add(h.Start >= minute);
            foreach (var f in ov.Forges) Model.Add(f.Start >= minute);
            Model.Add(ov.HeatTreatment!.Start >= minute);
        }
    }

    /// <summary>Stability: every minute an operation starts away from where <paramref name="reference"/>
    /// had it costs <paramref name="kgPerMinute"/>, and putting it on another resource costs
    /// <paramref name="kgPerReassignment"/> (both in the objective's kg-CO2-equivalent). Operations the
    /// reference does not have (new orders) are free to go anywhere.</summary>
    public void AddStability(Schedule reference, double kgPerMinute, double kgPerReassignment)
    {
        var perMinute = (long)Math.Round(kgPerMinute * PointsPerKg);
        var perMove = (long)Math.Round(kgPerReassignment * PointsPerKg);
        if (perMinute <= 0 && perMove <= 0) return;
        var byKey = reference.Operations.GroupBy(o => (o.Order, o.Step)).ToDictionary(g => g.Key, g => g.First());
        foreach (var ov in OrderVars)
        {
            var id = ov.Order.Id;
            for (var i = 0; i < ov.Heats.Count; i++)
            {
                if (byKey.TryGetValue((id, 2 * i + 1), out var heatOp))
                {
                    Moved(ov.Heats[i].Start, Min(heatOp.Start), perMinute, $"o{id}_h{i + 1}");
                    Reassigned(ov.Heats[i].Furnaces.Where(kv => kv.Key.Id != heatOp.Resource).Select(kv => kv.Value), perMove);
                }
                if (byKey.TryGetValue((id, 2 * i + 2), out var forgeOp))
                {
                    Moved(ov.Forges[i].Start, Min(forgeOp.Start), perMinute, $"o{id}_f{i + 1}");
                    Reassigned(ov.Forges[i].Presses.Where(kv => kv.Key.Id != forgeOp.Resource).Select(kv => kv.Value), perMove);
                }
            }
            if (byKey.TryGetValue((id, 2 * ov.Heats.Count + 1), out var htOp))
            {
                Moved(ov.HeatTreatment!.Start, Min(htOp.Start), perMinute, $"o{id}_ht");
                Reassigned(ov.HeatTreatment.Slots.Where(kv => kv.Key.Furnace.Id != htOp.Resource).Select(kv => kv.Value), perMove);
            }
        }
    }

    /// <summary>Forces every heat and forging onto the furnace or press the reference gives it and
    /// nothing else: when the reference's times no longer fit (a resource went down, or its heats are
    /// shorter than the model's cautious bands), a short solve of this still gives a complete hint
    /// close to it.</summary>
    public void PinResources(Schedule reference)
    {
        var byKey = reference.Operations.GroupBy(o => (o.Order, o.Step)).ToDictionary(g => g.Key, g => g.First());
        foreach (var ov in OrderVars)
        {
            for (var i = 0; i < ov.Heats.Count; i++)
            {
                if (byKey.TryGetValue((ov.Order.Id, 2 * i + 1), out var heatOp) && ov.Heats[i].Furnaces.Keys.Any(f => f.Id == heatOp.Resource))
                    foreach (var (f, x) in ov.Heats[i].Furnaces) Model.Add(x == (f.Id == heatOp.Resource ? 1 : 0));
                if (byKey.TryGetValue((ov.Order.Id, 2 * i + 2), out var forgeOp) && ov.Forges[i].Presses.Keys.Any(p => p.Id == forgeOp.Resource))
                    foreach (var (p, x) in ov.Forges[i].Presses) Model.Add(x == (p.Id == forgeOp.Resource ? 1 : 0));
            }
        }
    }

    private void Moved(IntVar start, long referenceMinute, long perMinute, string name)
    {
        if (perMinute <= 0) return;
        var moved = Model.NewIntVar(0, Horizon + Math.Abs(referenceMinute), $"moved_{name}");
        Model.Add(moved >= start - referenceMinute);
        Model.Add(moved >= referenceMinute - start);
        _objective.Add((moved * perMinute, "stability"));
    }

    /// <summary>The literals that put the operation anywhere but its reference resource: at most one is true.</summary>
    private void Reassigned(IEnumerable<BoolVar> elsewhere, long perMove)
    {
        if (perMove <= 0) return;
        foreach (var x in elsewhere) _objective.Add((x * perMove, "stability"));
    }
}
