using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Validation;

/// <summary>carrier_claim: a stated carrier is the resource's (presses are electric), so energy and
/// CO2 reports cannot be moved from gas to electric on paper.</summary>
internal static class CarrierRules
{
    public static void Check(ValidationContext ctx)
    {
        foreach (var p in ctx.Placed)
        {
            if (p.Op.Carrier is not { } claimed) continue;
            var actual = p.Furnace?.Carrier ?? Carrier.Electric;
            if (claimed != actual)
                ctx.Add("carrier_claim", p.Op, $"states carrier {claimed} but {p.Op.Resource} runs on {actual}");
        }
    }
}
