using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Physics;
using Google.OrTools.Sat;

namespace ForgeScheduler.Solver.Optimisation;

/// <summary>The CP-SAT model of the hot end, built in a fixed order: data → variables → constraints
/// → objective. Units: minutes from plan start; objective points are grams of CO2-equivalent
/// (see <see cref="ObjectiveWeights"/>).</summary>
internal sealed partial class ForgingModel
{
    private const long PointsPerKg = 1000;
    private const int HeatBlockMinutes = 120;
    private const int HtBlockMinutes = 120;
    private const int MaxSlotsPerFurnaceGroup = 5;

    private readonly Plant _plant;
    private readonly DateTimeOffset _t0;
    private readonly CpSatOptions _options;
    private readonly IReadOnlyList<ScheduledOperation> _fixed;
    private readonly List<(LinearExpr Term, string Family)> _objective = [];

    public ForgingModel(Plant plant, DateTimeOffset planStart, IReadOnlyList<Order> orders, long horizonMin,
        CpSatOptions options, IReadOnlyList<ScheduledOperation> fixedOperations)
    {
        _plant = plant;
        _t0 = planStart;
        Orders = orders;
        Horizon = horizonMin;
        _options = options;
        _fixed = fixedOperations;
    }

    public CpModel Model { get; } = new();

    /// <summary>Furnaces hot at plan start (the order book's furnaces_hot_at_start): no cold start.</summary>
    public IReadOnlySet<string> HotAtStart { get; init; } = new HashSet<string>();

    /// <summary>At least this many charge slots per (heat-treatment furnace, batching group): the
    /// LNS model of a whole book must be able to hold every charge its incumbent has.</summary>
    /// <summary>Furnace spans include the fixed operations (a neighbourhood of a whole plan).</summary>
    public bool SpanWithFixed { get; init; }
    /// <summary>Rolling horizon: a furnace used by an earlier window's fixed jobs pays the gap from its
    /// last one to this window's first (hold or restart) instead of nothing.</summary>
    public bool CarryFurnaceState { get; init; }

    /// <summary>An LNS neighbourhood's freed orders may move only this far: per order id, the minutes
    /// from plan start within which every one of its operations starts. Orders not listed may start
    /// anywhere in the horizon. Bounding the starts bounds the per-shift press-idle literals too, which
    /// are most of a neighbourhood's variables (docs/optimiser.md, forging LNS).</summary>
    public IReadOnlyDictionary<string, (long From, long To)> StartWindows { get; init; } = new Dictionary<string, (long, long)>();

    public IReadOnlyDictionary<(string Furnace, string Group), int> MinSlots { get; init; } = new Dictionary<(string, string), int>();
    public IReadOnlyList<Order> Orders { get; }
    public long Horizon { get; }
    public List<OrderVars> OrderVars { get; } = [];
    public List<HtSlot> Slots { get; } = [];
    public IntVar Makespan { get; private set; } = null!;
    public LinearExpr TardinessPoints { get; private set; } = LinearExpr.Constant(0);
    public LinearExpr EnergyPointsTotal { get; private set; } = LinearExpr.Constant(0);

    public void Build()
    {
        CreateHeatAndForgeVariables();
        CreateHeatTreatmentVariables();
        AddRouteConstraints();
        AddHeatingFurnaceCapacity();
        AddPressNoOverlap();
        AddHeatTreatmentBatching();
        AddPowerCap();
        AddObjective();
    }

    // ---- data helpers -------------------------------------------------------------------------

    private long Min(DateTimeOffset t) => (long)Math.Floor((t - _t0).TotalMinutes);

    private long MinCeil(DateTimeOffset t) => (long)Math.Ceiling((t - _t0).TotalMinutes);

    /// <summary>The earliest and latest start of any operation of <paramref name="order"/>: its
    /// window where it has one, else the horizon; never before <paramref name="earliest"/>.</summary>
    private (long From, long To) StartBounds(Order order, long earliest)
    {
        var (from, to) = StartWindows.TryGetValue(order.Id, out var w) ? w : (0, Horizon);
        from = Math.Clamp(Math.Max(from, earliest), 0, Horizon);
        return (from, Math.Clamp(to, from, Horizon));
    }

