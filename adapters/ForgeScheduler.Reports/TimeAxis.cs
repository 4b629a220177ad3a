using System.Globalization;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Reports;

/// <summary>The time span and scale every chart of a page shares (lanes, energy profile, both
/// schedules), in SVG user units. The SVG is drawn <see cref="Width"/> units wide and scaled to the
/// window by CSS, so it fits any screen without sideways scrolling; zoom widens it. Times are
/// labelled in the plant's local time.</summary>
public sealed class TimeAxis
{
    /// <summary>Drawing width in user units; CSS scales it to the page width.</summary>
    public const double Width = 1400;
    public const double LabelWidth = 128;
    public const double RightMargin = 16;

    private readonly TimeZoneInfo? _zone;

    private TimeAxis(TimeZoneInfo? zone, DateTimeOffset from, DateTimeOffset to)
    {
        _zone = zone;
        From = from;
        To = to;
    }

    public DateTimeOffset From { get; }
    public DateTimeOffset To { get; }
    public double Hours => (To - From).TotalHours;
    public double PxPerHour => (Width - LabelWidth - RightMargin) / Hours;

    public static TimeAxis For(Plant plant, OrderBook orders, IEnumerable<Schedule> schedules, DateTimeOffset? now = null)
    {
        var zone = FindZone(plant.TimeZone);
        var ops = schedules.SelectMany(s => s.Operations).ToList();
        var first = ops.Count == 0 ? orders.PlanStart : ops.Min(o => o.Start);
        if (orders.PlanStart < first) first = orders.PlanStart;
        // A reschedule's "now" is near its operations; a live page's clock may not be (a plan for next
        // week): the window follows the operations and the now line shows only when it falls inside.
        if (now is { } n && n < first && first - n < TimeSpan.FromHours(24)) first = n;
        var last = ops.Count == 0 ? first.AddHours(24) : ops.Max(o => o.End);
        if (now is { } m && m > last && m - last < TimeSpan.FromHours(24)) last = m;
        var from = FloorToHour(Convert(zone, first));
        var to = FloorToHour(Convert(zone, last));
        if (to < last) to = to.AddHours(1);
        if (to < from.AddHours(1)) to = from.AddHours(1);
        return new TimeAxis(zone, from, to);
    }

    public double X(DateTimeOffset t) => LabelWidth + (t - From).TotalHours * PxPerHour;

    /// <summary>X clamped to the window, for things (downtime) that may reach beyond it.</summary>
    public double ClampedX(DateTimeOffset t) => X(t < From ? From : t > To ? To : t);

    public bool Contains(DateTimeOffset t) => t >= From && t <= To;

    public DateTimeOffset Local(DateTimeOffset t) => Convert(_zone, t);

    public string LocalText(DateTimeOffset t) => Local(t).ToString("dd MMM HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The plant's UTC offset at t, as "+08:00".</summary>
    public string OffsetText(DateTimeOffset t)
    {
        var o = Local(t).Offset;
        return (o < TimeSpan.Zero ? "-" : "+") + o.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>Start of each whole hour in the window.</summary>
    public IEnumerable<DateTimeOffset> HourStarts()
    {
        for (var t = From; t < To; t = t.AddHours(1)) yield return t;
    }

    /// <summary>Plant local time of t, in a plant whose zone may be unknown to this machine.</summary>
    public static DateTimeOffset ToPlantTime(string timeZone, DateTimeOffset t) => Convert(FindZone(timeZone), t);

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
