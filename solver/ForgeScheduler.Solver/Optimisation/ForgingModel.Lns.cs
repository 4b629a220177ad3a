using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Optimisation;

/// <summary>Hooks for the two-phase solve and the large-neighbourhood search on the forging model.</summary>
internal sealed partial class ForgingModel
{
    /// <summary>Hints every variable of <paramref name="incumbent"/> and fixes the orders not in
    /// <paramref name="free"/> where the incumbent has them: heat and forging starts, furnace and
    /// press, the heat-treatment start and furnace. The incumbent itself (a solution of this model)
    /// stays admissible; a free order may join a fixed order's charge (the charge then lasts as long
    /// as its longest recipe, which the exact evaluator judges afterwards).</summary>
    public void FixAllBut(Schedule incumbent, IReadOnlySet<string> free)
    {
        AddHint(incumbent);
        var byKey = incumbent.Operations.GroupBy(o => (o.Order, o.Step)).ToDictionary(g => g.Key, g => g.First());
        foreach (var ov in OrderVars.Where(o => !free.Contains(o.Order.Id)))
        {
            var id = ov.Order.Id;
            for (var i = 0; i < ov.Heats.Count; i++)
            {
                if (byKey.TryGetValue((id, 2 * i + 1), out var heatOp))
                {
                    Model.Add(ov.Heats[i].Start == Math.Clamp(Min(heatOp.Start), 0, Horizon));
                    foreach (var (f, x) in ov.Heats[i].Furnaces) Model.Add(x == (f.Id == heatOp.Resource ? 1 : 0));
                }
                if (byKey.TryGetValue((id, 2 * i + 2), out var forgeOp))
                {
                    Model.Add(ov.Forges[i].Start == Math.Clamp(Min(forgeOp.Start), 0, Horizon));
                    foreach (var (p, x) in ov.Forges[i].Presses) Model.Add(x == (p.Id == forgeOp.Resource ? 1 : 0));
                }
            }
            if (byKey.TryGetValue((id, 2 * ov.Heats.Count + 1), out var htOp))
            {
                var ht = ov.HeatTreatment!;
                Model.Add(ht.Start == Math.Clamp(Min(htOp.Start), 0, Horizon));
                foreach (var (slot, a) in ht.Slots.Where(kv => kv.Key.Furnace.Id != htOp.Resource)) Model.Add(a == 0);
            }
        }
    }

    /// <summary>Late orders stay where they are or get better, on-time orders stay on time: the
    /// lexicographic solve never moves lateness onto an order that had none in <paramref name="reference"/>
    /// (a plan of every order of the model), and never lets the weighted tardiness grow beyond
    /// <paramref name="tolerance"/> (a fraction) of the reference's.</summary>
    public void HoldTardiness(Schedule reference, double tolerance)
    {
        long total = 0;
        var ends = reference.Operations.GroupBy(o => o.Order).ToDictionary(g => g.Key, g => g.Max(o => o.End));
        foreach (var ov in OrderVars)
        {
            if (!ends.TryGetValue(ov.Order.Id, out var end)) continue;
            var tardy = Math.Max(0, MinCeil(end) - Min(ov.Order.Due));
            if (tardy == 0) Model.Add(ov.Tardiness! == 0);
            total += tardy * TardinessPointsPerMinute(ov.Order);
        }
        Model.Add(TardinessPoints <= total + (long)Math.Floor(total * Math.Max(0, tolerance)));
    }

    /// <summary>The model's tardiness points of a plan of every order (0 for orders it lacks).</summary>
    public long TardinessPointsOf(Schedule plan)
    {
        var ends = plan.Operations.GroupBy(o => o.Order).ToDictionary(g => g.Key, g => g.Max(o => o.End));
        return OrderVars.Sum(ov => ends.TryGetValue(ov.Order.Id, out var end)
            ? Math.Max(0, MinCeil(end) - Min(ov.Order.Due)) * TardinessPointsPerMinute(ov.Order)
            : 0);
    }

    private long TardinessPointsPerMinute(Order order) =>
        Math.Max(1, (long)Math.Round(PointsPerKg * _options.Weights.TardinessPerWeightedHour * order.Weight / 60.0));
}