    private static bool CanHeat(Furnace f, Order o, ForgingHeat h) => Capability.CanHeat(f, o, h);

    private static bool CanForge(Press p, Order o, ForgingHeat h) => Capability.CanForge(p, o, h);

    /// <summary>Objective points per kWh of gas.</summary>
    private double GasPointsPerKwh()
    {
        var w = _options.Weights;
        var nm3 = ThermalPhysics.GasNm3(1.0, _plant.Gas.LhvMjPerNm3);
        return PointsPerKg * (w.Co2PerKg * nm3 * _plant.Gas.Co2KgPerNm3 + w.CostPerCurrencyUnit * nm3 * _plant.Gas.PricePerNm3);
    }

    /// <summary>Objective points per kWh of electricity drawn at an instant. The model approximates the
    /// PV netting the KPIs do exactly: the share of an electric draw the hour's surplus could cover is
    /// surplus ÷ the largest electric furnace's power (at most 1), at the export tariff and no CO2.</summary>
    private double ElectricPointsPerKwhAt(DateTimeOffset at)
    {
        var w = _options.Weights;
        var grid = _plant.Grid;
        var local = _plant.LocalHour(at);
        var imported = w.Co2PerKg * grid.Co2At(local) + w.CostPerCurrencyUnit * grid.TariffAt(local);
        if (!grid.HasPvSurplus) return PointsPerKg * imported;
        var hour0 = new DateTimeOffset(_t0.Year, _t0.Month, _t0.Day, _t0.Hour, 0, 0, _t0.Offset);
        var pvKw = grid.PvSurplusKwAt(local, (long)Math.Floor((at - hour0).TotalHours));
        var reference = _plant.Furnaces.Where(f => f.Carrier == Carrier.Electric).Select(f => f.MaxPowerKw).DefaultIfEmpty(1).Max();
        var share = Math.Clamp(pvKw / Math.Max(1, reference), 0, 1);
        return PointsPerKg * ((1 - share) * imported + share * w.CostPerCurrencyUnit * grid.ExportTariffPerKwh);
    }

    private double PointsPerKwh(Carrier carrier, DateTimeOffset at) => carrier == Carrier.Gas ? GasPointsPerKwh() : ElectricPointsPerKwhAt(at);

    /// <summary>Average points per kWh of electricity drawn evenly over [fromMin, fromMin+lengthMin).</summary>
    private double ElectricPointsPerKwh(long fromMin, long lengthMin)
    {
        var steps = Math.Max(1, (int)(lengthMin / 30));
        double sum = 0;
        for (var i = 0; i < steps; i++) sum += ElectricPointsPerKwhAt(_t0.AddMinutes(fromMin + (i + 0.5) * lengthMin / steps));
        return sum / steps;
    }

    /// <summary>Over the first day of the plan, hour by hour.</summary>
    private double AverageElectricPointsPerKwh() => Enumerable.Range(0, 24).Average(h => ElectricPointsPerKwhAt(_t0.AddHours(h + 0.5)));

    private static BoolVar[] Bands(CpModel m, IntVar wait, IReadOnlyList<WaitBucket> table, string name)
    {
        var bands = new BoolVar[table.Count];
        for (var k = 0; k < table.Count; k++)
        {
            bands[k] = m.NewBoolVar($"{name}_band{k}");
            m.Add(wait >= table[k].FromMin).OnlyEnforceIf(bands[k]);
            if (table[k].ToMin < WaitTable.Open) m.Add(wait <= table[k].ToMin - 1).OnlyEnforceIf(bands[k]);
        }
        m.AddExactlyOne(bands);
        return bands;
    }

