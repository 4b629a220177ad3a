using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Kpis;

/// <summary>Computes every KPI of a schedule from (plant, orders, schedule) alone, so ours, the
/// baseline's and a planner's schedule are judged the same way. Charge temperatures and energies
/// come from <see cref="ScheduleEvaluator"/>; what the schedule claims is ignored. Operations of
/// orders not in the book (or with a step outside the route) are ignored too, as the evaluator does.
/// Definitions: docs/kpis.md.</summary>
public static class KpiCalculator
{
    public const string Gas = "gas";
    public const string Electric = "electric";

    public static KpiReport Compute(Plant plant, OrderBook orders, Schedule schedule)
    {
        var evaluated = ScheduleEvaluator.Evaluate(plant, orders, schedule);
        var operations = evaluated.Operations;

        var tonnes = operations.DistinctBy(e => e.Order.Id).Sum(e => e.Order.MassTonnes);
        var furnaceIdle = IdleTime.Furnaces(evaluated.Furnaces);
        var pressIdle = IdleTime.Presses(plant, orders.PlanStart, operations);
        var draws = ProcessDraws(plant, operations).Concat(furnaceIdle.Draws).Concat(pressIdle.Draws).ToList();

        // Gas is priced draw by draw; electricity is netted hour by hour against the PV surplus.
        var gasDraws = draws.Where(d => d.Carrier == Carrier.Gas).ToList();
        var gasKwh = gasDraws.Sum(d => d.Kwh);
        var co2Gas = ThermalPhysics.GasCo2Kg(gasKwh, plant.Gas);
        var ledger = new ElectricityLedger(plant, orders.PlanStart);
        foreach (var d in draws.Where(d => d.Carrier == Carrier.Electric)) ledger.Add(d.Kwh, d.Start, d.End);
        var (electricKwh, pvKwh, co2Electric, electricCost) = ledger.Totals();
        var cost = ThermalPhysics.GasCost(gasKwh, plant.Gas) + electricCost;
        var energy = gasKwh + electricKwh;
        var co2Kg = co2Gas + co2Electric;

        var furnaceKwh = draws.Where(d => d.IsFurnace).Sum(d => d.Kwh);
        var electricFurnaceKwh = draws.Where(d => d.IsFurnace && d.Carrier == Carrier.Electric).Sum(d => d.Kwh);

        var timeliness = Timeliness.Compute(orders.PlanStart, operations);
        var scheduled = operations.Select(e => e.Order.Id).ToHashSet();

        return new KpiReport
        {
            Tonnes = tonnes,
            EnergyKwh = energy,
            EnergyKwhPerT = PerTonne(energy, tonnes),
            Co2Kg = co2Kg,
            Co2KgPerT = PerTonne(co2Kg, tonnes),
            HotChargeRatio = PerTonne(ChargeRatios.HotChargedTonnes(plant, operations), tonnes),
            HotTransferRatio = PerTonne(ChargeRatios.HotTransferredTonnes(plant, operations), tonnes),
            ElectricShare = furnaceKwh > 0 ? electricFurnaceKwh / furnaceKwh : 0,
            FurnaceHotIdleH = furnaceIdle.Hours,
            PressIdleH = pressIdle.Hours,
            WeightedTardinessH = timeliness.WeightedTardinessH,
            LateOrders = timeliness.LateOrders,
            MakespanH = timeliness.MakespanH,
            EnergyCost = cost,
            GasKwh = gasKwh,
            ElectricKwh = electricKwh,
            GasNm3 = ThermalPhysics.GasNm3(gasKwh, plant.Gas.LhvMjPerNm3),
            EnergyKwhByCarrier = new Dictionary<string, double> { [Gas] = gasKwh, [Electric] = electricKwh },
            EnergyKwhByResource = ByResource(plant, draws),
            Utilisation = Utilisation(plant, operations, timeliness.MakespanH),
            PeakElectricKw = ElectricPeak.Kw(plant, operations, evaluated.Furnaces),
            FurnaceIdleKwh = furnaceIdle.Draws.Where(d => d.Use != EnergyUse.FurnaceHolding).Sum(d => d.Kwh),
            FurnaceHoldingKwh = furnaceIdle.Draws.Where(d => d.Use == EnergyUse.FurnaceHolding).Sum(d => d.Kwh),
            FurnaceColdStarts = evaluated.Furnaces.Sum(f => f.ColdStarts),
            FurnaceHotH = evaluated.Furnaces.Sum(f => f.HotHours),
            OnsitePvKwh = pvKwh,
            PressIdleKwh = pressIdle.Draws.Sum(d => d.Kwh),
            Co2KgByCarrier = new Dictionary<string, double> { [Gas] = co2Gas, [Electric] = co2Electric },
            UnscheduledOrders = orders.Orders.Count(o => !scheduled.Contains(o.Id)),
        };
    }

    /// <summary>A per-tonne figure; zero when nothing is scheduled rather than NaN.</summary>
    private static double PerTonne(double value, double tonnes) => tonnes > 0 ? value / tonnes : 0;

    /// <summary>Steel heat of furnace operations and press work, each over its operation. The holding
    /// share inside an operation's energy is drawn by the furnace's holding draws instead (same kWh).</summary>
    internal static IEnumerable<EnergyDraw> ProcessDraws(Plant plant, IReadOnlyList<EvaluatedOperation> operations) =>
        operations.Select(e => new EnergyDraw(
            e.Operation.Resource,
            plant.FindFurnace(e.Operation.Resource) is not null,
            e.Carrier,
            EnergyUse.Process,
            e.EnergyKwh - e.HoldingKwh,
            e.Operation.Start,
            e.Operation.End));

    /// <summary>Every resource of the plant (zero when unused), plus any unknown resource an
    /// operation names, so no kWh disappears from the breakdown.</summary>
    private static Dictionary<string, double> ByResource(Plant plant, IEnumerable<EnergyDraw> draws)
    {
        var result = AllResourceIds(plant).ToDictionary(id => id, _ => 0.0);
        foreach (var d in draws) result[d.Resource] = result.GetValueOrDefault(d.Resource) + d.Kwh;
        return result;
    }

    /// <summary>Busy time (union of a resource's operations) over the makespan; zero when the
    /// makespan is zero.</summary>
    private static Dictionary<string, double> Utilisation(Plant plant, IReadOnlyList<EvaluatedOperation> operations, double makespanH)
    {
        var busy = operations
            .GroupBy(e => e.Operation.Resource)
            .ToDictionary(g => g.Key, g => TimeWindow.TotalHours(TimeWindow.Union(g.Select(e => new TimeWindow(e.Operation.Start, e.Operation.End)))));
        var ids = AllResourceIds(plant).Concat(busy.Keys).Distinct();
        return ids.ToDictionary(id => id, id => makespanH > 0 ? busy.GetValueOrDefault(id) / makespanH : 0);
    }

    private static IEnumerable<string> AllResourceIds(Plant plant) =>
        plant.Furnaces.Select(f => f.Id).Concat(plant.Presses.Select(p => p.Id));
}
