using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Kpis;

/// <summary>One lever's share of what the plan saves against the baseline (positive = the plan spends less).</summary>
public sealed record LeverSaving(string Key, string Label, double Co2SavedKg, double EnergySavedKwh);

/// <summary>The CO2 and energy the plan saves against the baseline, split by lever. The levers add
/// up exactly to the total difference of the KPI calculator's figures (docs/kpis.md#savings-by-lever).</summary>
public sealed record LeverSavings(IReadOnlyList<LeverSaving> Levers, double Co2SavedKg, double EnergySavedKwh)
{
    public const string HotCharging = "hot_charging";
    public const string HotTransfer = "hot_transfer";
    public const string FurnaceChoice = "furnace_choice";
    public const string Consolidation = "consolidation";
    public const string ElectricTiming = "electric_timing";
    public const string Presses = "presses";

    private static readonly (string Key, string Label)[] Names =
    [
        (HotCharging, "hot charging (charge temperature of every heat)"),
        (HotTransfer, "hot transfer (charge temperature of heat treatment)"),
        (FurnaceChoice, "furnace choice (efficiency and carrier)"),
        (Consolidation, "consolidation (cold starts, holding, gaps)"),
        (ElectricTiming, "electric timing (PV surplus, grid hours)"),
        (Presses, "presses (work and idle)"),
    ];

    /// <summary>Re-costs one lever at a time from the two schedules' energy draws (the same draws the
    /// KPI calculator prices). Every draw is first priced at a flat factor per carrier (gas: its own;
    /// electricity: the plant's 24-hour mean grid factor), which makes CO2 a sum over draws:
    /// <list type="bullet">
    /// <item>heat and heat-treatment steel heat, per (order, step): re-costed with the plan's charge
    /// temperature in the baseline's furnace — the part from temperature is hot charging (heats) or hot
    /// transfer (heat treatment); the rest, from the plan's furnace (efficiency, carrier), furnace choice;</item>
    /// <item>furnace holding, idle-gap and cold-start draws: consolidation;</item>
    /// <item>press work and press idle: presses;</item>
    /// <item>electric timing: what hour-by-hour pricing (grid factor by hour, net of the PV surplus) adds
    /// over the flat factor, in the plan minus in the baseline.</item>
    /// </list>
    /// Energy is not priced by the hour, so its timing lever is zero.</summary>
    public static LeverSavings Compute(Plant plant, OrderBook orders, Schedule baseline, Schedule plan)
    {
        var b = Costed.Of(plant, orders, baseline);
        var p = Costed.Of(plant, orders, plan);
        var co2 = Names.ToDictionary(n => n.Key, _ => 0.0);
        var kwh = Names.ToDictionary(n => n.Key, _ => 0.0);

        foreach (var key in b.Steel.Keys.Union(p.Steel.Keys))
        {
            var lever = key.Kind == OperationKind.HeatTreat ? HotTransfer : HotCharging;
            b.Steel.TryGetValue(key, out var sb);
            p.Steel.TryGetValue(key, out var sp);
            // Steel heat is h(target) − h(charge) over the furnace's efficiency: the plan's heat in the
            // baseline's furnace is the plan's kWh × η_plan ÷ η_baseline.
            var bothPlaced = sb.Efficiency > 0 && sp.Efficiency > 0;
            var recostKwh = bothPlaced ? sp.Kwh * sp.Efficiency / sb.Efficiency : sb.Kwh;
            var recostCo2 = bothPlaced ? recostKwh * sb.FlatFactor : sb.FlatCo2;
            kwh[lever] += sb.Kwh - recostKwh;
            co2[lever] += sb.FlatCo2 - recostCo2;
            kwh[FurnaceChoice] += recostKwh - sp.Kwh;
            co2[FurnaceChoice] += recostCo2 - sp.FlatCo2;
        }
        kwh[Consolidation] = b.FurnaceIdleKwh - p.FurnaceIdleKwh;
        co2[Consolidation] = b.FurnaceIdleCo2 - p.FurnaceIdleCo2;
        kwh[Presses] = b.PressKwh - p.PressKwh;
        co2[Presses] = b.PressCo2 - p.PressCo2;
        co2[ElectricTiming] = b.TimingCo2 - p.TimingCo2;

        var levers = Names.Select(n => new LeverSaving(n.Key, n.Label, co2[n.Key], kwh[n.Key])).ToList();
        return new LeverSavings(levers, b.Co2Kg - p.Co2Kg, b.EnergyKwh - p.EnergyKwh);
    }

