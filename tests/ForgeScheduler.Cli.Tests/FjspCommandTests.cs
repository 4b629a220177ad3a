using System.Text.Json;
using ForgeScheduler.Solver.Fjsp;

namespace ForgeScheduler.Cli.Tests;

/// <summary><c>forge fjsp</c>: parse, solve, validate, write the JSON.</summary>
public sealed class FjspCommandTests : IDisposable
{
    /// <summary>Two jobs on two machines. Job 1: op 1 on M1 (3) or M2 (5), op 2 on M2 (2). Job 2: op 1
    /// on M1 (2), op 2 on M1 (4) or M2 (3). Both jobs need ≥ 5 alone, but they share M1: if job 1 goes
    /// first on M1 ([0,3]) job 2's op 1 ends at 5 and its op 2 at ≥ 8 (M2 is free only from 5 after
    /// job 1's op 2, or M1 takes 4); if job 2 goes first ([0,2]) job 1's op 1 ends at 5 and op 2 at 7;
    /// job 1 on M2 ends op 1 at 5 and op 2 at 7. So the optimal makespan is 7.</summary>
    public const string TwoByTwo = "2 2\n2  2 1 3 2 5  1 2 2\n2  1 1 2  2 1 4 2 3\n";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TinyInstanceGivesTheHandComputedMakespanWithOneBasedNumbers()
    {
        var instance = _dir.File("tiny.fjs");
        File.WriteAllText(instance, TwoByTwo);
        var outFile = _dir.File("schedule.json");

        var result = Forge.Run("fjsp", instance, "--time-limit", "2", "--workers", "1", "--out", outFile);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        using var doc = JsonDocument.Parse(File.ReadAllText(outFile));
        Assert.Equal(["makespan", "operations"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(7, doc.RootElement.GetProperty("makespan").GetInt64());
        var ops = doc.RootElement.GetProperty("operations").EnumerateArray().ToList();
        Assert.Equal(4, ops.Count);
        foreach (var op in ops)
            Assert.Equal(["job", "op", "machine", "start", "end"], op.EnumerateObject().Select(p => p.Name));
        Assert.Equal([(1, 1), (1, 2), (2, 1), (2, 2)], ops.Select(o => (o.GetProperty("job").GetInt32(), o.GetProperty("op").GetInt32())));
        // Job 1's second operation can only run on machine 2 (not 1: the numbers are 1-based), for 2.
        var j1o2 = ops[1];
        Assert.Equal(2, j1o2.GetProperty("machine").GetInt32());
        Assert.Equal(2, j1o2.GetProperty("end").GetInt64() - j1o2.GetProperty("start").GetInt64());
        Assert.Equal(7, ops.Max(o => o.GetProperty("end").GetInt64()));
        Assert.Contains("makespan", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void BrandimarteMk01WithADeterministicBudgetIsValid()
    {
        var mk01 = RepositoryFiles.Shared("benchmarks", "fjsp", "brandimarte", "mk01.fjs");
        Assert.True(File.Exists(mk01), $"{mk01} missing: the FJSP benchmarks belong in ../shared beside the repository");
        var outFile = _dir.File("mk01.json");

        // A deterministic budget on one worker: the same answer on a quiet or a loaded machine.
        var result = Forge.Run("fjsp", mk01, "--time-limit", "120", "--workers", "1", "--seed", "1", "--deterministic-time", "4", "--out", outFile);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        using var doc = JsonDocument.Parse(File.ReadAllText(outFile));
        var makespan = doc.RootElement.GetProperty("makespan").GetInt64();
        // mk01's optimum is 40: below is impossible, far above would mean the solver is broken.
        Assert.InRange(makespan, 40, 46);
        // Checked again, independently of the command, from the file it wrote.
        var instance = FjspParser.Parse(File.ReadAllText(mk01), mk01);
        var ops = doc.RootElement.GetProperty("operations").EnumerateArray().Select(o => new FjspScheduledOperation(
            o.GetProperty("job").GetInt32(), o.GetProperty("op").GetInt32(), o.GetProperty("machine").GetInt32(),
            o.GetProperty("start").GetInt64(), o.GetProperty("end").GetInt64())).ToList();
        Assert.Empty(FjspValidator.Validate(instance, new FjspResult("FEASIBLE", makespan, null, 0, ops)));
    }

    [Fact]
    public void Mk06WithOneWorkerAndADeterministicBudgetRepeatsAndLogsEachNeighbourhood()
    {
        var mk06 = RepositoryFiles.Shared("benchmarks", "fjsp", "brandimarte", "mk06.fjs");
        // Without the tabu search, whose gains would leave the LNS little to log.
        string[] args = ["fjsp", mk06, "--time-limit", "600", "--workers", "1", "--seed", "5", "--deterministic-time", "0.3", "--tabu-share", "0"];

        var first = Forge.Run([.. args, "--out", _dir.File("a.json")]);
        var second = Forge.Run([.. args, "--out", _dir.File("b.json")]);

        Assert.True(first.ExitCode == ExitCodes.Ok, first.Error);
        Assert.Equal(File.ReadAllText(_dir.File("a.json")), File.ReadAllText(_dir.File("b.json")));
        // mk06 is not proved in 0.3 units, so the LNS runs: a summary line on stdout, and on stderr a
        // line per neighbourhood that shortened the schedule, naming its kind and gain.
        Assert.Contains("lns: ", first.Out, StringComparison.Ordinal);
        Assert.Contains("critical-path", first.Out, StringComparison.Ordinal);
        Assert.Matches(@"mk06: lns [a-z-]+ -\d+ ", first.Error);
        Assert.DoesNotContain("tabu", first.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Mk06TabuSearchLogsItsGainAndMoves()
    {
        var mk06 = RepositoryFiles.Shared("benchmarks", "fjsp", "brandimarte", "mk06.fjs");

        var result = Forge.Run("fjsp", mk06, "--time-limit", "600", "--workers", "1", "--seed", "5", "--deterministic-time", "0.3",
            "--out", _dir.File("t.json"));

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        // 0.3 × 0.75 × 1/3 of a unit at 80 000 moves a unit; the full solve's schedule of mk06 is far
        // enough from optimal that the tabu search shortens it.
        Assert.Matches(@"tabu: 6000 moves, (\d+) -> (\d+)", result.Out);
        Assert.Matches(@"mk06: tabu -\d+ ", result.Error);
    }

    [Theory]
    [InlineData("--deterministic-time", "0")]
    [InlineData("--lns-share", "1")]
    [InlineData("--lns-share", "-0.1")]
    [InlineData("--tabu-share", "1.5")]
    public void ASolverOptionOutOfRangeIsExitTwoNamingIt(string option, string value)
    {
        var mk01 = RepositoryFiles.Shared("benchmarks", "fjsp", "brandimarte", "mk01.fjs");
        var result = Forge.Run("fjsp", mk01, "--time-limit", "1", option, value, "--out", _dir.File("x.json"));
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(option, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenInstanceIsOneLineExitTwoNamingFileAndLine()
    {
        var instance = _dir.File("broken.fjs");
        File.WriteAllText(instance, "2 2\n2  2 1 3 2 5  1 2 2\n2  1 1 2  0\n");

        var result = Forge.Run("fjsp", instance, "--time-limit", "1", "--out", _dir.File("x.json"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("broken.fjs: line 3:", line, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("x.json")));
    }
}
