using ForgeScheduler.Solver.Domain;
using static ForgeScheduler.Solver.Validation.ValidationContext;

namespace ForgeScheduler.Solver.Validation;

/// <summary>duration: heats last at least what physics requires at the real charge temperature (a
/// longer heat is a soaked wait, allowed), forging at least press_min, heat treatment at least the
/// recipe cycle. Interrupted operations are exempt (InterruptionRules).</summary>
internal static class DurationRules
{
    public static void Check(ValidationContext ctx)
    {
        foreach (var p in ctx.Placed)
        {
            // end_before_start already names these; a negative duration says nothing more.
            if (p.Op.End < p.Op.Start) continue;
            // An interrupted operation is short by definition; the one that redoes the step is checked.
            if (p.Op.Interrupted) continue;
            var minutes = p.DurationMinutes;
            switch (p.Step.Kind)
            {
                case OperationKind.Heat:
                {
                    // The charge temperature is only defined when the whole route is there.
                    if (!p.Route.IsComplete) break;
                    var e = p.Evaluated;
                    var target = p.Order.Heats[p.Step.HeatIndex].ForgeTempC;
                    if (minutes < e.RequiredMinutes - HeatingToleranceMin)
                        ctx.Add("duration", p.Op,
                            $"heats {Num(minutes)} min; charged at {Num(e.ChargeTempC)} °C the piece needs {Num(e.RequiredMinutes)} min to reach {Num(target, 0)} °C and soak");
                    break;
                }
                case OperationKind.Forge:
                {
                    var required = p.Order.Heats[p.Step.HeatIndex].PressMinutes;
                    if (minutes < required - TimeToleranceMin)
                        ctx.Add("duration", p.Op, $"forges {Num(minutes)} min; heat {p.Step.HeatIndex + 1} needs {Num(required)} min on the press");
                    break;
                }
                default:
                {
                    if (!ctx.Recipes.TryGetValue(p.Order.HeatTreatment, out var recipe)) break;
                    var required = recipe.CycleHours * 60.0;
                    if (minutes < required - TimeToleranceMin)
                        ctx.Add("duration", p.Op, $"heat treatment lasts {Num(minutes)} min; recipe {recipe.Id} cycle is {Num(required)} min");
                    break;
                }
            }
        }
    }
}
