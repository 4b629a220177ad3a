using ForgeScheduler.Solver.Domain;
using Google.OrTools.Sat;

namespace ForgeScheduler.Solver.Optimisation;

internal sealed partial class ForgingModel
{
    // ---- objective: soft goals as (term, family), summed with the weights ---------------------

    private void AddObjective()
    {
        AddHeatingEnergyTerms();
        AddHeatTreatmentEnergyTerms();
        AddIdleTerms();
        AddTardinessAndMakespan();
        EnergyPointsTotal = LinearExpr.Sum(_objective.Where(t => t.Family is "energy" or "idle").Select(t => t.Term));
        TardinessPoints = LinearExpr.Sum(_objective.Where(t => t.Family == "tardiness").Select(t => t.Term));
    }

    public LinearExpr WeightedObjective => LinearExpr.Sum(_objective.Select(t => t.Term));

    /// <summary>Energy of a heat in the furnace it goes to: gas at a flat price and factor; electric
    /// at the day's average grid factor and tariff, corrected by the hour block it starts in. The
    /// correction uses the piece's middle band energy: energy × hour price is bilinear, and this
    /// keeps the model linear and small; the KPI calculator prices every hour exactly afterwards.
    /// The cost variable is pushed up by the literal that is true; the objective holds it down.</summary>
    private void AddHeatingEnergyTerms()
    {
        foreach (var h in OrderVars.SelectMany(o => o.Heats))
        {
            var name = $"o{h.Order.Id}_h{h.HeatIndex + 1}";
            var cost = Model.NewIntVar(0, long.MaxValue / 1024, $"energy_pts_{name}");
            foreach (var (f, x) in h.Furnaces)
                Model.Add(cost >= EnergyPoints(h.Bands, h.Table, f, h.ElectricPrice)).OnlyEnforceIf(x);
            _objective.Add((cost, "energy"));
        }
    }

    private void AddHeatTreatmentEnergyTerms()
    {
        foreach (var ov in OrderVars)
        {
            var ht = ov.HeatTreatment!;
            var cost = Model.NewIntVar(0, long.MaxValue / 1024, $"energy_pts_o{ov.Order.Id}_ht");
            foreach (var (slot, a) in ht.Slots)
                Model.Add(cost >= EnergyPoints(ht.Bands, ht.Table, slot.Furnace, slot.ElectricPrice)).OnlyEnforceIf(a);
            _objective.Add((cost, "energy"));
        }
    }

    private LinearExpr EnergyPoints(BoolVar[] bands, IReadOnlyList<WaitBucket> table, Furnace f, IntVar? electricPrice)
    {
        if (f.Carrier == Carrier.Gas) return Weighted(bands, table, GasPointsPerKwh() / f.Efficiency);
        var average = AverageElectricPointsPerKwh();
        var energy = Weighted(bands, table, average / f.Efficiency);
        if (electricPrice is null) return energy;
        var nominalKwh = (table.Min(x => x.EnergyKwhAtUnitEfficiency) + table.Max(x => x.EnergyKwhAtUnitEfficiency)) / 2 / f.Efficiency;
        return energy + (electricPrice - (long)Math.Round(average)) * (long)Math.Round(nominalKwh);
    }

    private static LinearExpr Weighted(BoolVar[] bands, IReadOnlyList<WaitBucket> table, double pointsPerKwh) =>
        LinearExpr.WeightedSum(bands, table.Select(b => (long)Math.Round(b.EnergyKwhAtUnitEfficiency * pointsPerKwh)));

    /// <summary>Furnace energy v2 besides steel heat: a furnace in use is taken as hot from its first
    /// to its last job (holding power over the span, loaded or not — so a heat-treatment soak costs its
    /// hours and stretching a charge is not free), plus a cold start unless it is hot at plan start;
    /// a furnace hot at plan start pays the cheaper of holding until its first job and a restart.
    /// Every gap held hot over-approximates the gap rule (a long gap costs at most a restart): #12's
    /// exact hold-or-restart per gap; the KPI calculator does the exact sums afterwards. Presses pay
    /// pump idle between their first and last job of each shift (ForgingModel.PressIdle).</summary>
    private void AddIdleTerms()
    {
        foreach (var f in _plant.HeatingFurnaces)
        {
            var users = OrderVars.SelectMany(o => o.Heats).Where(h => h.Furnaces.ContainsKey(f)).ToList();
            if (users.Count == 0) continue;
            AddFurnaceSpan(f, users.Select(h => ((LinearExpr)h.Start, (LinearExpr)h.End, h.Furnaces[f])).ToList());
        }
        foreach (var f in _plant.HeatTreatmentFurnaces)
        {
            var slots = Slots.Where(s => s.Furnace == f).ToList();
            if (slots.Count == 0) continue;
            AddFurnaceSpan(f, slots.Select(s => ((LinearExpr)s.Start, (LinearExpr)s.End, s.Present)).ToList());
        }
        AddPressIdleTerms();
    }

