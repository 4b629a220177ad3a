using ForgeScheduler.Solver.Domain;
using static ForgeScheduler.Solver.Validation.ValidationContext;

namespace ForgeScheduler.Solver.Validation;

/// <summary>capable_resource: each route step runs on a resource of the right kind that can take the
/// piece. Judged by the route step's kind, not the operation's stated kind (wrong_kind names that).</summary>
internal static class CapabilityRules
{
    public static void Check(ValidationContext ctx)
    {
        foreach (var p in ctx.Placed)
        {
            var problems = p.Step.Kind switch
            {
                OperationKind.Heat => HeatProblems(p),
                OperationKind.Forge => ForgeProblems(p),
                _ => HeatTreatmentProblems(p),
            };
            if (problems.Count > 0) ctx.Add("capable_resource", p.Op, string.Join("; ", problems));
        }
    }

    private static List<string> HeatProblems(PlacedOperation p)
    {
        var heat = p.Order.Heats[p.Step.HeatIndex];
        if (p.Furnace is not { Kind: FurnaceKind.Heating } f)
            return [$"heat {p.Step.HeatIndex + 1} needs a heating furnace; {p.Op.Resource} is {Describe(p)}"];
        var problems = new List<string>();
        if (f.CapacityTonnes < p.Order.MassTonnes)
            problems.Add($"piece of {Num(p.Order.MassTonnes)} t exceeds furnace capacity {Num(f.CapacityTonnes)} t");
        if (f.MaxTempC < heat.ForgeTempC)
            problems.Add($"forging temperature {Num(heat.ForgeTempC, 0)} °C exceeds furnace maximum {Num(f.MaxTempC, 0)} °C");
        return problems;
    }

    private static List<string> ForgeProblems(PlacedOperation p)
    {
        var heat = p.Order.Heats[p.Step.HeatIndex];
        if (p.Press is not { } press)
            return [$"forge {p.Step.HeatIndex + 1} needs a press; {p.Op.Resource} is {Describe(p)}"];
        var problems = new List<string>();
        if (press.ForceMn < heat.MinForceMn)
            problems.Add($"needs {Num(heat.MinForceMn)} MN, press has {Num(press.ForceMn)} MN");
        if (press.MaxPieceTonnes < p.Order.MassTonnes)
            problems.Add($"piece of {Num(p.Order.MassTonnes)} t exceeds press maximum {Num(press.MaxPieceTonnes)} t");
        return problems;
    }

    private static List<string> HeatTreatmentProblems(PlacedOperation p)
    {
        if (p.Furnace is not { Kind: FurnaceKind.HeatTreatment } f)
            return [$"heat treatment needs a heat-treatment furnace; {p.Op.Resource} is {Describe(p)}"];
        var problems = new List<string>();
        if (!f.Recipes.Contains(p.Order.HeatTreatment))
            problems.Add($"furnace does not run recipe '{p.Order.HeatTreatment}' (runs {string.Join(", ", f.Recipes)})");
        if (f.CapacityTonnes < p.Order.MassTonnes)
            problems.Add($"piece of {Num(p.Order.MassTonnes)} t exceeds furnace capacity {Num(f.CapacityTonnes)} t");
        return problems;
    }

    private static string Describe(PlacedOperation p) => p.Furnace switch
    {
        { Kind: FurnaceKind.Heating } => "a heating furnace",
        { Kind: FurnaceKind.HeatTreatment } => "a heat-treatment furnace",
        _ => "a press",
    };
}
