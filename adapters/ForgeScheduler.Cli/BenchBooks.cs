using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Generation;

namespace ForgeScheduler.Cli;

/// <summary>The <c>books</c> case of <c>forge bench</c>: three order books drawn by <c>forge generate</c>
/// (30 orders over 24 h from the reference day's start, seeds 1–3) on the reference plant, with the
/// reference day's furnaces hot at start — the optimiser against the best dispatch rule on books it
/// was not tuned on.</summary>
internal static class BenchBooks
{
    public static readonly int[] Seeds = [1, 2, 3];
    public const int Orders = 30;
    public const double HorizonHours = 24;

    public static IEnumerable<PlantCaseReport> Run(CliContext context, string referenceDir, double limit, int workers, int seed,
        BenchCommand.SolverTuning? tuning = null)
    {
        var plant = PlantFile.Load(Path.Combine(referenceDir, "plant.json"));
        var day = OrdersFile.Load(Path.Combine(referenceDir, "orders-day.json"), plant);
        foreach (var bookSeed in Seeds)
        {
            var book = OrderBookGenerator.Generate(plant, Orders, bookSeed, day.PlanStart, HorizonHours) with { FurnacesHotAtStart = day.FurnacesHotAtStart };
            var name = $"book {bookSeed}";
            yield return BenchCommand.RunPlantCase(context, name, $"forge generate --orders {Orders} --seed {bookSeed} --hours {HorizonHours}",
                plant, book, limit, workers, seed, tuning);
        }
    }
}
