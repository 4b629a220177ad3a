using System.Text;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Physics;
using static ForgeScheduler.Formats.Markup;

namespace ForgeScheduler.Formats;

/// <summary>Everything one schedule's charts need, evaluated once.</summary>
internal sealed record GanttData(
    Plant Plant,
    OrderBook Orders,
    Schedule Schedule,
    GanttWindow Window,
    IReadOnlyDictionary<ScheduledOperation, EvaluatedOperation> Evaluated,
    IReadOnlyDictionary<string, int> OrderIndex,
    IReadOnlyDictionary<string, double> LateHours,
    string Role)
{
    /// <param name="role">"method" or "baseline": names the page section and keeps SVG ids unique.</param>
    public static GanttData Create(Plant plant, OrderBook orders, Schedule schedule, GanttWindow window, string role)
    {
        var evaluated = new Dictionary<ScheduledOperation, EvaluatedOperation>();
        foreach (var e in ScheduleEvaluator.Evaluate(plant, orders, schedule).Operations) evaluated.TryAdd(e.Operation, e);
        var index = orders.Orders.Select((o, i) => (o.Id, i)).GroupBy(x => x.Id).ToDictionary(g => g.Key, g => g.First().i);
        var late = new Dictionary<string, double>();
        foreach (var order in orders.Orders)
        {
            var end = schedule.ForOrder(order.Id).Select(o => (DateTimeOffset?)o.End).Max();
            if (end is { } e && e > order.Due) late[order.Id] = (e - order.Due).TotalHours;
        }
        return new GanttData(plant, orders, schedule, window, evaluated, index, late, role);
    }

    public string OrderColour(string orderId)
    {
        // Golden-angle hues keep neighbouring orders apart however many there are.
        var i = OrderIndex.TryGetValue(orderId, out var k) ? k : OrderIndex.Count;
        return $"hsl({N(i * 137.508 % 360)},55%,62%)";
    }
}

/// <summary>The Gantt chart proper: one lane per resource of the plant, used or not, in the order
/// heating furnaces → presses → heat-treatment furnaces.</summary>
internal static class GanttChart
{
    private const double AxisHeight = 36;
    private const double TrackHeight = 12;
    private const double LanePad = 4;
    private const double MinLaneHeight = 26;

    private sealed record Lane(string Id, string Kind, Carrier? Carrier);

