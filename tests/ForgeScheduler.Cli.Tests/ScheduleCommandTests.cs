using System.Text.Json;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Cli.Tests;

/// <summary><c>forge schedule</c> end to end. These need the baseline, validator and KPI calculator.</summary>
public sealed class ScheduleCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string[] RequiredKpiKeys =
    [
        "tonnes", "energy_kwh", "energy_kwh_per_t", "co2_kg", "co2_kg_per_t", "hot_charge_ratio", "hot_transfer_ratio",
        "electric_share", "furnace_hot_idle_h", "press_idle_h", "weighted_tardiness_h", "late_orders", "makespan_h", "energy_cost",
    ];

    /// <summary>A "hand" method that returns the hand-made schedule (or a broken copy of it), and as
    /// "baseline" the same hand-made schedule, so these tests depend on the CLI, the validator and the
    /// KPI calculator but not on the baseline dispatcher.</summary>
    private static ScheduleMethods WithHandMethod(Func<Schedule, Schedule>? spoil = null) => new(
    [
        new DelegateMethod(BaselineDispatcher.MethodName, (plant, orders, _) => TestPlant.Schedule(plant, orders, BaselineDispatcher.MethodName)),
        new DelegateMethod("hand", (plant, orders, _) =>
        {
            var schedule = TestPlant.Schedule(plant, orders, "hand");
            return spoil is null ? schedule : spoil(schedule);
        }),
    ]);

    [Fact]
    public void ScheduleWritesTheFourFiles()
    {
        // With the real baseline dispatcher (the optimiser has its own tests: CpSatScheduleTests).
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var outDir = _dir.File("out");
        var result = Forge.Run("schedule", "--plant", plant, "--orders", orders, "--method", "baseline", "--out", outDir);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        foreach (var file in new[] { "schedule.json", "schedule.csv", "kpis.json", "gantt.html" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), $"{file} missing");
        var schedule = ScheduleFile.Load(Path.Combine(outDir, "schedule.json"));
        Assert.Equal(2 * 3, schedule.Operations.Count);
        var csvRows = File.ReadAllLines(Path.Combine(outDir, "schedule.csv"));
        Assert.Equal(schedule.Operations.Count + 1, csvRows.Length);
        Assert.Contains("Energy intensity", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void KpisJsonHasBaselineAndMethodBlocksWithEveryRequiredKey()
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var outDir = _dir.File("out");
        var result = Forge.RunWith(WithHandMethod(), "schedule", "--plant", plant, "--orders", orders, "--method", "hand", "--out", outDir);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);

        using var kpis = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "kpis.json")));
        var blocks = kpis.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["baseline", "hand", "limit", "savings_by_lever"], blocks);
        // The levers add up to the CO2 and energy the method saves against the baseline.
        var levers = kpis.RootElement.GetProperty("savings_by_lever");
        var saved = kpis.RootElement.GetProperty("baseline").GetProperty("co2_kg").GetDouble() - kpis.RootElement.GetProperty("hand").GetProperty("co2_kg").GetDouble();
        Assert.Equal(saved, levers.GetProperty("co2_saved_kg").GetDouble(), 6);
        Assert.Equal(saved, levers.GetProperty("levers").EnumerateObject().Sum(l => l.Value.GetProperty("co2_saved_kg").GetDouble()), 6);
        Assert.Equal(["hot_charging", "hot_transfer", "furnace_choice", "consolidation", "electric_timing", "presses"],
            levers.GetProperty("levers").EnumerateObject().Select(l => l.Name));
        blocks = blocks.Take(3).ToList();
        foreach (var block in blocks.Take(2))
            foreach (var key in RequiredKpiKeys)
                Assert.True(kpis.RootElement.GetProperty(block).TryGetProperty(key, out _), $"{block}.{key} missing");
        Assert.Equal(30.0, kpis.RootElement.GetProperty("hand").GetProperty("tonnes").GetDouble(), 6);
        // The limit covers the same 30 t; a method without solver figures writes no "solver" block.
        Assert.Equal(30.0, kpis.RootElement.GetProperty("limit").GetProperty("tonnes").GetDouble(), 6);
        Assert.True(kpis.RootElement.GetProperty("limit").GetProperty("co2_kg_per_t").GetDouble() > 0);

        // schedule.json is the chosen method's, with its KPI block.
        using var schedule = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "schedule.json")));
        Assert.Equal("hand", schedule.RootElement.GetProperty("method").GetString());
        Assert.True(schedule.RootElement.GetProperty("kpis").TryGetProperty("co2_kg_per_t", out _));
        // The page shows both schedules and the ratio column.
        var html = File.ReadAllText(Path.Combine(outDir, "gantt.html"));
        Assert.Contains("data-role=\"baseline\"", html, StringComparison.Ordinal);
        Assert.Contains("hand ÷ baseline", html, StringComparison.Ordinal);
        Assert.Contains("hand ÷ baseline", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ScheduleThatBreaksARuleIsPrintedAndNothingIsWritten()
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var outDir = _dir.File("out");
        // Forging O1 in one minute instead of its 40 press minutes.
        var methods = WithHandMethod(s => s with
        {
            Operations = s.Operations.Select(o => o.Order == "O1" && o.Kind == OperationKind.Forge ? o with { End = o.Start.AddMinutes(1) } : o).ToList(),
        });
        var result = Forge.RunWith(methods, "schedule", "--plant", plant, "--orders", orders, "--method", "hand", "--out", outDir);
        Assert.Equal(ExitCodes.Invalid, result.ExitCode);
        Assert.Contains("hand schedule breaks", result.Error, StringComparison.Ordinal);
        Assert.Contains("O1", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }
}
