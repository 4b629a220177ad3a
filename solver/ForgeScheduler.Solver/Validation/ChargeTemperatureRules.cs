using ForgeScheduler.Solver.Domain;
using static ForgeScheduler.Solver.Validation.ValidationContext;

namespace ForgeScheduler.Solver.Validation;

/// <summary>charge_temp_limit and charge_temp_claim, from the temperature physics gives each piece
/// after cooling in the yard (<see cref="Evaluation.ScheduleEvaluator"/>), never what the schedule says.</summary>
internal static class ChargeTemperatureRules
{
    public static void Check(ValidationContext ctx)
    {
        foreach (var p in ctx.Placed)
        {
            // The temperature history is only defined when the whole route is there.
            if (!p.Route.IsComplete) continue;
            var physicsC = p.Evaluated.ChargeTempC;
            if (p.Step.Kind == OperationKind.HeatTreat && ctx.Recipes.TryGetValue(p.Order.HeatTreatment, out var recipe)
                && physicsC > recipe.MaxChargeC + ChargeLimitToleranceC)
                ctx.Add("charge_temp_limit", p.Op,
                    $"charged at {Num(physicsC)} °C after {Num(p.Evaluated.WaitMinutes, 0)} min in the yard; recipe {recipe.Id} allows at most {Num(recipe.MaxChargeC, 0)} °C (the piece must have transformed)");

            var claimedC = p.Op.ChargeTempC;
            if (!double.IsNaN(claimedC) && Math.Abs(claimedC - physicsC) > ClaimToleranceC)
                ctx.Add("charge_temp_claim", p.Op,
                    $"states charge temperature {Num(claimedC)} °C; physics gives {Num(physicsC)} °C after {Num(p.Evaluated.WaitMinutes, 0)} min in the yard (tolerance {Num(ClaimToleranceC, 0)} °C)");
        }
    }
}
