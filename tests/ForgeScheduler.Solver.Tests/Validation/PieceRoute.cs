using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Tests.Validation;

/// <summary>Builds the operations of one piece by hand, following the piece through its route the
/// way physics says: each heat lasts the required minutes (rounded up) plus a soaked wait, each
/// forge press_min, the heat treatment the recipe cycle; stated charge temperatures are the cooled
/// ones, stated carriers the resources'. Parameters bend one thing at a time.</summary>
public sealed record PieceRoute(
    Order Order,
    string HeatingFurnace,
    string Press,
    string HeatTreatmentFurnace,
    string Charge)
{
    public DateTimeOffset? FirstHeatStart { get; init; }

    public double TransferMinutes { get; init; } = 5;

    /// <summary>Extra minutes in the heating furnace (negative: shorter than physics requires).</summary>
    public double HeatSlackMinutes { get; init; }

    /// <summary>Minutes the first forge is shorter than press_min.</summary>
    public double ForgeCutMinutes { get; init; }

    public double HeatTreatmentWaitMinutes { get; init; } = 240;

    /// <summary>Start of the heat treatment, for pieces that share a charge.</summary>
    public DateTimeOffset? HeatTreatmentStart { get; init; }

    public IReadOnlyList<ScheduledOperation> Build(Plant plant)
    {
        var order = Order;
        var ops = new List<ScheduledOperation>();
        var temp = order.StartTempC(plant.AmbientC);
        var since = order.Release;
        var cursor = FirstHeatStart ?? order.Release;
        double Cooled(DateTimeOffset at) => ThermalPhysics.CooledTempC(plant, order, temp, (at - since).TotalMinutes);

        for (var i = 0; i < order.Heats.Count; i++)
        {
            var heat = order.Heats[i];
            var heatStart = cursor;
            var chargeC = Cooled(heatStart);
            var heatMinutes = Math.Ceiling(ScheduleEvaluator.HeatingMinutes(plant, order, heat.ForgeTempC, chargeC)) + (i == 0 ? HeatSlackMinutes : 0);
            var heatEnd = heatStart.AddMinutes(heatMinutes);
            ops.Add(Op(plant, 2 * i + 1, OperationKind.Heat, HeatingFurnace, $"{HeatingFurnace}-{order.Id}-{i + 1}", heatStart, heatEnd, chargeC));
            temp = heat.ForgeTempC;
            since = heatEnd;

            var forgeStart = heatEnd.AddMinutes(TransferMinutes);
            var forgeEnd = forgeStart.AddMinutes(heat.PressMinutes - (i == 0 ? ForgeCutMinutes : 0));
            ops.Add(Op(plant, 2 * i + 2, OperationKind.Forge, Press, $"{Press}-{order.Id}-{i + 1}", forgeStart, forgeEnd, Cooled(forgeStart)));
            temp = heat.FinishTempC;
            since = forgeEnd;
            cursor = forgeEnd; // a reheat goes straight back into the furnace
        }

        var recipe = plant.FindRecipe(order.HeatTreatment)!;
        var htStart = HeatTreatmentStart ?? cursor.AddMinutes(HeatTreatmentWaitMinutes);
        ops.Add(Op(plant, 2 * order.Heats.Count + 1, OperationKind.HeatTreat, HeatTreatmentFurnace, Charge,
            htStart, htStart.AddHours(recipe.CycleHours), Cooled(htStart)));
        return ops;
    }

    private ScheduledOperation Op(Plant plant, int step, OperationKind kind, string resource, string charge,
        DateTimeOffset start, DateTimeOffset end, double chargeC) =>
        new(Order.Id, step, kind, resource, charge, start, end, chargeC, 0,
            plant.FindFurnace(resource)?.Carrier ?? Carrier.Electric);
}
