namespace ForgeScheduler.Solver.Domain;

/// <summary>Converts instants to the plant's local hour, for hourly grid factors and tariffs.</summary>
public static class PlantClock
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeZoneInfo?> Zones = new();

    public static int LocalHour(string timeZone, DateTimeOffset at)
    {
        var zone = Zones.GetOrAdd(timeZone, static id =>
        {
            try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
            catch (TimeZoneNotFoundException) { return null; }
            catch (InvalidTimeZoneException) { return null; }
        });
        return zone is null ? at.Hour : TimeZoneInfo.ConvertTime(at, zone).Hour;
    }
}