    /// <summary>Points per kWh of electricity drawn for <paramref name="drawMinutes"/> from the hour
    /// block a start falls in: block = start / length, price = table[block] (an element constraint).</summary>
    private IntVar ElectricPrice(IntVar start, int blockMinutes, long drawMinutes, string name)
    {
        var count = (int)(Horizon / blockMinutes) + 1;
        var table = Enumerable.Range(0, count)
            .Select(b => (long)Math.Round(ElectricPointsPerKwh((long)b * blockMinutes + blockMinutes / 2, drawMinutes))).ToArray();
        var block = Model.NewIntVar(0, count - 1, $"block_{name}");
        Model.AddDivisionEquality(block, start, blockMinutes);
        var price = Model.NewIntVar(table.Min(), table.Max(), $"price_{name}");
        Model.AddElement(block, table, price);
        return price;
    }

    // ---- variables ----------------------------------------------------------------------------

    private void CreateHeatAndForgeVariables()
    {
        foreach (var order in Orders)
        {
            var ov = new OrderVars(order);
            var release = Min(order.Release);
            for (var i = 0; i < order.Heats.Count; i++)
            {
                var heat = order.Heats[i];
                var name = $"o{order.Id}_h{i + 1}";
                var fromC = i == 0 ? order.StartTempC(_plant.AmbientC) : order.Heats[i - 1].FinishTempC;
                var table = WaitTable.ForHeating(_plant, order, fromC, heat.ForgeTempC);
                var (heatFrom, heatTo) = StartBounds(order, release);
                var start = Model.NewIntVar(heatFrom, heatTo, $"start_{name}");
                var wait = Model.NewIntVar(0, Horizon + Math.Max(0, -release), $"wait_{name}");
                var bands = Bands(Model, wait, table, name);
                // An interval's size may hold one variable only, so the band sum gets its own.
                var duration = Model.NewIntVar(table.Min(b => b.DurationMin), table.Max(b => b.DurationMin), $"dur_{name}");
                Model.Add(duration == LinearExpr.WeightedSum(bands, table.Select(b => b.DurationMin)));
                var end = Model.NewIntVar(0, Horizon, $"end_{name}");
                var occupancy = duration;
                // Only a piece that arrives hot (a hot ingot, or a reheat off the press) keeps heat by
                // waiting in the furnace; a cold one would only take furnace room earlier.
                if (_options.SoakedWaitMaxMinutes > 0 && fromC >= _plant.HotChargeMinC)
                {
                    var soak = Model.NewIntVar(0, _options.SoakedWaitMaxMinutes, $"soak_{name}");
                    occupancy = Model.NewIntVar(table.Min(b => b.DurationMin), table.Max(b => b.DurationMin) + _options.SoakedWaitMaxMinutes, $"occ_{name}");
                    Model.Add(occupancy == duration + soak);
                }
                Model.Add(end == start + occupancy);
                var hv = new HeatVars(order, i, table) { Start = start, End = end, Wait = wait, Bands = bands, Duration = duration, Occupancy = occupancy };
                foreach (var f in _plant.HeatingFurnaces.Where(f => CanHeat(f, order, heat)))
                    hv.Furnaces[f] = Model.NewBoolVar($"x_{name}_{f.Id}");
                Model.AddExactlyOne(hv.Furnaces.Values);
                if (hv.Furnaces.Keys.Any(f => f.Carrier == Carrier.Electric))
                    hv.ElectricPrice = ElectricPrice(start, HeatBlockMinutes, hv.ShortestDuration, name);
                ov.Heats.Add(hv);

                var fname = $"o{order.Id}_f{i + 1}";
                var (forgeFrom, forgeTo) = StartBounds(order, release);
                var fv = new ForgeVars
                {
                    Start = Model.NewIntVar(forgeFrom, forgeTo, $"start_{fname}"), Duration = (long)Math.Ceiling(heat.PressMinutes),
                    Earliest = forgeFrom, Latest = forgeTo,
                };
                foreach (var p in _plant.Presses.Where(p => CanForge(p, order, heat)))
                    fv.Presses[p] = Model.NewBoolVar($"x_{fname}_{p.Id}");
                Model.AddExactlyOne(fv.Presses.Values);
                ov.Forges.Add(fv);
            }
            OrderVars.Add(ov);
        }
    }

