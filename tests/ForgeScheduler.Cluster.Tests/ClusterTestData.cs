using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Cluster.Grains;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Cluster.Tests;

/// <summary>A small plant and book built in code (the shape of the solver tests' TestData.SmallPlant),
/// small enough that CP-SAT answers within the 2 s limit on a busy 2-core machine.</summary>
internal static class ClusterTestData
{
    public static readonly DateTimeOffset PlanStart = new(2026, 11, 26, 6, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Planning in tests: one worker, a seed and a deterministic budget, so a solve's outcome does not
    /// depend on the machine's load; the wall limit is only a backstop.</summary>
    public static readonly PlanningOptions Planning = new() { TimeLimitSeconds = 30, Workers = 1, Seed = 1, DeterministicTime = 1 };

    /// <summary>How long a grain call may take in tests before Orleans gives up on it.</summary>
    public static readonly TimeSpan CallPatience = TimeSpan.FromMinutes(3);

    public static Plant SmallPlant(string id)
    {
        var grid = new GridProfile(Enumerable.Repeat(0.5703, 24).ToList(), Enumerable.Repeat(0.7, 24).ToList());
        return new Plant(
            id, "Asia/Shanghai", 20.0, 10000, grid, GasSupply.Default, 400, 300, CoolingParameters.Default,
            [
                new Furnace("HF-1", FurnaceKind.Heating, Carrier.Gas, 100, 4, 0.5, 300, 3000, 0, 1300, []),
                new Furnace("HF-2", FurnaceKind.Heating, Carrier.Electric, 100, 4, 0.85, 300, 3000, 3000, 1300, []),
            ],
            [
                new Furnace("HT-1", FurnaceKind.HeatTreatment, Carrier.Gas, 100, 6, 0.5, 200, 2000, 0, 1100, ["N1", "T1"]),
            ],
            [new Press("P-40", 40, 30, 8, 150), new Press("P-80", 80, 120, 10, 300)],
            [new Recipe("N1", 880, 8, 550, "normalise"), new Recipe("T1", 620, 10, 450, "temper")],
            10,
            []);
    }

    public static Order Order(string id, double releaseHours = 0, double dueHours = 48) => new(
        id, "shaft", "42CrMo4", 20, 0.8, PlanStart.AddHours(releaseHours), 800, PlanStart.AddHours(dueHours), 1,
        [new ForgingHeat(1200, 40, 30, 850)], "N1", null);

    public static OrderBook Book(string plant, int count) =>
        new(plant, PlanStart, Enumerable.Range(1, count).Select(i => Order($"O{i}", releaseHours: i)).ToList());

    /// <summary>Sets the plant and a book of <paramref name="orders"/> orders on a plant grain.</summary>
    public static async Task Load(IPlantGrain grain, string plant, int orders)
    {
        await grain.SetPlant(SmallPlant(plant));
        await grain.UpsertOrders(Book(plant, orders));
    }

    public static ShopFloorEvent Event(string type, string? resource = null, int minutes = 0) =>
        new() { Type = type, At = PlanStart.AddMinutes(minutes), Resource = resource };

    /// <summary>Polls until <paramref name="done"/> holds; fails with <paramref name="what"/> at the deadline.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within, string what)
    {
        // Patience is measured on the monotonic clock: it bounds how long the test waits, it is not a date.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        T last = await read();
        while (!done(last))
        {
            if (waited.Elapsed > within) throw new TimeoutException($"not within {within.TotalSeconds:F0} s: {what}; last seen {last}");
            await Task.Delay(50);
            last = await read();
        }
        return last;
    }
}
