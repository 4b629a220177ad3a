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
    public void UnknownCaseIsExitTwo()
    {
        var result = Forge.Run("bench", "--cases", "day,month", "--out", _dir.File("bench"));
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--cases", result.Error, StringComparison.Ordinal);
    }
}
