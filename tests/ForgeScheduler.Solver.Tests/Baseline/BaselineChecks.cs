using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Tests.Baseline;

/// <summary>Plain checks of the rules the baseline promises, written here so these tests do not lean
/// on the validator (built separately). Each returns the broken cases, so a failure names them.</summary>
internal static class BaselineChecks
{
    public static List<string> RouteAndCapability(Plant plant, OrderBook book, Schedule schedule)
    {
        var bad = new List<string>();
        foreach (var order in book.Orders)
        {
            var ops = schedule.Operations.Where(o => o.Order == order.Id).OrderBy(o => o.Step).ToList();
            var route = Route.Of(order);
            if (!ops.Select(o => o.Step).SequenceEqual(route.Select(r => r.Step)))
            {
                bad.Add($"{order.Id}: steps {string.Join(",", ops.Select(o => o.Step))}");
                continue;
            }
            foreach (var (op, step) in ops.Zip(route))
            {
                var capable = step.Kind switch
                {
                    OperationKind.Heat => plant.HeatingFurnaces.Any(f => f.Id == op.Resource && f.CapacityTonnes >= order.MassTonnes
                                                                      && f.MaxTempC >= order.Heats[step.HeatIndex].ForgeTempC),
                    OperationKind.Forge => plant.Presses.Any(p => p.Id == op.Resource && p.ForceMn >= order.Heats[step.HeatIndex].MinForceMn
                                                               && p.MaxPieceTonnes >= order.MassTonnes),
                    _ => plant.HeatTreatmentFurnaces.Any(f => f.Id == op.Resource && f.Recipes.Contains(order.HeatTreatment)),
                };
                if (op.Kind != step.Kind || !capable) bad.Add($"{order.Id} step {op.Step}: {op.Kind} on {op.Resource}");
            }
        }
        return bad;
    }

    public static List<string> PrecedenceAndTransfer(Plant plant, OrderBook book, Schedule schedule)
    {
        var bad = new List<string>();
        foreach (var order in book.Orders)
        {
            var ops = schedule.ForOrder(order.Id).ToList();
            if (ops[0].Start < order.Release) bad.Add($"{order.Id}: starts before release");
            for (var i = 0; i < ops.Count; i++)
            {
                if (ops[i].End <= ops[i].Start) bad.Add($"{order.Id} step {ops[i].Step}: ends before it starts");
                if (i > 0 && ops[i].Start < ops[i - 1].End) bad.Add($"{order.Id} step {ops[i].Step}: starts before step {ops[i - 1].Step} ends");
                if (ops[i].Kind == OperationKind.Forge)
                {
                    var wait = (ops[i].Start - ops[i - 1].End).TotalMinutes;
                    if (wait < 0 || wait > plant.FurnaceToPressMaxMin) bad.Add($"{order.Id} step {ops[i].Step}: transfer {wait} min");
                }
            }
        }
        return bad;
    }

    /// <summary>Heating furnaces (tonnes, pieces), presses (one at a time), heat-treatment charges
    /// (start and end together, one group, capacity, no overlap), downtime, and the electric power cap.</summary>
    public static List<string> Capacities(Plant plant, OrderBook book, Schedule schedule)
    {
        var bad = new List<string>();
        var mass = book.Orders.ToDictionary(o => o.Id, o => o.MassTonnes);
        foreach (var f in plant.HeatingFurnaces)
        {
            var ops = schedule.Operations.Where(o => o.Resource == f.Id).ToList();
            foreach (var at in ops.Select(o => o.Start))
            {
                var inside = ops.Where(o => o.Start <= at && o.End > at).ToList();
                if (inside.Count > f.CapacityPieces || inside.Sum(o => mass[o.Order]) > f.CapacityTonnes + 1e-9)
                    bad.Add($"{f.Id} over capacity at {at:HH:mm}: {inside.Count} pieces");
            }
        }
        foreach (var p in plant.Presses)
        {
            var ops = schedule.Operations.Where(o => o.Resource == p.Id).OrderBy(o => o.Start).ToList();
            for (var i = 1; i < ops.Count; i++)
                if (ops[i].Start < ops[i - 1].End) bad.Add($"{p.Id}: {ops[i - 1].Order} and {ops[i].Order} overlap");
        }
        foreach (var f in plant.HeatTreatmentFurnaces)
        {
            var charges = schedule.Operations.Where(o => o.Resource == f.Id).GroupBy(o => o.Charge).ToList();
            foreach (var c in charges)
            {
                var groups = c.Select(o => plant.FindRecipe(book.Find(o.Order)!.HeatTreatment)!.Group).Distinct().Count();
                if (c.Select(o => (o.Start, o.End)).Distinct().Count() != 1) bad.Add($"{c.Key}: pieces do not start and end together");
                if (groups != 1) bad.Add($"{c.Key}: mixes {groups} batching groups");
                if (c.Count() > f.CapacityPieces || c.Sum(o => mass[o.Order]) > f.CapacityTonnes + 1e-9) bad.Add($"{c.Key}: over capacity");
            }
            var spans = charges.Select(c => (c.First().Start, c.First().End)).OrderBy(s => s.Start).ToList();
            for (var i = 1; i < spans.Count; i++)
                if (spans[i].Start < spans[i - 1].End) bad.Add($"{f.Id}: charges overlap at {spans[i].Start:HH:mm}");
        }
        foreach (var d in plant.Downtime)
        {
            foreach (var o in schedule.Operations.Where(o => o.Resource == d.Resource && o.Start < d.To && o.End > d.From))
                bad.Add($"{o.Order} step {o.Step} on {d.Resource} overlaps downtime");
        }
        var peak = PeakElectricKw(schedule);
        if (peak > plant.ElectricPowerCapKw + 1e-6) bad.Add($"electric load {peak:F1} kW over the cap {plant.ElectricPowerCapKw} kW");
        return bad;
    }

    /// <summary>Highest plant-wide electric furnace load: each electric furnace op draws its energy evenly.</summary>
    public static double PeakElectricKw(Schedule schedule)
    {
        var electric = schedule.Operations.Where(o => o.Kind != OperationKind.Forge && o.Carrier == Carrier.Electric).ToList();
        return electric.Select(o => o.Start).Distinct()
            .Select(at => electric.Where(o => o.Start <= at && o.End > at).Sum(o => o.EnergyKwh / (o.End - o.Start).TotalHours))
            .DefaultIfEmpty(0).Max();
    }

    public static List<string> All(Plant plant, OrderBook book, Schedule schedule) =>
        [.. RouteAndCapability(plant, book, schedule), .. PrecedenceAndTransfer(plant, book, schedule), .. Capacities(plant, book, schedule)];
}
