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
        if (f.Carrier == Carrier.Gas) return Weighted(bands, table, PointsPerKwh(Carrier.Gas, 0) / f.Efficiency);
        var average = AverageElectricPointsPerKwh();
        var energy = Weighted(bands, table, average / f.Efficiency);
        if (electricPrice is null) return energy;
        var nominalKwh = (table.Min(x => x.EnergyKwhAtUnitEfficiency) + table.Max(x => x.EnergyKwhAtUnitEfficiency)) / 2 / f.Efficiency;
        return energy + (electricPrice - (long)Math.Round(average)) * (long)Math.Round(nominalKwh);
    }

    private static LinearExpr Weighted(BoolVar[] bands, IReadOnlyList<WaitBucket> table, double pointsPerKwh) =>
        LinearExpr.WeightedSum(bands, table.Select(b => (long)Math.Round(b.EnergyKwhAtUnitEfficiency * pointsPerKwh)));

    /// <summary>Idle running: a furnace or press in use pays for the time between its first and last
    /// job that it is not working (holding or pump power), and every furnace used pays one cold
    /// start. For heating furnaces holding several pieces this undercounts; it still pulls work
    /// together, and the KPI calculator does the exact sums afterwards.</summary>
    private void AddIdleTerms()
    {
        foreach (var f in _plant.HeatingFurnaces)
        {
            var users = OrderVars.SelectMany(o => o.Heats).Where(h => h.Furnaces.ContainsKey(f)).ToList();
            if (users.Count == 0) continue;
            var lits = users.Select(h => h.Furnaces[f]).ToList();
            var busy = LinearExpr.WeightedSum(lits, users.Select(h => h.ShortestDuration));
            AddSpanIdle(f.Id, users.Select(h => ((LinearExpr)h.Start, (LinearExpr)h.End, h.Furnaces[f])).ToList(), busy,
                f.HoldingKw, f.RestartKwh, f.Carrier);
        }
        foreach (var f in _plant.HeatTreatmentFurnaces)
        {
            var slots = Slots.Where(s => s.Furnace == f).ToList();
            if (slots.Count == 0) continue;
            var busy = LinearExpr.Sum(slots.Select(s => s.Duration));
            AddSpanIdle(f.Id, slots.Select(s => ((LinearExpr)s.Start, (LinearExpr)s.End, s.Present)).ToList(), busy,
                f.HoldingKw, f.RestartKwh, f.Carrier);
        }
        foreach (var p in _plant.Presses)
        {
            var jobs = OrderVars.SelectMany(o => o.Forges).Where(fv => fv.Presses.ContainsKey(p)).ToList();
            if (jobs.Count == 0) continue;
            var busy = LinearExpr.WeightedSum(jobs.Select(j => j.Presses[p]), jobs.Select(j => j.Duration));
            AddSpanIdle(p.Id, jobs.Select(j => ((LinearExpr)j.Start, (LinearExpr)(j.Start + j.Duration), j.Presses[p])).ToList(), busy,
                p.IdleKw, 0, Carrier.Electric);
        }
    }

    private void AddSpanIdle(string id, List<(LinearExpr Start, LinearExpr End, BoolVar Used)> jobs, LinearExpr busy,
        double idleKw, double restartKwh, Carrier carrier)
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
        var idle = Model.NewIntVar(0, Horizon, $"idle_{id}");
        Model.Add(idle >= last - first - busy);
        var perKwh = carrier == Carrier.Gas ? PointsPerKwh(Carrier.Gas, 0) : AverageElectricPointsPerKwh();
        // Family "idle": a rescheduling neighbourhood leaves these out (ForgingModel.Stability.cs).
        _objective.Add((idle * (long)Math.Round(idleKw / 60.0 * perKwh), "idle"));
        _objective.Add((used * (long)Math.Round(restartKwh * perKwh), "idle"));
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
            var perMinute = (long)Math.Round(PointsPerKg * _options.Weights.TardinessPerWeightedHour * ov.Order.Weight / 60.0);
            _objective.Add((tardy * Math.Max(1, perMinute), "tardiness"));
        }
        _objective.Add((Makespan * (long)Math.Round(PointsPerKg * _options.Weights.MakespanPerHour / 60.0), "makespan"));
    }
}
