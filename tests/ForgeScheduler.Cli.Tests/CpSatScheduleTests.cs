using System.Text.Json;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Generation;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Cli.Tests;

/// <summary><c>forge schedule</c> with the optimiser (the default method), its options and the
/// kpis.json blocks it adds.</summary>
public sealed class CpSatScheduleTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private (string Plant, string Orders, double Tonnes) SixReferenceOrders()
    {
        var plant = PlantFile.Load(RepositoryFiles.ReferencePlant);
        var book = OrderBookGenerator.Generate(plant, 6, 3, TestPlant.PlanStart, 12);
        var orders = _dir.File("orders.json");
        OrdersFile.Save(orders, book);
        return (RepositoryFiles.ReferencePlant, orders, book.Orders.Sum(o => o.MassTonnes));
    }

    [Fact]
    public void CpSatIsTheDefaultAndWritesAValidScheduleWithBaselineCpsatLimitAndSolverBlocks()
    {
        var (plant, orders, tonnes) = SixReferenceOrders();
        var outDir = _dir.File("out");

        // One worker, a seed and a deterministic budget: the same search on any machine under any load.
        var result = Forge.Run("schedule", "--plant", plant, "--orders", orders, "--workers", "1", "--seed", "1",
            "--deterministic-time", "3", "--out", outDir);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        foreach (var file in new[] { "schedule.json", "schedule.csv", "kpis.json", "gantt.html" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), $"{file} missing");
        using var kpis = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "kpis.json")));
        var root = kpis.RootElement;
        Assert.Equal(["baseline", "baseline_rule", "baseline_rules", "cpsat", "limit", "solver", "savings_by_lever"], root.EnumerateObject().Select(p => p.Name));
        // The baseline is the best dispatch rule, named, with every rule's KPIs beside it.
        var rule = root.GetProperty("baseline_rule").GetString();
        Assert.Contains(rule, DispatchRule.All.Select(r => r.Name));
        Assert.Equal(DispatchRule.All.Select(r => r.Name), root.GetProperty("baseline_rules").EnumerateObject().Select(p => p.Name));
        Assert.Equal(root.GetProperty("baseline").GetProperty("co2_kg").GetDouble(),
            root.GetProperty("baseline_rules").GetProperty(rule!).GetProperty("kpis").GetProperty("co2_kg").GetDouble(), 6);
        Assert.Equal(tonnes, root.GetProperty("cpsat").GetProperty("tonnes").GetDouble(), 6);
        Assert.Equal(tonnes, root.GetProperty("limit").GetProperty("tonnes").GetDouble(), 6);
        // The limit is what no schedule can beat.
        Assert.True(root.GetProperty("limit").GetProperty("co2_kg_per_t").GetDouble() <= root.GetProperty("cpsat").GetProperty("co2_kg_per_t").GetDouble());
        Assert.True(root.GetProperty("limit").GetProperty("energy_kwh_per_t").GetDouble() <= root.GetProperty("baseline").GetProperty("energy_kwh_per_t").GetDouble());
        var solver = root.GetProperty("solver");
        foreach (var key in new[] { "status", "objective", "bound", "gap", "wall_seconds", "windows", "fell_back_to_baseline", "notes" })
            Assert.True(solver.TryGetProperty(key, out _), $"solver.{key} missing");
        Assert.Equal(1, solver.GetProperty("windows").GetInt32());
        // The deterministic budget is enough for this book: CP-SAT answers, no fallback to the baseline.
        Assert.False(solver.GetProperty("fell_back_to_baseline").GetBoolean(), result.Error);
        Assert.Contains(solver.GetProperty("status").GetString(), new[] { "OPTIMAL", "FEASIBLE", "HINT" });
        Assert.True(solver.GetProperty("objective").GetDouble() >= solver.GetProperty("bound").GetDouble());
        Assert.Contains("cpsat: window 1/1", result.Error, StringComparison.Ordinal);

        // The schedule on disk passes the validator as the planner would run it.
        var validate = Forge.Run("validate", "--plant", plant, "--orders", orders, "--schedule", Path.Combine(outDir, "schedule.json"));
        Assert.True(validate.ExitCode == ExitCodes.Ok, validate.Out + validate.Error);
        // The table has the limit column.
        Assert.Contains("limit │", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void SolverOptionsAndWeightsFileReachTheMethod()
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var weights = _dir.File("weights.json");
        File.WriteAllText(weights, """{ "co2_per_kg": 5, "makespan_per_hour": 0 }""");
        MethodOptions? seen = null;
        var methods = new ScheduleMethods(
        [
            new DelegateMethod(BaselineDispatcher.MethodName, (p, o, _) => TestPlant.Schedule(p, o, BaselineDispatcher.MethodName)),
            new DelegateMethod("spy", (p, o, options) => { seen = options; return TestPlant.Schedule(p, o, "spy"); }),
        ]);

        var result = Forge.RunWith(methods, "schedule", "--plant", plant, "--orders", orders, "--method", "spy", "--out", _dir.File("out"),
            "--workers", "1", "--seed", "7", "--deterministic-time", "12.5", "--objective", "lexicographic", "--weights", weights);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        Assert.NotNull(seen);
        Assert.Equal(30.0, seen.TimeLimitSeconds);
        Assert.Equal(1, seen.Workers);
        Assert.Equal(7, seen.Seed);
        Assert.Equal(12.5, seen.DeterministicTime);
        Assert.Equal(ObjectiveMode.Lexicographic, seen.Mode);
        Assert.Equal(5.0, seen.Weights.Co2PerKg);
        Assert.Equal(0.0, seen.Weights.MakespanPerHour);
        // Keys the file leaves out keep their defaults.
        Assert.Equal(ObjectiveWeights.Default.TardinessPerWeightedHour, seen.Weights.TardinessPerWeightedHour);
        Assert.Equal(ObjectiveWeights.Default.CostPerCurrencyUnit, seen.Weights.CostPerCurrencyUnit);
    }

    [Fact]
    public void ReferenceWeightsExampleFileLoads()
    {
        var weights = WeightsFile.Load(RepositoryFiles.Path("datasets", "reference", "weights.json"));
        Assert.Equal(ObjectiveWeights.Default, weights);
    }

    [Theory]
    [InlineData("""{ "co2_per_kg": -1 }""", "co2_per_kg")]
    [InlineData("""{ "co2_per_kilo": 1 }""", "co2_per_kilo): unknown key; the keys are tardiness_per_weighted_hour, co2_per_kg,")]
    [InlineData("""{ "co2_per_kg": "much" }""", "co2_per_kg")]
    [InlineData("""{ "co2_per_kg": 1 """, "line")]
    public void BadWeightsFileIsExitTwoNamingTheFile(string json, string field)
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var weights = _dir.File("my-weights.json");
        File.WriteAllText(weights, json);

        var result = Forge.Run("schedule", "--plant", plant, "--orders", orders, "--weights", weights, "--out", _dir.File("out"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("my-weights.json", line, StringComparison.Ordinal);
        Assert.Contains(field, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("out")));
    }

    [Fact]
    public void MissingWeightsFileIsExitTwoNamingTheFile()
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var result = Forge.Run("schedule", "--plant", plant, "--orders", orders, "--weights", _dir.File("nowhere.json"), "--out", _dir.File("out"));
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("nowhere.json: file: not found", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
