using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Mes.Tests;

/// <summary>The reference plant and day from datasets/reference, loaded once, with today's-practice
/// schedule of that day (a greedy dispatch: fast enough for tests).</summary>
public static class Reference
{
    private static readonly Lazy<Plant> LazyPlant = new(() => PlantFile.Load(File("plant.json")));
    private static readonly Lazy<OrderBook> LazyDay = new(() => OrdersFile.Load(File("orders-day.json"), Plant));
    private static readonly Lazy<Schedule> LazyBaseline = new(() => BaselineDispatcher.Dispatch(Plant, Day));

    public static Plant Plant => LazyPlant.Value;
    public static OrderBook Day => LazyDay.Value;
    public static Schedule Baseline => LazyBaseline.Value;

    public static string File(string name) => Path.Combine(RepositoryRoot(), "datasets", "reference", name);

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "ForgeScheduler.sln"))) return dir.FullName;
        throw new InvalidOperationException("no ForgeScheduler.sln above the test binaries");
    }
}
