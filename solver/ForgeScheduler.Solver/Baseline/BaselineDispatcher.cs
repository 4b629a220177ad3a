using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Solver.Baseline;

/// <summary>"Today's practice" (DESIGN.md, baseline v2): a dispatcher without look-ahead. Orders go
/// in earliest-due-date order; each heat takes the earliest time at which a heating furnace can take
/// the piece and a press can take it after; among the furnaces free then, a <see cref="DispatchRule"/>
/// picks one; forgings wait for a full heat-treatment charge or a shift. <see cref="Dispatch(Plant, OrderBook)"/>
/// runs every rule and returns the best (<see cref="BaselinePortfolio"/>). docs/baseline.md states the
/// policy rule by rule.</summary>
public static class BaselineDispatcher
{
    public const string MethodName = "baseline";

    /// <summary>The best rule of the portfolio by the default objective weights.</summary>
    public static Schedule Dispatch(Plant plant, OrderBook orders) => BaselinePortfolio.Run(plant, orders).Best;

    /// <summary>The lowest-marginal rule with another rule for heating minutes (see below).</summary>
    public static Schedule Dispatch(Plant plant, OrderBook orders, Func<Order, int, double, int>? heatingMinutes) =>
        Dispatch(plant, orders, heatingMinutes, []);

    /// <summary>One rule's schedule.</summary>
    public static Schedule Dispatch(Plant plant, OrderBook orders, DispatchRule rule, ObjectiveWeights? weights = null) =>
        Dispatch(plant, orders, null, [], rule, weights);

    /// <summary>The same policy with another rule for heating minutes (order, heat index, minutes
    /// waited since the piece's last station), on a board where <paramref name="booked"/> operations
    /// (of other orders, with their physics-filled energy) already hold their furnaces, presses and
    /// power. The optimiser uses it to replay today's practice in its own, more cautious, time model,
    /// so the replay is a starting point CP-SAT can accept.</summary>
    public static Schedule Dispatch(Plant plant, OrderBook orders, Func<Order, int, double, int>? heatingMinutes,
        IReadOnlyList<(ScheduledOperation Operation, double MassTonnes)> booked, DispatchRule? rule = null, ObjectiveWeights? weights = null)
    {
        var problems = InputChecks.CheckPlant(plant).Concat(InputChecks.CheckOrders(plant, orders)).ToList();
        if (problems.Count > 0)
            throw new ArgumentException("baseline: input problems: " + string.Join("; ", problems));
        rule ??= DispatchRule.LowestMarginal;

        var board = new DispatchBoard(plant, orders.PlanStart, orders.FurnacesHotAtStart)
        {
            HeatingMinutes = heatingMinutes,
            Rule = rule,
            Weights = weights ?? ObjectiveWeights.Default,
        };
        foreach (var (op, massTonnes) in booked)
        {
            var from = (int)Math.Floor((op.Start - orders.PlanStart).TotalMinutes);
            var to = (int)Math.Ceiling((op.End - orders.PlanStart).TotalMinutes);
            var furnace = plant.FindFurnace(op.Resource);
            var powerKw = furnace?.Carrier == Carrier.Electric && to > from ? op.EnergyKwh / ((to - from) / 60.0) : 0;
            board.Book(op.Resource, new Slot(from, to, massTonnes, powerKw), furnace?.Carrier);
        }
        var ids = new ChargeIds();
        var byOrder = new Dictionary<string, List<ScheduledOperation>>();
        var forgings = new List<Piece>(orders.Orders.Count);

        var edd = orders.Orders
            .OrderBy(o => o.Due).ThenBy(o => o.Release).ThenBy(o => o.Id, StringComparer.Ordinal)
            .ToList();
        for (var rank = 0; rank < edd.Count; rank++)
        {
            var order = edd[rank];
            var ops = byOrder[order.Id] = new List<ScheduledOperation>(order.Heats.Count * 2 + 1);
            // Nothing is planned before the plan start, even for a piece released earlier (it has been cooling).
            var piece = new Piece(order, rank, Math.Max(0, board.MinuteAtOrAfter(order.Release)),
                order.StartTempC(plant.AmbientC), order.Release);
            for (var h = 0; h < order.Heats.Count; h++)
            {
                var p = HeatAndForge.Place(board, plant, piece, h);
                board.Book(p.Furnace.Id, new Slot(p.HeatStart, p.HeatEnd, order.MassTonnes, p.HeatPowerKw), p.Furnace.Carrier);
                board.Book(p.Press.Id, new Slot(p.ForgeStart, p.ForgeEnd, order.MassTonnes, 0), null);
                ops.Add(Operation(board, order, 2 * h + 1, OperationKind.Heat, p.Furnace.Id, ids.Next(p.Furnace.Id, "h"), p.HeatStart, p.HeatEnd));
                ops.Add(Operation(board, order, 2 * h + 2, OperationKind.Forge, p.Press.Id, ids.Next(p.Press.Id, "f"), p.ForgeStart, p.ForgeEnd));
                piece = piece with { ReadyMinute = p.ForgeEnd, TempC = order.Heats[h].FinishTempC, Since = board.At(p.ForgeEnd) };
            }
            forgings.Add(piece);
        }

        foreach (var charge in HeatTreatmentCharges.Book(board, plant, forgings, ids))
        {
            foreach (var piece in charge.Pieces)
            {
                byOrder[piece.Order.Id].Add(Operation(board, piece.Order, Route.StepCount(piece.Order), OperationKind.HeatTreat,
                    charge.Furnace.Id, charge.ChargeId, charge.Start, charge.End));
            }
        }

        // The schedule claims exactly what physics says about it (holding shares need every piece).
        var draft = new Schedule(plant.Id, MethodName, edd.SelectMany(o => byOrder[o.Id]).ToList()) { Rule = rule.Name };
        var evaluated = ScheduleEvaluator.Evaluate(plant, orders, draft).Operations;
        return draft with
        {
            Operations = evaluated.Select(e => e.Operation with { ChargeTempC = e.ChargeTempC, EnergyKwh = e.EnergyKwh, Carrier = e.Carrier }).ToList(),
        };
    }

    private static ScheduledOperation Operation(DispatchBoard board, Order order, int step, OperationKind kind,
        string resource, string charge, int start, int end) =>
        new(order.Id, step, kind, resource, charge, board.At(start), board.At(end), 0, 0, null);
}
