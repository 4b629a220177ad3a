using System.Globalization;
using System.Text;
using System.Xml.Linq;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Physics;
using static ForgeScheduler.Reports.Html;

namespace ForgeScheduler.Reports;

/// <summary>The Gantt chart of one schedule as one SVG: the time axis (plant local time), a lane per
/// resource of the plant (used or not; heating furnaces → presses → heat-treatment furnaces) with a
/// sub-row per overlapping load, a bar per operation coloured by order and labelled where the label
/// fits, hot charges and transfers, heat-treatment charges, hatched downtime, violations in red with
/// their rule ids, the "now" line and the frozen / moved / reassigned marks of a reschedule, and under
/// it, on the same time axis, the energy profile with the PV surplus, tariff and grid CO2 factor.</summary>
internal static class GanttSvg
{
    private const double AxisHeight = 34;
    private const double TrackHeight = 15;
    private const double LanePad = 3;
    private const double MinLaneHeight = 22;
    private const double LabelFontWidth = 5.6;

    private sealed record Lane(string Id, string Kind, Carrier? Carrier);

    public static XElement Build(GanttData d)
    {
        var lanes = d.Plant.HeatingFurnaces.Select(f => new Lane(f.Id, "heating", f.Carrier))
            .Concat(d.Plant.Presses.Select(p => new Lane(p.Id, "press", null)))
            .Concat(d.Plant.HeatTreatmentFurnaces.Select(f => new Lane(f.Id, "heat treatment", f.Carrier)))
            .ToList();
        var known = lanes.Select(l => l.Id).ToHashSet();
        // An operation on a resource the plant does not have still gets a lane (the validator flags it).
        lanes.AddRange(d.Schedule.Operations.Select(o => o.Resource).Distinct().Where(r => !known.Contains(r)).Select(r => new Lane(r, "unknown", null)));
        // Pieces overlap in a heating furnace and share a charge in a heat-treatment furnace: each
        // overlapping piece gets its own sub-row inside the lane so none hides another.
        var tracks = lanes.ToDictionary(l => l.Id, l => AssignTracks(d.Schedule.Operations.Where(o => o.Resource == l.Id)));
        var heights = lanes.Select(l => Math.Max(MinLaneHeight, 2 * LanePad + TrackCount(tracks[l.Id]) * TrackHeight)).ToList();
        var lanesBottom = AxisHeight + heights.Sum();
        var energy = EnergyProfile.Build(d, lanesBottom + 10);
        var height = energy.Bottom + 6;
        var ax = d.Axis;

        var svg = S("svg", A("class", "gantt"), A("data-role", d.Role), A("viewBox", $"0 0 {N(TimeAxis.Width)} {N(height)}"),
            A("preserveAspectRatio", "xMinYMin meet"),
            S("defs",
                S("pattern", A("id", $"hatch-{d.Role}"), A("width", "6"), A("height", "6"), A("patternUnits", "userSpaceOnUse"), A("patternTransform", "rotate(45)"),
                    S("rect", A("width", "6"), A("height", "6"), A("fill", "#f3f3f3")),
                    S("line", A("x1", "0"), A("y1", "0"), A("x2", "0"), A("y2", "6"), A("stroke", "#999"), A("stroke-width", "3")))));
        var laneY = new Dictionary<string, double>();
        var y = AxisHeight;
        var body = new List<XElement>();
        for (var i = 0; i < lanes.Count; i++)
        {
            var lane = lanes[i];
            var h = heights[i];
            laneY[lane.Id] = y;
            var laneViolations = d.Violations.Where(v => v.Resource == lane.Id).ToList();
            var g = S("g", A("class", "lane"), A("data-resource", lane.Id), A("data-kind", lane.Kind),
                S("rect", Cls("lane-bg" + (i % 2 == 0 ? "" : " odd")), A("x", 0), A("y", y), A("width", TimeAxis.Width), A("height", h)));
            var carrier = lane.Carrier is null ? "" : lane.Carrier == Carrier.Gas ? " · gas" : " · electric";
            g.Add(S("text", Cls("lane-label" + (laneViolations.Count > 0 ? " violation" : "")), A("x", 4), A("y", y + h / 2 + 4),
                lane.Id, S("tspan", Cls("lane-kind"), " " + lane.Kind + carrier),
                laneViolations.Count > 0 ? S("title", string.Join("\n", laneViolations.Select(v => v.ToString()))) : null));
            g.Add(Downtime(d, lane.Id, y, h));
            if (lane.Kind == "heat treatment") g.Add(Batches(d, tracks[lane.Id], y));
            foreach (var (op, track) in tracks[lane.Id]) g.Add(Operation(d, op, y + LanePad + track * TrackHeight));
            body.Add(g);
            y += h;
        }
        svg.Add(Axis(ax, lanesBottom, energy.Bottom));
        svg.Add(body);
        if (d.Diff is not null) svg.Add(Ghosts(d, laneY));
        svg.Add(energy.Elements);
        if (d.Input.Now is { } now && ax.Contains(now))
        {
            var x = ax.X(now);
            svg.Add(S("g", A("class", "now"),
                S("line", A("x1", x), A("y1", AxisHeight - 4), A("x2", x), A("y2", energy.Bottom)),
                S("text", A("x", x + 3), A("y", AxisHeight + 9), $"now {ax.Local(now).ToString("HH:mm", CultureInfo.InvariantCulture)}")));
        }
        return svg;
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

    /// <summary>Hour ticks (every 1–24 h so labels never collide) and the date at each local midnight.</summary>
    private static XElement Axis(TimeAxis ax, double lanesBottom, double bottom)
    {
        int[] steps = [1, 2, 3, 4, 6, 12, 24];
        var step = steps.FirstOrDefault(s => s * ax.PxPerHour >= 38, 24);
        var g = S("g", A("class", "axis"));
        var first = true;
        foreach (var t in ax.HourStarts())
        {
            var local = ax.Local(t);
            if (local.Hour % step != 0) continue;
            var x = ax.X(t);
            g.Add(S("line", Cls("tick" + (local.Hour == 0 ? " midnight" : "")), A("x1", x), A("y1", AxisHeight - 6), A("x2", x), A("y2", bottom)));
            g.Add(S("text", Cls("tick-label"), A("x", x + 2), A("y", AxisHeight - 8), local.ToString("HH:mm", CultureInfo.InvariantCulture)));
            if (first || local.Hour == 0)
                g.Add(S("text", Cls("tick-date"), A("x", x + 2), A("y", AxisHeight - 21), local.ToString("ddd dd MMM", CultureInfo.InvariantCulture)));
            first = false;
        }
        g.Add(S("text", Cls("tick-zone"), A("x", 4), A("y", AxisHeight - 8), $"UTC{ax.OffsetText(ax.From)}"));
        g.Add(S("line", Cls("lanes-end"), A("x1", 0), A("y1", lanesBottom), A("x2", TimeAxis.Width), A("y2", lanesBottom)));
        return g;
    }

    private static IEnumerable<XElement> Downtime(GanttData d, string resource, double y, double h)
    {
        var ax = d.Axis;
        foreach (var down in d.Plant.Downtime.Where(x => x.Resource == resource && x.To > ax.From && x.From < ax.To))
        {
            var x1 = ax.ClampedX(down.From);
            var x2 = ax.ClampedX(down.To);
            yield return S("rect", Cls("downtime"), A("x", x1), A("y", y + 1), A("width", Math.Max(1, x2 - x1)), A("height", h - 2),
                A("fill", $"url(#hatch-{d.Role})"), S("title", $"{resource} down {ax.LocalText(down.From)} → {ax.LocalText(down.To)}"));
        }
    }

    private static IEnumerable<XElement> Batches(GanttData d, List<(ScheduledOperation Op, int Track)> ops, double laneY)
    {
        var ax = d.Axis;
        foreach (var batch in ops.GroupBy(o => o.Op.Charge))
        {
            var start = batch.Min(o => o.Op.Start);
            var end = batch.Max(o => o.Op.End);
            var top = laneY + LanePad + batch.Min(o => o.Track) * TrackHeight - 2;
            var bottom = laneY + LanePad + (batch.Max(o => o.Track) + 1) * TrackHeight;
            var tonnes = batch.Sum(o => d.Orders.Find(o.Op.Order)?.MassTonnes ?? 0);
            var recipes = string.Join(", ", batch.Select(o => d.Orders.Find(o.Op.Order)?.HeatTreatment).Where(r => r is not null).Distinct());
            var title = string.Create(CultureInfo.InvariantCulture,
                $"charge {batch.Key}: {batch.Count()} piece(s), {tonnes:0.#} t, recipe {recipes}\n{ax.LocalText(start)} → {ax.LocalText(end)}");
            yield return S("rect", Cls("batch"), A("data-charge", batch.Key), A("x", ax.X(start) - 2), A("y", top),
                A("width", Math.Max(1, ax.X(end) - ax.X(start)) + 4), A("height", bottom - top + 2), S("title", title));
        }
    }

    private static IEnumerable<XElement> Operation(GanttData d, ScheduledOperation op, double y)
    {
        var ax = d.Axis;
        var x = ax.X(op.Start);
        var width = Math.Max(1.5, ax.X(op.End) - x);
        d.Evaluated.TryGetValue(op, out var ev);
        var order = d.Orders.Find(op.Order);
        // Physics, not the schedule's claim, decides the temperatures and energy shown (as for the KPIs).
        var chargeC = ev?.ChargeTempC ?? op.ChargeTempC;
        var energy = ev?.EnergyKwh ?? op.EnergyKwh;
        var carrier = ev?.Carrier ?? op.Carrier;
        var hotCharge = op.Kind == OperationKind.Heat && op.Step == 1 && ThermalPhysics.IsHotCharge(chargeC, d.Plant.HotChargeMinC);
        var recipe = order is null ? null : d.Plant.FindRecipe(order.HeatTreatment);
        var hotTransfer = op.Kind == OperationKind.HeatTreat && recipe is not null
                          && ThermalPhysics.IsHotTransfer(chargeC, d.Plant.HotTransferMinC, recipe.MaxChargeC);
        var late = d.LateHours.TryGetValue(op.Order, out var lateH);
        var violations = d.Violations.Where(v => v.Order == op.Order && (v.Step is null || v.Step == op.Step)).ToList();
        var change = d.ChangeOf(op);
        var frozen = d.IsFrozen(op);

        var classes = new StringBuilder("op op-").Append(ScheduleFile.KindName(op.Kind));
        if (hotCharge) classes.Append(" hot-charge");
        if (hotTransfer) classes.Append(" hot-transfer");
        if (late) classes.Append(" late");
        if (violations.Count > 0) classes.Append(" violation");
        if (frozen) classes.Append(" frozen");
        if (change is { Moved: true }) classes.Append(" moved");
        if (change is { Reassigned: true }) classes.Append(" reassigned");
        if (op.Interrupted) classes.Append(" interrupted");

        var kind = op.Kind switch { OperationKind.Heat => "heat", OperationKind.Forge => "forge", _ => "heat treatment" };
        var title = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"order {op.Order} · step {op.Step} ({kind}) on {op.Resource}")
            .Append(CultureInfo.InvariantCulture, $"\n{ax.LocalText(op.Start)} → {ax.LocalText(op.End)} ({(op.End - op.Start).TotalHours:0.##} h)")
            .Append(double.IsNaN(chargeC) ? "" : string.Create(CultureInfo.InvariantCulture, $"\ncharge {chargeC:0} °C"))
            .Append(CultureInfo.InvariantCulture, $"\nenergy {energy:N0} kWh{(carrier is null ? "" : carrier == Carrier.Gas ? " gas" : " electric")}")
            .Append(order is null ? "" : string.Create(CultureInfo.InvariantCulture, $"\n{order.MassTonnes:0.#} t {order.Product} {order.Grade}, due {ax.LocalText(order.Due)}"))
            .Append(hotCharge ? "\nhot charge" : "")
            .Append(hotTransfer ? "\nhot transfer" : "")
            .Append(late ? string.Create(CultureInfo.InvariantCulture, $"\nLATE by {lateH:0.#} h") : "")
            .Append(frozen ? "\nfrozen (started or inside the freeze window)" : "")
            .Append(change is { Reassigned: true } ? $"\nreassigned from {change.OldResource}" : "")
            .Append(change is { Moved: true } ? string.Create(CultureInfo.InvariantCulture, $"\nmoved {change.ShiftMinutes:+0;-0} min") : "")
            .Append(op.Interrupted ? "\ninterrupted by a furnace trip" : "");
        foreach (var v in violations) title.Append("\nbreaks ").Append(v.Rule).Append(": ").Append(v.Message);

        yield return S("rect", Cls(classes.ToString()), A("data-order", op.Order), A("data-step", op.Step.ToString(CultureInfo.InvariantCulture)),
            A("data-kind", ScheduleFile.KindName(op.Kind)), A("x", x), A("y", y), A("width", width), A("height", TrackHeight - 2), A("rx", 2),
            A("fill", d.Colours.Of(op.Order)), S("title", title.ToString()));
        // The order id on the bar where it fits: a planner reads the chart without hovering.
        if (width >= op.Order.Length * LabelFontWidth + 6)
            yield return S("text", Cls("bar-label"), A("x", x + (hotCharge || hotTransfer ? 9 : 3)), A("y", y + TrackHeight - 5),
                A("fill", d.Colours.TextOn(op.Order)), op.Order);
        if (hotCharge || hotTransfer)
            // A small flame at the start of the bar: the piece went in hot.
            yield return S("path", Cls("flame"), A("d", $"M{N(x + 1)},{N(y + TrackHeight - 2)} q0,-5 4,-9 q-1,4 2,6 q1,-2 0,-4 q4,3 2,7 z"));
        if (frozen)
            yield return S("rect", Cls("mark-frozen"), A("x", x), A("y", y - 1), A("width", width), A("height", 2.5));
        if (violations.Count > 0)
            yield return S("text", Cls("rule-id"), A("x", x + width + 2), A("y", y + TrackHeight - 5),
                string.Join(",", violations.Select(v => v.Rule).Distinct()));
    }

    /// <summary>Where moved or reassigned operations were in the previous version: a dashed outline in
    /// the old lane at the old time, joined to the new bar by a line.</summary>
    private static IEnumerable<XElement> Ghosts(GanttData d, Dictionary<string, double> laneY)
    {
        var ax = d.Axis;
        var previous = d.Input.Previous!;
        foreach (var c in d.Diff!.Changes.Where(c => (c.Moved || c.Reassigned) && c.OldStart is not null && c.OldResource is not null))
        {
            var old = previous.Operations.FirstOrDefault(o => o.Order == c.Order && o.Step == c.Step && o.Start == c.OldStart);
            if (old is null || !laneY.TryGetValue(c.OldResource!, out var oy) || !ax.Contains(old.Start)) continue;
            var x = ax.X(old.Start);
            var width = Math.Max(1.5, ax.X(old.End) - x);
            var title = $"order {c.Order} · step {c.Step} was on {c.OldResource} at {ax.LocalText(old.Start)}";
            yield return S("rect", Cls("ghost"), A("data-order", c.Order), A("data-step", c.Step.ToString(CultureInfo.InvariantCulture)),
                A("x", x), A("y", oy + LanePad), A("width", width), A("height", TrackHeight - 2), S("title", title));
        }
    }
}
