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
    /// hours and stretching a charge is not free), less the gaps it lets go cold, each of which costs a
    /// restart instead (<see cref="AddColdGaps"/>: the KPI's per-gap hold-or-restart); plus a cold
    /// start unless it is hot at plan start; a furnace hot at plan start pays the cheaper of holding
    /// until its first job and a restart. Presses pay pump idle between their first and last job of
    /// each shift (ForgingModel.PressIdle).</summary>
    private void AddIdleTerms()
    {
        foreach (var f in _plant.HeatingFurnaces)
        {
            var users = OrderVars.SelectMany(o => o.Heats).Where(h => h.Furnaces.ContainsKey(f)).ToList();
            if (users.Count == 0) continue;
            AddFurnaceSpan(f, users.Select(h => ((LinearExpr)h.Start, (LinearExpr)h.End, h.Furnaces[f])).ToList(),
                users.Select(h => h.Intervals[f]).ToList(), disjoint: false);
        }
        foreach (var f in _plant.HeatTreatmentFurnaces)
        {
            var slots = Slots.Where(s => s.Furnace == f).ToList();
            if (slots.Count == 0) continue;
            AddFurnaceSpan(f, slots.Select(s => ((LinearExpr)s.Start, (LinearExpr)s.End, s.Present)).ToList(),
                slots.Select(s => s.Interval).ToList(), disjoint: true);
        }
        AddPressIdleTerms();
    }

    private void AddFurnaceSpan(Furnace f, List<(LinearExpr Start, LinearExpr End, BoolVar Used)> jobs, List<IntervalVar> intervals, bool disjoint)
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
        var (cold, coldMinutes) = AddColdGaps(f, used, first, last, intervals, disjoint);
        var hot = Model.NewIntVar(0, Horizon, $"hot_{f.Id}");
        Model.Add(hot >= last - first - coldMinutes);
        // Family "idle": a rescheduling neighbourhood leaves the furnace-span terms out (ForgingModel.Stability.cs).
        _objective.Add((hot * (long)Math.Round(f.HoldingKw / 60.0 * perKwh), "idle"));
        _objective.Add((cold * (long)Math.Round(f.RestartKwh * perKwh), "idle"));
        var overhead = new FurnaceOverhead(f, hot, cold);
        _overheads.Add(overhead);
        // A furnace already used by operations fixed earlier (an earlier window, a reschedule's frozen
        // part) is hot or pays its gap there; it is not charged a cold start again.
        var fixedUse = _fixed.Any(o => o.Resource == f.Id);
        if (fixedUse)
        {
            if (CarryFurnaceState && !SpanWithFixed && f.HoldingKw > 0) AddGapAfterFixed(f, used, first, perKwh, overhead);
            return;
        }
        if (!HotAtStart.Contains(f.Id))
        {
            _objective.Add((used * (long)Math.Round(f.RestartKwh * perKwh), "idle"));
            overhead.Restarts.Add(used);
            return;
        }
        // Hot at plan start: min(holding × time to first job, restart), only when used.
        PayHoldOrRestart(f, used, first, "initial", perKwh, overhead);
    }

    /// <summary>A furnace an earlier window used is hot until its last fixed job ends; this window's
    /// first job on it pays the gap as the KPIs do — the furnace's state carried across windows.
    /// Without it a furnace used yesterday would look free of cost today.</summary>
    private void AddGapAfterFixed(Furnace f, BoolVar used, IntVar first, double perKwh, FurnaceOverhead overhead)
    {
        var lastFixed = _fixed.Where(o => o.Resource == f.Id).Max(o => MinCeil(o.End));
        PayHoldOrRestart(f, used, first - lastFixed, "afterfixed", perKwh, overhead);
    }

    /// <summary>A furnace hot from some moment until its first job here pays the cheaper of holding
    /// over that time and a restart (the KPIs' gap rule), only when it is used.</summary>
    private void PayHoldOrRestart(Furnace f, BoolVar used, LinearExpr idleMinutes, string name, double perKwh, FurnaceOverhead overhead)
    {
        var restart = (long)Math.Round(f.RestartKwh * 60.0 / Math.Max(1e-9, f.HoldingKw));
        var idle = Model.NewIntVar(0, Horizon, $"{name}_{f.Id}");
        Model.Add(idle >= idleMinutes);
        var paid = Model.NewIntVar(0, Horizon, $"{name}held_{f.Id}");
        Model.AddMinEquality(paid, [idle, LinearExpr.Constant(Math.Min(restart, Horizon))]);
        var charged = Model.NewIntVar(0, Horizon, $"{name}paid_{f.Id}");
        Model.Add(charged >= paid).OnlyEnforceIf(used);
        _objective.Add((charged * (long)Math.Round(f.HoldingKw / 60.0 * perKwh), "idle"));
        overhead.HotMinutes.Add(charged);
    }

    /// <summary>Per-gap hold-or-restart, as the KPIs price a gap (min(holding × gap, restart)): up to
    /// <see cref="CpSatOptions.ColdGapsPerFurnace"/> optional "cold" intervals per furnace, inside its
    /// span, that no job of the furnace overlaps (its own jobs, fixed ones too). Each one present
    /// takes its minutes off the hot time and costs a restart. A cold interval lies within one gap,
    /// so the model's furnace energy never falls below the KPI's; at the best placement (one cold
    /// interval filling each gap longer than restart ÷ holding) it equals it. This needs no sequence
    /// of the furnace's jobs (heating furnaces hold several pieces at once, so their gaps are gaps
    /// of a union): a cumulative (jobs 1, cold intervals the whole capacity) or the heat-treatment
    /// furnace's own no-overlap rule keeps cold intervals off jobs. Gaps beyond the count are held
    /// hot in the model: on the safe side. Returns the count of cold gaps and their minutes.</summary>
    private (LinearExpr Count, LinearExpr Minutes) AddColdGaps(Furnace f, BoolVar used, IntVar first, IntVar last, List<IntervalVar> jobs, bool disjoint)
    {
        var none = (LinearExpr.Constant(0), LinearExpr.Constant(0));
        // Fixed jobs as their union: the pieces of one fixed charge share its interval, which a
        // no-overlap rule would not admit.
        var fixedJobs = new List<(long S, long E)>();
        foreach (var (s, e) in _fixed.Where(o => o.Resource == f.Id)
                     .Select(o => (S: Min(o.Start), E: MinCeil(o.End))).Where(x => x.E > 0 && x.E > x.S).OrderBy(x => x.S))
        {
            if (fixedJobs.Count > 0 && s <= fixedJobs[^1].E) fixedJobs[^1] = (fixedJobs[^1].S, Math.Max(fixedJobs[^1].E, e));
            else fixedJobs.Add((s, e));
        }
        if (_options.ColdGapsPerFurnace <= 0 || f.HoldingKw <= 0 || jobs.Count + fixedJobs.Count < 2) return none;
        // A gap pays to go cold only when holding over it costs more than a restart.
        var breakEven = Math.Max(1, (long)Math.Ceiling(f.RestartKwh / f.HoldingKw * 60));
        var count = (int)Math.Min(Math.Min(_options.ColdGapsPerFurnace, jobs.Count + fixedJobs.Count - 1), Horizon / breakEven);
        if (count <= 0) return none;
        var all = new List<IntervalVar>(jobs);
        all.AddRange(fixedJobs.Select(x => Model.NewFixedSizeIntervalVar(x.S, x.E - x.S, $"coldfixed_{f.Id}_{x.S}")));
        var windows = new List<IntervalVar>();
        var present = new List<BoolVar>();
        var lengths = new List<IntVar>();
        IntVar? previousEnd = null;
        for (var k = 0; k < count; k++)
        {
            var name = $"cold_{f.Id}_{k}";
            var p = Model.NewBoolVar($"present_{name}");
            var start = Model.NewIntVar(0, Horizon, $"start_{name}");
            var length = Model.NewIntVar(0, Horizon, $"len_{name}");
            var end = Model.NewIntVar(0, Horizon, $"end_{name}");
            windows.Add(Model.NewOptionalIntervalVar(start, length, end, p, name));
            Model.AddImplication(p, used);
            Model.Add(length >= breakEven).OnlyEnforceIf(p);
            Model.Add(start >= first).OnlyEnforceIf(p);
            Model.Add(end <= last).OnlyEnforceIf(p);
            // Absent ones are zero and at time 0; present ones come first and in time order (symmetry).
            Model.Add(length == 0).OnlyEnforceIf(p.Not());
            Model.Add(start == 0).OnlyEnforceIf(p.Not());
            if (k > 0)
            {
                Model.AddImplication(p, present[k - 1]);
                Model.Add(start >= previousEnd!).OnlyEnforceIf(p);
            }
            previousEnd = end;
            present.Add(p);
            lengths.Add(length);
        }
        if (disjoint)
        {
            Model.AddNoOverlap(all.Concat(windows));
        }
        else
        {
            // Jobs may share the furnace; a cold interval takes all of it. Downtime is left out: a gap
            // over a breakdown is a gap the KPIs price by the same rule.
            var capacity = Math.Max(1, (long)all.Count);
            var cumulative = Model.AddCumulative(capacity);
            foreach (var iv in all) cumulative.AddDemand(iv, 1);
            foreach (var iv in windows) cumulative.AddDemand(iv, capacity);
        }
        return (LinearExpr.Sum(present), LinearExpr.Sum(lengths));
    }

    /// <summary>What the model charges a furnace besides steel heat: minutes at holding power and
    /// restarts (terms summed); a test reads them back to compare with the KPIs.</summary>
    internal sealed class FurnaceOverhead(Furnace furnace, LinearExpr hotMinutes, LinearExpr restarts)
    {
        public Furnace Furnace { get; } = furnace;
        public List<LinearExpr> HotMinutes { get; } = [hotMinutes];
        public List<LinearExpr> Restarts { get; } = [restarts];

        public double Kwh(CpSolver solver) =>
            Furnace.HoldingKw / 60.0 * HotMinutes.Sum(solver.Value) + Furnace.RestartKwh * Restarts.Sum(solver.Value);
    }

    private readonly List<FurnaceOverhead> _overheads = [];

    /// <summary>The furnaces' holding and restart terms of the objective, per furnace.</summary>
    internal IReadOnlyList<FurnaceOverhead> FurnaceOverheads => _overheads;

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
