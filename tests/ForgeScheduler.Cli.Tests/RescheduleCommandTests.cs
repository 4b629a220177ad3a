using System.Globalization;
using System.Text.Json;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Cli.Tests;

/// <summary><c>forge reschedule</c> and <c>forge fit-cooling</c> end to end, on the two-order hand plan.</summary>
public sealed class RescheduleCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    [Fact]
    public void RescheduleWritesTheFourFilesWithTheNextVersionAndADiff()
    {
        var (plantPath, ordersPath) = TestPlant.WriteFiles(_dir.Path);
        var plant = TestPlant.Plant();
        var book = TestPlant.Orders();
        var schedulePath = _dir.File("schedule.json");
        ScheduleFile.Save(schedulePath, TestPlant.Schedule(plant, book), null, version: 3);
        // Both pieces are heating in HF-1; the heat-treatment furnace they were to share breaks down,
        // and a rush order arrives.
        var now = TestPlant.PlanStart.AddMinutes(30);
        var eventsPath = _dir.File("events.json");
        File.WriteAllText(eventsPath, $$"""
            {"events": [
              {"type": "resource_down", "at": "{{Iso(now)}}", "resource": "HT-1", "until": "{{Iso(now.AddHours(30))}}"},
              {"type": "rush_order", "at": "{{Iso(now)}}", "order": {
                "id": "R1", "product": "shaft", "grade": "42CrMo4", "mass_t": 8, "diameter_m": 0.5,
                "release": "{{Iso(now)}}", "due": "{{Iso(now.AddHours(20))}}", "weight": 5,
                "heats": [{"forge_temp_c": 1180, "press_min": 20, "min_force_mn": 30, "finish_temp_c": 850}],
                "heat_treatment": "N1"} }
            ]}
            """);
        var outDir = _dir.File("v4");

        var result = Forge.Run("reschedule", "--plant", plantPath, "--orders", ordersPath, "--schedule", schedulePath,
            "--events", eventsPath, "--now", Iso(now), "--out", outDir, "--time-limit", "3", "--workers", "1");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error + result.Out);
        foreach (var file in new[] { "schedule.json", "kpis.json", "diff.json", "gantt.html" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), $"{file} missing");
        var written = JsonFiles.Deserialize<ScheduleDocument>(File.ReadAllText(Path.Combine(outDir, "schedule.json")), "schedule.json");
        Assert.Equal(4, written.Version);
        var schedule = ScheduleFile.Load(Path.Combine(outDir, "schedule.json"));
        Assert.Equal(3 * 3, schedule.Operations.Count);
        Assert.DoesNotContain(schedule.Operations, o => o.Resource == "HT-1" && o.Start < now.AddHours(30));
        var downPlant = plant with { Downtime = [new Solver.Domain.Downtime("HT-1", now, now.AddHours(30))] };
        var rush = Assert.IsType<Solver.Rescheduling.OrderAdded>(EventsFile.Load(eventsPath)[1]);
        Assert.True(rush.Rush);
        Assert.Empty(ScheduleValidator.Validate(downPlant, book with { Orders = [.. book.Orders, rush.Order] }, schedule));

        using var diff = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "diff.json")));
        Assert.Equal(3, diff.RootElement.GetProperty("from_version").GetInt32());
        Assert.Equal(4, diff.RootElement.GetProperty("to_version").GetInt32());
        Assert.Equal(3, diff.RootElement.GetProperty("added").GetInt32());
        var changes = diff.RootElement.GetProperty("changes").EnumerateArray().ToList();
        // Both heat treatments had to leave HT-1: each is reassigned or moved past the downtime.
        foreach (var order in new[] { "O1", "O2" })
            Assert.Contains(changes, c => c.GetProperty("order").GetString() == order && c.GetProperty("step").GetInt32() == 3);
        // The heats that started stay.
        Assert.DoesNotContain(changes, c => c.GetProperty("step").GetInt32() == 1 && c.GetProperty("order").GetString() != "R1");
        Assert.Contains("version 4", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void RescheduleNamesTheBadEventField()
    {
        var (plantPath, ordersPath) = TestPlant.WriteFiles(_dir.Path);
        var schedulePath = _dir.File("schedule.json");
        ScheduleFile.Save(schedulePath, TestPlant.Schedule(TestPlant.Plant(), TestPlant.Orders()), null);
        var eventsPath = _dir.File("events.json");
        File.WriteAllText(eventsPath, """{"events": [{"type": "resource_up", "at": "2026-11-26T07:00:00+08:00", "resource": "HT-1"}, {"type": "resource_down", "at": "2026-11-26T07:00:00+08:00", "resource": "HF-9"}]}""");

        var result = Forge.Run("reschedule", "--plant", plantPath, "--orders", ordersPath, "--schedule", schedulePath,
            "--events", eventsPath, "--now", "2026-11-26T07:00:00+08:00", "--out", _dir.File("out"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("events.json: events[1].resource: unknown resource 'HF-9'", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("out")));
    }

    [Theory]
    [InlineData("""{"type": "operation_started", "at": "2026-11-26T07:00:00+08:00", "order": "NOPE", "step": 1, "resource": "HF-1"}""", "events[0].order: unknown order 'NOPE'")]
    [InlineData("""{"type": "resource_down", "at": "2026-11-26T05:00:00+08:00", "resource": "HF-1"}""", "events[0].at: 2026-11-26 05:00 +08:00 is before the plan starts")]
    [InlineData("""{"type": "operation_started", "at": "2026-11-26T07:00:00+08:00", "order": "O1", "step": 2, "resource": "P-80"}, {"type": "operation_finished", "at": "2026-11-26T06:50:00+08:00", "order": "O1", "step": 2}""", "events[1].at: finish 2026-11-26 06:50 +08:00 is before the step's start 2026-11-26 07:00 +08:00")]
    [InlineData("""{"type": "resource_down", "at": "2026-11-26T07:00:00+08:00", "resource": "HF-1", "kind": "tripped"}""", "events[0].kind: 'tripped' is not a kind of down (trip, planned)")]
    public void RescheduleRefusesEventsThePlanCannotTakeInOneLineNamingTheField(string json, string expected)
    {
        var (plantPath, ordersPath) = TestPlant.WriteFiles(_dir.Path);
        var schedulePath = _dir.File("schedule.json");
        ScheduleFile.Save(schedulePath, TestPlant.Schedule(TestPlant.Plant(), TestPlant.Orders()), null);
        var eventsPath = _dir.File("events.json");
        File.WriteAllText(eventsPath, $$"""{"events": [{{json}}]}""");

        var result = Forge.Run("reschedule", "--plant", plantPath, "--orders", ordersPath, "--schedule", schedulePath,
            "--events", eventsPath, "--now", "2026-11-26T07:30:00+08:00", "--out", _dir.File("out"));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains($"events.json: {expected}", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(_dir.File("out")));
    }

    [Fact]
    public void StabilityPenaltyOptionMustNotBeNegative()
    {
        var (plantPath, ordersPath) = TestPlant.WriteFiles(_dir.Path);
        var schedulePath = _dir.File("schedule.json");
        ScheduleFile.Save(schedulePath, TestPlant.Schedule(TestPlant.Plant(), TestPlant.Orders()), null);
        var eventsPath = _dir.File("events.json");
        File.WriteAllText(eventsPath, """{"events": []}""");

        var result = Forge.Run("reschedule", "--plant", plantPath, "--orders", ordersPath, "--schedule", schedulePath,
            "--events", eventsPath, "--now", "2026-11-26T07:30:00+08:00", "--out", _dir.File("out"), "--stability-kg-per-min", "-1");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--stability-kg-per-min: must be a non-negative number", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void FitCoolingWritesThePlantWithTheFitsAndMarksTheBadOnes()
    {
        var (plantPath, _) = TestPlant.WriteFiles(_dir.Path);
        var csv = _dir.File("cooling.csv");
        // 42CrMo4 at 0.8 m cools by the version 2 law with ε = 0.6 (h_c 10, ρc 5 MJ/m³K; integrated
        // independently); C45 has only three readings.
        var lines = new List<string> { "piece,grade,diameter_m,ambient_c,t0_c,minutes,temp_c" };
        double[] temps = [754.906, 683.612, 627.231, 580.981, 542.019, 508.526];
        for (var i = 1; i <= 6; i++)
            lines.Add(FormattableString.Invariant($"p{i},42CrMo4,0.8,20,850,{30 * i},{temps[i - 1]}"));
        lines.AddRange(["q1,C45,0.4,20,800,60,500", "q2,C45,0.4,20,800,120,330", "q3,C45,0.4,20,800,180,220"]);
        File.WriteAllLines(csv, lines);
        var outPath = _dir.File("plant.fitted.json");

        var result = Forge.Run("fit-cooling", "--plant", plantPath, "--measurements", csv, "--out", outPath);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        var fitted = PlantFile.Load(outPath);
        Assert.Equal(2, fitted.CoolingFits.Count);
        var good = Assert.Single(fitted.CoolingFits, f => f.IsGood);
        Assert.Equal(("42CrMo4", 0.75, 1.0, 6), (good.Grade, good.DiameterMinMetres, good.DiameterMaxMetres, good.Points));
        Assert.Equal(0.6, good.Emissivity, 2);
        Assert.Contains("1 of 2 fit(s) good", result.Out, StringComparison.Ordinal);
        Assert.Contains("fewer than 5 readings", result.Out, StringComparison.Ordinal);
    }
}