    public static void Append(StringBuilder sb, GanttData d)
    {
        var lanes = d.Plant.HeatingFurnaces.Select(f => new Lane(f.Id, "heating", f.Carrier))
            .Concat(d.Plant.Presses.Select(p => new Lane(p.Id, "press", null)))
            .Concat(d.Plant.HeatTreatmentFurnaces.Select(f => new Lane(f.Id, "heat treatment", f.Carrier)))
            .ToList();
        // Pieces overlap in a heating furnace and share a charge in a heat-treatment furnace: each
        // overlapping piece gets its own track inside the lane so none hides another.
        var tracks = lanes.ToDictionary(l => l.Id, l => AssignTracks(d.Schedule.Operations.Where(o => o.Resource == l.Id)));
        var heights = lanes.Select(l => Math.Max(MinLaneHeight, 2 * LanePad + TrackCount(tracks[l.Id]) * TrackHeight)).ToList();
        var height = AxisHeight + heights.Sum() + 4;
        var w = d.Window;

        sb.Append($"<svg class=\"gantt\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(w.Width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(w.Width)} {N(height)}\">");
        sb.Append("<defs><pattern id=\"hatch-").Append(d.Role).Append("\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
          .Append("<rect width=\"6\" height=\"6\" fill=\"#f3f3f3\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#999\" stroke-width=\"3\"/></pattern></defs>");
        AppendAxis(sb, w, height);

        var y = AxisHeight;
        for (var i = 0; i < lanes.Count; i++)
        {
            var lane = lanes[i];
            var h = heights[i];
            sb.Append($"<g class=\"lane\" data-resource=\"{E(lane.Id)}\" data-kind=\"{E(lane.Kind)}\">");
            sb.Append($"<rect class=\"lane-bg{(i % 2 == 0 ? "" : " odd")}\" x=\"0\" y=\"{N(y)}\" width=\"{N(w.Width)}\" height=\"{N(h)}\"/>");
            var carrier = lane.Carrier is null ? "" : lane.Carrier == Carrier.Gas ? " · gas" : " · electric";
            sb.Append($"<text class=\"lane-label\" x=\"6\" y=\"{N(y + h / 2 + 4)}\">{E(lane.Id)}<tspan class=\"lane-kind\">{E(" " + lane.Kind + carrier)}</tspan></text>");
            AppendDowntime(sb, d, lane.Id, y, h);
            if (lane.Kind == "heat treatment") AppendBatches(sb, d, tracks[lane.Id], y);
            foreach (var (op, track) in tracks[lane.Id]) AppendOperation(sb, d, op, y + LanePad + track * TrackHeight);
            sb.Append("</g>");
            y += h;
        }
        sb.Append("</svg>");
    }

    private static List<(ScheduledOperation Op, int Track)> AssignTracks(IEnumerable<ScheduledOperation> ops)
    {
        var trackEnds = new List<DateTimeOffset>();
        var result = new List<(ScheduledOperation, int)>();
        foreach (var op in ops.OrderBy(o => o.Start).ThenBy(o => o.Charge, StringComparer.Ordinal).ThenBy(o => o.Order, StringComparer.Ordinal))
        {
            var track = trackEnds.FindIndex(end => end <= op.Start);
            if (track < 0) { trackEnds.Add(op.End); track = trackEnds.Count - 1; }
            else trackEnds[track] = op.End;
            result.Add((op, track));
        }
        return result;
    }

    private static int TrackCount(List<(ScheduledOperation Op, int Track)> tracks) =>
        tracks.Count == 0 ? 1 : tracks.Max(t => t.Track) + 1;

    private static void AppendAxis(StringBuilder sb, GanttWindow w, double height)
    {
        int[] steps = [1, 2, 3, 4, 6, 12, 24];
        var step = steps.FirstOrDefault(s => s * w.PxPerHour >= 56, 24);
        sb.Append("<g class=\"axis\">");
        var first = true;
        foreach (var t in w.HourStarts())
        {
            var local = w.Local(t);
            if (local.Hour % step != 0) continue;
            var x = w.X(t);
            var hour = local.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
            sb.Append($"<line class=\"tick{(local.Hour == 0 ? " midnight" : "")}\" x1=\"{N(x)}\" y1=\"{N(AxisHeight - 6)}\" x2=\"{N(x)}\" y2=\"{N(height)}\"/>");
            sb.Append($"<text class=\"tick-label\" x=\"{N(x + 2)}\" y=\"{N(AxisHeight - 8)}\">{E(hour)}</text>");
            // The date on its own row above the hours: at the first tick and at each midnight.
            if (first || local.Hour == 0)
                sb.Append($"<text class=\"tick-date\" x=\"{N(x + 2)}\" y=\"{N(AxisHeight - 22)}\">{E(local.ToString("ddd dd MMM yyyy", System.Globalization.CultureInfo.InvariantCulture))}</text>");
            first = false;
        }
        sb.Append("</g>");
    }

    private static void AppendDowntime(StringBuilder sb, GanttData d, string resource, double y, double h)
    {
        var w = d.Window;
        foreach (var down in d.Plant.Downtime.Where(x => x.Resource == resource && x.To > w.From && x.From < w.To))
        {
            var x1 = w.ClampedX(down.From);
            var x2 = w.ClampedX(down.To);
            sb.Append($"<rect class=\"downtime\" x=\"{N(x1)}\" y=\"{N(y + 1)}\" width=\"{N(Math.Max(1, x2 - x1))}\" height=\"{N(h - 2)}\" fill=\"url(#hatch-{d.Role})\">")
              .Append($"<title>{E($"{resource} down {w.LocalText(down.From)} → {w.LocalText(down.To)}")}</title></rect>");
        }
    }

    private static void AppendBatches(StringBuilder sb, GanttData d, List<(ScheduledOperation Op, int Track)> ops, double laneY)
    {
        var w = d.Window;
        foreach (var batch in ops.GroupBy(o => o.Op.Charge))
        {
            var start = batch.Min(o => o.Op.Start);
            var end = batch.Max(o => o.Op.End);
            var top = laneY + LanePad + batch.Min(o => o.Track) * TrackHeight - 2;
            var bottom = laneY + LanePad + (batch.Max(o => o.Track) + 1) * TrackHeight;
            var tonnes = batch.Sum(o => d.Orders.Find(o.Op.Order)?.MassTonnes ?? 0);
            var recipes = string.Join(", ", batch.Select(o => d.Orders.Find(o.Op.Order)?.HeatTreatment).Where(r => r is not null).Distinct());
            var title = $"charge {batch.Key}: {batch.Count()} piece(s), {tonnes:0.#} t, recipe {recipes}\n{w.LocalText(start)} → {w.LocalText(end)}";
            sb.Append($"<rect class=\"batch\" data-charge=\"{E(batch.Key)}\" x=\"{N(w.X(start) - 2)}\" y=\"{N(top)}\" width=\"{N(Math.Max(1, w.X(end) - w.X(start)) + 4)}\" height=\"{N(bottom - top + 2)}\">")
              .Append($"<title>{E(title)}</title></rect>");
        }
    }

    private static void AppendOperation(StringBuilder sb, GanttData d, ScheduledOperation op, double y)
    {
        var w = d.Window;
        var x = w.X(op.Start);
        var width = Math.Max(1.5, w.X(op.End) - x);
        d.Evaluated.TryGetValue(op, out var ev);
        var order = d.Orders.Find(op.Order);
        // Physics, not the schedule's claim, decides temperatures and energy shown (as for the KPIs).
        var chargeC = ev?.ChargeTempC ?? op.ChargeTempC;
        var energy = ev?.EnergyKwh ?? op.EnergyKwh;
        var carrier = ev?.Carrier ?? op.Carrier;
        var hotCharge = op.Kind == OperationKind.Heat && op.Step == 1 && ThermalPhysics.IsHotCharge(chargeC, d.Plant.HotChargeMinC);
        var recipe = order is null ? null : d.Plant.FindRecipe(order.HeatTreatment);
        var hotTransfer = op.Kind == OperationKind.HeatTreat && recipe is not null
                          && ThermalPhysics.IsHotTransfer(chargeC, d.Plant.HotTransferMinC, recipe.MaxChargeC);
        var late = d.LateHours.TryGetValue(op.Order, out var lateH);

        var classes = "op op-" + ScheduleFile.KindName(op.Kind) + (hotCharge ? " hot-charge" : "") + (hotTransfer ? " hot-transfer" : "") + (late ? " late" : "");
        var kind = op.Kind switch { OperationKind.Heat => "heat", OperationKind.Forge => "forge", _ => "heat treatment" };
        var title = new StringBuilder()
            .Append($"order {op.Order} · step {op.Step} ({kind}) on {op.Resource}")
            .Append($"\n{w.LocalText(op.Start)} → {w.LocalText(op.End)} ({(op.End - op.Start).TotalHours:0.##} h)")
            .Append(double.IsNaN(chargeC) ? "" : $"\ncharge {chargeC:0} °C")
            .Append($"\nenergy {energy:N0} kWh{(carrier is null ? "" : carrier == Carrier.Gas ? " gas" : " electric")}")
            .Append(order is null ? "" : $"\n{order.MassTonnes:0.#} t {order.Product} {order.Grade}, due {w.LocalText(order.Due)}")
            .Append(hotCharge ? "\nhot charge" : "")
            .Append(hotTransfer ? "\nhot transfer" : "")
            .Append(late ? $"\nLATE by {lateH:0.#} h" : "")
            .ToString();
        sb.Append($"<rect class=\"{classes}\" data-order=\"{E(op.Order)}\" data-step=\"{op.Step}\" data-kind=\"{ScheduleFile.KindName(op.Kind)}\" x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(width)}\" height=\"{N(TrackHeight - 2)}\" rx=\"2\" fill=\"{d.OrderColour(op.Order)}\">")
          .Append($"<title>{E(title)}</title></rect>");
        if (hotCharge || hotTransfer)
        {
            // A small flame at the start of the bar: the piece went in hot.
            sb.Append($"<path class=\"flame\" d=\"M{N(x + 1)},{N(y + TrackHeight - 2)} q0,-5 4,-9 q-1,4 2,6 q1,-2 0,-4 q4,3 2,7 z\"/>");
        }
    }
}
