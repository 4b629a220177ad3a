using System.Globalization;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Formats;

/// <summary>The time span and scale shared by every chart on a Gantt page, so the method's and the
/// baseline's charts line up hour for hour. Times are shown in the plant's local time.</summary>
internal sealed class GanttWindow
{
    public const double LabelWidth = 150;
    public const double RightMargin = 40;

    private readonly TimeZoneInfo? _zone;

    private GanttWindow(TimeZoneInfo? zone, DateTimeOffset from, DateTimeOffset to, double pxPerHour)
    {
        _zone = zone;
        From = from;
        To = to;
        PxPerHour = pxPerHour;
    }

    public DateTimeOffset From { get; }
    public DateTimeOffset To { get; }
    public double PxPerHour { get; }
    public double Hours => (To - From).TotalHours;
    public double Width => LabelWidth + Hours * PxPerHour + RightMargin;

    public static GanttWindow For(Plant plant, OrderBook orders, IEnumerable<Schedule> schedules)
    {
        var zone = FindZone(plant.TimeZone);
        var ops = schedules.SelectMany(s => s.Operations).ToList();
        var first = ops.Count == 0 ? orders.PlanStart : ops.Min(o => o.Start);
        if (orders.PlanStart < first) first = orders.PlanStart;
        var last = ops.Count == 0 ? first.AddHours(24) : ops.Max(o => o.End);
        var from = FloorToHour(Convert(zone, first));
        var to = FloorToHour(Convert(zone, last));
        if (to < last) to = to.AddHours(1);
        if (to < from.AddHours(1)) to = from.AddHours(1);
        // About 1600 px of time across, but never so squeezed that an hour vanishes nor so wide that a day scrolls for ever.
        var pxPerHour = Math.Clamp(1600.0 / (to - from).TotalHours, 6.0, 60.0);
        return new GanttWindow(zone, from, to, pxPerHour);
    }

    public double X(DateTimeOffset t) => LabelWidth + (t - From).TotalHours * PxPerHour;

    /// <summary>X clamped to the window, for things (downtime) that may reach beyond it.</summary>
    public double ClampedX(DateTimeOffset t) => X(t < From ? From : t > To ? To : t);

    public DateTimeOffset Local(DateTimeOffset t) => Convert(_zone, t);

    public string LocalText(DateTimeOffset t) => Local(t).ToString("dd MMM HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Start of each whole hour in the window.</summary>
    public IEnumerable<DateTimeOffset> HourStarts()
    {
        for (var t = From; t < To; t = t.AddHours(1)) yield return t;
    }

    private static DateTimeOffset Convert(TimeZoneInfo? zone, DateTimeOffset t) => zone is null ? t : TimeZoneInfo.ConvertTime(t, zone);

    private static DateTimeOffset FloorToHour(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, t.Offset);

    private static TimeZoneInfo? FindZone(string id)
    {
        // An unknown zone falls back to the offsets written in the data, as PlantClock does.
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) { return null; }
        catch (InvalidTimeZoneException) { return null; }
    }
}

/// <summary>Small helpers for writing SVG/HTML text: invariant numbers and escaped text.</summary>
internal static class Markup
{
    public static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    public static string N0(double v) => v.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Escapes text for HTML/SVG content and quoted attributes. Only the five markup
    /// characters: the page is UTF-8, so °, ÷ and · stay readable in the source.</summary>
    public static string E(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);
}