    private void CreateHeatTreatmentVariables()
    {
        // Candidate charges per (furnace, batching group): enough for every piece of that group to
        // have its own, but no more than the horizon can hold.
        foreach (var f in _plant.HeatTreatmentFurnaces)
        {
            var groups = f.Recipes.Select(r => _plant.FindRecipe(r)).OfType<Recipe>().GroupBy(r => r.Group);
            foreach (var g in groups)
            {
                var members = Orders.Where(o => Capability.CanTreat(f, o) && g.Any(r => r.Id == o.HeatTreatment)).ToList();
                if (members.Count == 0) continue;
                var cycles = members.Select(o => (long)Math.Ceiling(_plant.FindRecipe(o.HeatTreatment)!.CycleHours * 60)).ToList();
                var (shortest, longest) = (cycles.Min(), cycles.Max());
                var count = (int)Math.Min(Math.Min(members.Count, MaxSlotsPerFurnaceGroup), Math.Max(1, Horizon / shortest));
                // A plan of a whole week may already use more charges of a group than a day needs.
                if (MinSlots.TryGetValue((f.Id, g.Key), out var floor)) count = Math.Max(count, Math.Min(members.Count, floor));
                for (var k = 0; k < count; k++)
                {
                    var name = $"{f.Id}_{g.Key}_{k}";
                    var start = Model.NewIntVar(0, Math.Max(0, Horizon - shortest), $"start_slot_{name}");
                    var present = Model.NewBoolVar($"present_slot_{name}");
                    // A charge lasts as long as its longest recipe: its size is a variable.
                    var duration = Model.NewIntVar(0, longest, $"dur_slot_{name}");
                    var end = Model.NewIntVar(0, Horizon, $"end_slot_{name}");
                    var interval = Model.NewOptionalIntervalVar(start, duration, end, present, $"slot_{name}");
                    Model.Add(duration == 0).OnlyEnforceIf(present.Not());
                    Model.Add(duration >= shortest).OnlyEnforceIf(present);
                    Slots.Add(new HtSlot
                    {
                        Furnace = f, Group = g.Key, Index = k, Start = start, Present = present, Duration = duration, End = end,
                        ShortestCycle = shortest, LongestCycle = longest, Interval = interval,
                    });
                }
            }
        }

        foreach (var ov in OrderVars)
        {
            var order = ov.Order;
            var recipe = _plant.FindRecipe(order.HeatTreatment)!;
            var table = WaitTable.ForHeatTreatment(_plant, order, recipe);
            var name = $"o{order.Id}_ht";
            var (htFrom, htTo) = StartBounds(order, 0);
            var start = Model.NewIntVar(htFrom, htTo, $"start_{name}");
            var end = Model.NewIntVar(0, Horizon, $"end_{name}");
            var wait = Model.NewIntVar(0, Horizon, $"wait_{name}");
            if (ov.Forges.Count == 0) Model.Add(wait == start - Min(order.Release)); // heat treatment only left (rescheduling)
            else Model.Add(wait == start - ov.Forges[^1].Start - ov.Forges[^1].Duration);
            var bands = Bands(Model, wait, table, name);
            var ht = new HtVars(table, recipe) { Start = start, End = end, Bands = bands };
            foreach (var slot in Slots.Where(s => Capability.CanTreat(s.Furnace, order.MassTonnes, recipe.Id) && s.Group == recipe.Group))
            {
                var a = Model.NewBoolVar($"a_{name}_{slot.Furnace.Id}_{slot.Index}");
                ht.Slots[slot] = a;
                slot.Members.Add((ov, a));
                Model.Add(start == slot.Start).OnlyEnforceIf(a);
                Model.Add(end == slot.End).OnlyEnforceIf(a);
                Model.Add(slot.Duration >= (long)Math.Ceiling(recipe.CycleHours * 60)).OnlyEnforceIf(a);
            }
            Model.AddExactlyOne(ht.Slots.Values);
            ov.HeatTreatment = ht;
        }
    }
}