    private void AddFurnaceSpan(Furnace f, List<(LinearExpr Start, LinearExpr End, BoolVar Used)> jobs)
    {
        if (SpanWithFixed && _fixed.Any(o => o.Resource == f.Id))
        {
            // A neighbourhood of a whole plan: the furnace's span reaches over the fixed jobs too, so
            // the free ones are pulled into its gaps, not towards each other.
            var busy = Model.NewBoolVar($"fixedbusy_{f.Id}");
            Model.Add(busy == 1);
            jobs = [.. jobs, .. _fixed.Where(o => o.Resource == f.Id)
                .Select(o => ((LinearExpr)LinearExpr.Constant(Math.Max(0, Min(o.Start))), (LinearExpr)LinearExpr.Constant(Math.Max(0, MinCeil(o.End))), busy))];
        }
        var (used, first, last) = Span(f.Id, jobs);
        var perKwh = f.Carrier == Carrier.Gas ? GasPointsPerKwh() : AverageElectricPointsPerKwh();
        var hot = Model.NewIntVar(0, Horizon, $"hot_{f.Id}");
        Model.Add(hot >= last - first);
        // Family "idle": a rescheduling neighbourhood leaves the furnace-span terms out (ForgingModel.Stability.cs).
        _objective.Add((hot * (long)Math.Round(f.HoldingKw / 60.0 * perKwh), "idle"));
        // A furnace already used by operations fixed earlier (an earlier window, a reschedule's frozen
        // part) is hot or pays its gap there; it is not charged a cold start again.
        var fixedUse = _fixed.Any(o => o.Resource == f.Id);
        if (fixedUse) return;
        if (!HotAtStart.Contains(f.Id))
        {
            _objective.Add((used * (long)Math.Round(f.RestartKwh * perKwh), "idle"));
            return;
        }
        // Hot at plan start: min(holding × time to first job, restart), only when used.
        var restart = (long)Math.Round(f.RestartKwh * 60.0 / Math.Max(1e-9, f.HoldingKw));
        var initial = Model.NewIntVar(0, Horizon, $"initial_{f.Id}");
        Model.AddMinEquality(initial, [first, LinearExpr.Constant(Math.Min(restart, Horizon))]);
        var charged = Model.NewIntVar(0, Horizon, $"initialpaid_{f.Id}");
        Model.Add(charged >= initial).OnlyEnforceIf(used);
        _objective.Add((charged * (long)Math.Round(f.HoldingKw / 60.0 * perKwh), "idle"));
    }

    /// <summary>Whether a resource is used and the first start and last end of its jobs.</summary>
    private (BoolVar Used, IntVar First, IntVar Last) Span(string id, List<(LinearExpr Start, LinearExpr End, BoolVar Used)> jobs)
    {
        var used = Model.NewBoolVar($"used_{id}");
        var first = Model.NewIntVar(0, Horizon, $"first_{id}");
        var last = Model.NewIntVar(0, Horizon, $"last_{id}");
        foreach (var (s, e, x) in jobs)
        {
            Model.AddImplication(x, used);
            Model.Add(first <= s).OnlyEnforceIf(x);
            Model.Add(last >= e).OnlyEnforceIf(x);
        }
        Model.AddBoolOr(jobs.Select(j => (ILiteral)j.Used).Append(used.Not()));
        return (used, first, last);
    }

    private void AddTardinessAndMakespan()
    {
        Makespan = Model.NewIntVar(0, Horizon, "makespan");
        foreach (var ov in OrderVars)
        {
            var end = ov.HeatTreatment!.End;
            Model.Add(Makespan >= end);
            var due = Min(ov.Order.Due);
            var tardy = Model.NewIntVar(0, Horizon, $"tardy_o{ov.Order.Id}");
            Model.Add(tardy >= end - due);
            ov.Tardiness = tardy;
            _objective.Add((tardy * TardinessPointsPerMinute(ov.Order), "tardiness"));
        }
        _objective.Add((Makespan * (long)Math.Round(PointsPerKg * _options.Weights.MakespanPerHour / 60.0), "makespan"));
    }
}
