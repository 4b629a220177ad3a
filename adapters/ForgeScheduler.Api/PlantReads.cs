using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Formats;
using ForgeScheduler.Metrics;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Api;

/// <summary>The API's view of a plant: everything is asked of the plant grain, the system of record;
/// nothing is cached here between requests.</summary>
internal static class PlantReads
{
    public static IPlantGrain Grain(this IGrainFactory grains, string plant) => grains.GetGrain<IPlantGrain>(plant);

    /// <summary>The plant, or null when it was never stored (404).</summary>
    public static async Task<Plant?> PlantAsync(this IGrainFactory grains, string plant) =>
        await grains.Grain(plant).GetPlant();

    public static Task<OrderBook> BookAsync(this IGrainFactory grains, string plant) => grains.Grain(plant).GetOrders();

    public static async Task<int> CurrentVersionAsync(this IGrainFactory grains, string plant) =>
        (await grains.Grain(plant).GetStatus()).CurrentVersion;

    /// <summary>The version as schedule.json (the file format), with its planned KPIs.</summary>
    public static string ScheduleDocumentJson(ScheduleVersion version)
    {
        return JsonFiles.Serialize(ScheduleFile.ToDocument(version.Schedule, version.Report?.Planned, version.Version));
    }

    /// <summary>Tells the metrics a version became current (gauges: set again on a repeat is harmless).</summary>
    public static async Task ReportPublishedAsync(this IGrainFactory grains, IForgeTelemetry telemetry, string plantId, ScheduleVersion version, bool changed)
    {
        if (version.Report is not { } report || await grains.PlantAsync(plantId) is not { } plant) return;
        telemetry.SchedulePublished(plant, version.Version, report.Planned, report.Baseline, report.Levers);
        if (changed)
        {
            var d = version.Diff;
            telemetry.ScheduleChanged(plantId, d.Moved, d.Reassigned, d.Added, d.Removed, d.Interrupted);
        }
    }
}