    private readonly record struct Steel(double Kwh, double FlatCo2, double Efficiency, double FlatFactor);

    /// <summary>One schedule's draws, priced flat, grouped by lever.</summary>
    private sealed record Costed(
        Dictionary<(string Order, int Step, OperationKind Kind), Steel> Steel,
        double FurnaceIdleKwh, double FurnaceIdleCo2, double PressKwh, double PressCo2, double TimingCo2, double Co2Kg, double EnergyKwh)
    {
        public static Costed Of(Plant plant, OrderBook orders, Schedule schedule)
        {
            var evaluated = ScheduleEvaluator.Evaluate(plant, orders, schedule);
            var operations = evaluated.Operations;
            var furnaceIdle = IdleTime.Furnaces(evaluated.Furnaces);
            var pressIdle = IdleTime.Presses(plant, orders.PlanStart, operations);
            var gasFactor = ThermalPhysics.GasCo2Kg(1.0, plant.Gas);
            var electricFactor = plant.Grid.Co2KgPerKwh.Count == 0 ? 0 : plant.Grid.Co2KgPerKwh.Average();
            double Flat(Carrier c) => c == Carrier.Gas ? gasFactor : electricFactor;

            var steel = new Dictionary<(string, int, OperationKind), Steel>();
            double pressKwh = 0, pressCo2 = 0;
            foreach (var e in operations)
            {
                var kwh = e.EnergyKwh - e.HoldingKwh;
                var furnace = plant.FindFurnace(e.Operation.Resource);
                if (furnace is null)
                {
                    pressKwh += kwh;
                    pressCo2 += kwh * Flat(e.Carrier);
                    continue;
                }
                var key = (e.Order.Id, e.Operation.Step, e.Operation.Kind);
                var s = steel.GetValueOrDefault(key);
                // An interrupted step is heated again: the step's kWh add up, the furnace that
                // finished it stands for the step's efficiency.
                steel[key] = new Steel(s.Kwh + kwh, s.FlatCo2 + kwh * Flat(e.Carrier),
                    e.Operation.Interrupted && s.Efficiency > 0 ? s.Efficiency : furnace.Efficiency,
                    e.Operation.Interrupted && s.Efficiency > 0 ? s.FlatFactor : Flat(e.Carrier));
            }
            var idleKwh = furnaceIdle.Draws.Sum(d => d.Kwh);
            var idleCo2 = furnaceIdle.Draws.Sum(d => d.Kwh * Flat(d.Carrier));
            pressKwh += pressIdle.Draws.Sum(d => d.Kwh);
            pressCo2 += pressIdle.Draws.Sum(d => d.Kwh * Flat(d.Carrier));

            // The KPI calculator's own totals, so the levers sum to its difference.
            var kpis = KpiCalculator.Compute(plant, orders, schedule);
            var flatElectricCo2 = kpis.ElectricKwh * electricFactor;
            var timing = kpis.Co2KgByCarrier.GetValueOrDefault(KpiCalculator.Electric) - flatElectricCo2;
            // Whatever the flat split leaves (gas CO2 rounding between per-draw and summed pricing) is
            // zero up to floating point; keep the identity exact by putting it on timing.
            var flatTotal = steel.Values.Sum(s => s.FlatCo2) + idleCo2 + pressCo2;
            var residual = kpis.Co2Kg - (flatTotal + timing);
            return new Costed(steel, idleKwh, idleCo2, pressKwh, pressCo2, timing + residual, kpis.Co2Kg, kpis.EnergyKwh);
        }
    }
}
