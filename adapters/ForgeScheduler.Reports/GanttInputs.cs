using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Rescheduling;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Reports;

/// <summary>One schedule to draw. With <see cref="Previous"/> (a reschedule) the chart marks what the
/// solver's <see cref="ScheduleDiff"/> says moved or was reassigned, and <see cref="Now"/> with the
/// freeze window marks what could not change.</summary>
public sealed record GanttSchedule(string Role, string Label, Schedule Schedule)
{
    public Schedule? Previous { get; init; }
    public DateTimeOffset? Now { get; init; }
    public double FreezeMinutes { get; init; } = 60;
}

/// <summary>Everything one schedule's chart needs, evaluated once: physics per operation, the
/// validator's violations, late hours per order, the diff against the previous version.</summary>
internal sealed record GanttData(
    Plant Plant,
    OrderBook Orders,
    GanttSchedule Input,
    TimeAxis Axis,
    OrderColours Colours,
    IReadOnlyDictionary<ScheduledOperation, EvaluatedOperation> Evaluated,
    IReadOnlyDictionary<string, double> LateHours,
    IReadOnlyList<Violation> Violations,
    ScheduleDiff? Diff)
{
    public Schedule Schedule => Input.Schedule;
    public string Role => Input.Role;

    public static GanttData Create(Plant plant, OrderBook orders, GanttSchedule input, TimeAxis axis, OrderColours colours)
    {
        var evaluated = new Dictionary<ScheduledOperation, EvaluatedOperation>();
        foreach (var e in ScheduleEvaluator.Evaluate(plant, orders, input.Schedule).Operations) evaluated.TryAdd(e.Operation, e);
        var late = new Dictionary<string, double>();
        foreach (var order in orders.Orders)
        {
            var end = input.Schedule.ForOrder(order.Id).Select(o => (DateTimeOffset?)o.End).Max();
            if (end is { } e && Lateness.IsLate(e, order.Due)) late[order.Id] = Lateness.TardinessHours(e, order.Due);
        }
        var violations = ScheduleValidator.Validate(plant, orders, input.Schedule);
        var diff = input.Previous is null ? null : ScheduleDiff.Between(input.Previous, input.Schedule);
        return new GanttData(plant, orders, input, axis, colours, evaluated, late, violations, diff);
    }

    /// <summary>The change the diff records for this operation (moved and/or reassigned), if any.</summary>
    public OperationChange? ChangeOf(ScheduledOperation op) =>
        Diff?.Changes.FirstOrDefault(c => c.Order == op.Order && c.Step == op.Step && !c.Removed && (c.Moved || c.Reassigned || c.Added) && c.NewStart == op.Start);

    /// <summary>Started or inside the freeze window at the time of the reschedule: kept as it was.</summary>
    public bool IsFrozen(ScheduledOperation op) =>
        Input.Now is { } now && op.Start < now.AddMinutes(Input.FreezeMinutes);
}

/// <summary>A colour per order that stays apart from its neighbours however many orders there are:
/// golden-angle hues, and three lightness/saturation bands so that orders 1, 2, 3 differ in
/// brightness too (a hue alone repeats to the eye after about ten orders).</summary>
public sealed class OrderColours
{
    private readonly Dictionary<string, int> _index;

    public OrderColours(IEnumerable<string> orderIds)
    {
        _index = [];
        foreach (var id in orderIds) _index.TryAdd(id, _index.Count);
    }

    public IReadOnlyCollection<string> Orders => _index.Keys;

    public string Of(string orderId)
    {
        var i = _index.TryGetValue(orderId, out var k) ? k : _index.Count;
        (double S, double L)[] bands = [(70, 52), (55, 70), (80, 38)];
        var (s, l) = bands[i % bands.Length];
        return $"hsl({Html.N(i * 137.508 % 360)},{Html.N(s)}%,{Html.N(l)}%)";
    }

    /// <summary>Dark text on light bars, light text on dark ones.</summary>
    public string TextOn(string orderId)
    {
        var i = _index.TryGetValue(orderId, out var k) ? k : _index.Count;
        return i % 3 == 2 ? "#fff" : "#111";
    }
}
