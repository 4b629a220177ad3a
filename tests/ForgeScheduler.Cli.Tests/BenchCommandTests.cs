using System.Text.Json;

namespace ForgeScheduler.Cli.Tests;

/// <summary><c>forge bench</c> on FJSP instances made for the test (the plant cases take minutes:
/// the lead runs them).</summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SpeedBenchTimesDispatchValidationAndKpisOfTheReferenceWeek()
    {
        var outDir = _dir.File("bench");

        var result = Forge.Run("bench", "--cases", "speed", "--out", outDir);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "bench.json")));
        var speed = json.RootElement.GetProperty("speed");
        Assert.Equal(200, speed.GetProperty("order_count").GetInt32());
        var steps = speed.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["baseline dispatch", "validate", "KPIs"], steps.Select(s => s.GetProperty("step").GetString()));
        // Every order of the week goes through at least heat, forge and heat treatment.
        Assert.All(steps, s => Assert.True(s.GetProperty("operations").GetInt32() >= 3 * 200));
        Assert.All(steps, s => Assert.True(s.GetProperty("median_ms").GetDouble() <= s.GetProperty("max_ms").GetDouble()));
        Assert.Contains("| validate |", File.ReadAllText(Path.Combine(outDir, "bench.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void FjspBenchWritesMakespanBksAndGapPerInstanceAndTheMeanGap()
    {
        var fjspDir = _dir.File("fjsp");
        Directory.CreateDirectory(Path.Combine(fjspDir, "tiny"));
        File.WriteAllText(Path.Combine(fjspDir, "tiny", "a.fjs"), FjspCommandTests.TwoByTwo);
        // One job of one operation taking 5: makespan 5 against a claimed bks of 4 → gap 25 %.
        File.WriteAllText(Path.Combine(fjspDir, "tiny", "b.fjs"), "1 1\n1 1 1 5\n");
        File.WriteAllText(Path.Combine(fjspDir, "bks.csv"), "instance,jobs,machines,bks,lb\ntiny/a,2,2,7,7\ntiny/b,1,1,4,4\n");
        var outDir = _dir.File("bench");

        var result = Forge.Run("bench", "--cases", "fjsp", "--fjsp-limit", "1", "--fjsp-dir", fjspDir, "--out", outDir);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "bench.json")));
        Assert.Empty(json.RootElement.GetProperty("plant_cases").EnumerateArray());
        var fjsp = json.RootElement.GetProperty("fjsp");
        var instances = fjsp.GetProperty("instances").EnumerateArray().ToList();
        Assert.Equal(["tiny/a", "tiny/b"], instances.Select(i => i.GetProperty("instance").GetString()));
        Assert.Equal([7L, 5L], instances.Select(i => i.GetProperty("makespan").GetInt64()));
        Assert.Equal([0.0, 25.0], instances.Select(i => i.GetProperty("gap_pct").GetDouble()));
        Assert.All(instances, i => Assert.True(i.GetProperty("valid").GetBoolean()));
        Assert.Equal(12.5, fjsp.GetProperty("mean_gap_pct").GetDouble(), 9);

        var md = File.ReadAllText(Path.Combine(outDir, "bench.md"));
        Assert.Contains("| instance | jobs | machines | makespan | bks | gap % |", md, StringComparison.Ordinal);
        Assert.Contains("| tiny/b | 1 | 1 | 5 | 4 | 25.0 |", md, StringComparison.Ordinal);
        Assert.Contains("Mean gap: 12.50 %", md, StringComparison.Ordinal);
        // A line per case on stdout.
        Assert.Contains("bench fjsp tiny/a", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFjspFolderIsExitTwoNamingIt()
    {
        var missing = _dir.File("no-such-dir");
        var result = Forge.Run("bench", "--cases", "fjsp", "--fjsp-dir", missing, "--out", _dir.File("bench"));
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("no-such-dir: --fjsp-dir: not found", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void GeneratedCaseReportsEachBookAgainstTheComparatorWithMinMeanMax()
    {
        var outDir = _dir.File("bench");

        // Two books, a second each: what is measured here is the report, not the optimiser.
        var result = Forge.Run("bench", "--cases", "generated", "--seeds", "1-2", "--generated-limit", "1", "--workers", "1", "--out", outDir);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "bench.json")));
        var generated = json.RootElement.GetProperty("generated");
        var books = generated.GetProperty("books").EnumerateArray().ToList();
        Assert.Equal([1, 2], books.Select(b => b.GetProperty("seed").GetInt32()));
        // Seed 1 is the lightest load of the cycle, seed 2 the next; 20–60 orders each.
        Assert.Equal([0.6, 0.7], books.Select(b => Math.Round(b.GetProperty("load").GetDouble(), 6)));
        Assert.All(books, b => Assert.InRange(b.GetProperty("orders").GetInt32(), 20, 60));
        Assert.All(books, b => Assert.True(b.GetProperty("cpsat_valid").GetBoolean()));
        Assert.Equal(2, generated.GetProperty("valid").GetInt32());
        var co2 = generated.GetProperty("co2_ratio");
        var ratios = books.Select(b => b.GetProperty("co2_ratio").GetDouble()).ToList();
        Assert.Equal(ratios.Min(), co2.GetProperty("min").GetDouble(), 9);
        Assert.Equal(ratios.Average(), co2.GetProperty("mean").GetDouble(), 9);
        Assert.Equal(ratios.Max(), co2.GetProperty("max").GetDouble(), 9);
        Assert.Equal(books.Count(b => b.GetProperty("fell_back").GetBoolean()), generated.GetProperty("fell_back").GetInt32());
        foreach (var b in books)
        {
            // The levers split the whole CO2/t difference, comparator minus optimiser, and nothing else.
            var levers = b.GetProperty("co2_saved_kg_per_t_by_lever").EnumerateObject().ToList();
            Assert.Equal(6, levers.Count);
            Assert.Equal(b.GetProperty("baseline_co2_kg_per_t").GetDouble() - b.GetProperty("cpsat_co2_kg_per_t").GetDouble(),
                levers.Sum(l => l.Value.GetDouble()), 6);
            // Each book is written out, so it can be re-run or judged on its own.
            var bookDir = Path.Combine(outDir, "generated", b.GetProperty("seed").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var orders = JsonDocument.Parse(File.ReadAllText(Path.Combine(bookDir, "orders.json")));
            Assert.Equal(b.GetProperty("orders").GetInt32(), orders.RootElement.GetProperty("orders").GetArrayLength());
            foreach (var schedule in new[] { "comparator.schedule.json", "cpsat.schedule.json" })
            {
                var judged = Forge.Run("validate", "--plant", RepositoryFiles.ReferencePlant, "--orders", Path.Combine(bookDir, "orders.json"), "--schedule", Path.Combine(bookDir, schedule));
                Assert.True(judged.ExitCode == ExitCodes.Ok, schedule + ": " + judged.Out + judged.Error);
            }
        }

        var md = File.ReadAllText(Path.Combine(outDir, "bench.md"));
        Assert.Contains("| seed | hot_charging | hot_transfer | furnace_choice | consolidation | electric_timing | presses |", md, StringComparison.Ordinal);
        Assert.Contains("## Generated books against the comparator", md, StringComparison.Ordinal);
        Assert.Contains("| CO2/t cpsat ÷ comparator |", md, StringComparison.Ordinal);
        Assert.Contains("bench generated 2:", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1-")]
    [InlineData("5-3")]
    [InlineData("x")]
    public void SeedsThatAreNoSeedsAreExitTwo(string seeds)
    {
        var result = Forge.Run("bench", "--cases", "generated", "--seeds", seeds, "--out", _dir.File("bench"));
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--seeds", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCaseIsExitTwo()
    {
        var result = Forge.Run("bench", "--cases", "day,month", "--out", _dir.File("bench"));
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--cases", result.Error, StringComparison.Ordinal);
    }
}
