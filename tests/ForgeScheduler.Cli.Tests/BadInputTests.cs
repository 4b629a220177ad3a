using ForgeScheduler.Formats;

namespace ForgeScheduler.Cli.Tests;

/// <summary>Every kind of bad input ends in one line naming the file and the field, exit code 2, no stack trace.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Forge.Result Schedule(string plant, string orders) =>
        Forge.Run("schedule", "--plant", plant, "--orders", orders, "--out", _dir.File("out"));

    private static void AssertOneLineError(Forge.Result result, params string[] mustContain)
    {
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        foreach (var text in mustContain) Assert.Contains(text, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
    }

    private string OrdersWith(Action<OrderDocument> change)
    {
        var doc = OrdersFile.ToDocument(TestPlant.Orders());
        change(doc.Orders![0]);
        var path = _dir.File("orders.json");
        JsonFiles.Write(path, doc);
        return path;
    }

    [Fact]
    public void MissingPlantFileNamesTheFile()
    {
        var (_, orders) = TestPlant.WriteFiles(_dir.Path);
        var result = Schedule(_dir.File("no-such-plant.json"), orders);
        AssertOneLineError(result, "no-such-plant.json", "file", "not found");
        Assert.False(Directory.Exists(_dir.File("out")));
    }

    [Fact]
    public void BrokenJsonNamesLineAndColumn()
    {
        var (plant, _) = TestPlant.WriteFiles(_dir.Path);
        var orders = _dir.File("broken.json");
        File.WriteAllText(orders, "{\n  \"plant\": \"small\",\n  \"orders\": [ { \"id\": \"O1\" \"mass_t\": 5 } ]\n}\n");
        var result = Schedule(plant, orders);
        AssertOneLineError(result, "broken.json", "line 3, column");
    }

    [Fact]
    public void UnknownResourceInDowntimeNamesTheField()
    {
        var plantDoc = PlantFile.ToDocument(TestPlant.Plant());
        plantDoc.Downtime = [new DowntimeDocument { Resource = "HF-9", From = TestPlant.PlanStart, To = TestPlant.PlanStart.AddHours(2) }];
        var (_, orders) = TestPlant.WriteFiles(_dir.Path);
        var plant = _dir.File("plant-bad.json");
        JsonFiles.Write(plant, plantDoc);
        AssertOneLineError(Schedule(plant, orders), "plant-bad.json", "downtime[0].resource", "HF-9");
    }

    [Fact]
    public void UnknownRecipeNamesTheOrderField()
    {
        var (plant, _) = TestPlant.WriteFiles(_dir.Path);
        var orders = OrdersWith(o => o.HeatTreatment = "Q9");
        AssertOneLineError(Schedule(plant, orders), "orders.json", "orders[0].heat_treatment", "Q9");
    }

    [Theory]
    [InlineData(-5.0)]
    [InlineData(0.0)]
    public void NonPositiveMassNamesTheMassField(double mass)
    {
        var (plant, _) = TestPlant.WriteFiles(_dir.Path);
        var orders = OrdersWith(o => o.MassT = mass);
        AssertOneLineError(Schedule(plant, orders), "orders.json", "orders[0].mass_t", "must be positive");
    }

    [Fact]
    public void DueBeforeReleaseNamesTheDueField()
    {
        var (plant, _) = TestPlant.WriteFiles(_dir.Path);
        var orders = OrdersWith(o => o.Due = o.Release!.Value.AddHours(-1));
        AssertOneLineError(Schedule(plant, orders), "orders.json", "orders[0].due", "not after release");
    }

    [Fact]
    public void OrderNoPressCanForgeNamesTheForceField()
    {
        var (plant, _) = TestPlant.WriteFiles(_dir.Path);
        var orders = OrdersWith(o => o.Heats![0].MinForceMn = 500);
        AssertOneLineError(Schedule(plant, orders), "orders.json", "orders[0].heats[0].min_force_mn", "no press");
    }

    [Fact]
    public void BrokenScheduleJsonInValidateNamesLineAndColumn()
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var schedule = _dir.File("schedule.json");
        File.WriteAllText(schedule, "{ \"plant\": \"small\",\n \"operations\": [ { \"order\": } ] }");
        var result = Forge.Run("validate", "--plant", plant, "--orders", orders, "--schedule", schedule);
        AssertOneLineError(result, "schedule.json", "line 2, column");
    }

    [Fact]
    public void UnknownOperationKindInScheduleNamesTheField()
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var schedule = _dir.File("schedule.json");
        File.WriteAllText(schedule, """
            { "plant": "small", "operations": [ { "order": "O1", "step": 1, "kind": "bake", "resource": "HF-1",
              "start": "2026-11-26T06:00:00+08:00", "end": "2026-11-26T09:00:00+08:00" } ] }
            """);
        var result = Forge.Run("validate", "--plant", plant, "--orders", orders, "--schedule", schedule);
        AssertOneLineError(result, "schedule.json", "operations[0].kind", "bake");
    }

    [Fact]
    public void MethodNotInThisBuildIsAnErrorNamingIt()
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var result = Forge.Run("schedule", "--plant", plant, "--orders", orders, "--method", "tabu", "--out", _dir.File("out"));
        AssertOneLineError(result, "--method", "'tabu'", "available: baseline, cpsat");
    }

    [Fact]
    public void MissingRequiredOptionExitsTwoAndPointsToHelp()
    {
        var result = Forge.Run("validate", "--plant", "p.json");
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--orders", result.Error, StringComparison.Ordinal);
        Assert.Contains("--schedule", result.Error, StringComparison.Ordinal);
        Assert.Contains("forge validate --help", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnexpectedFailureIsOneInternalErrorLineWithExitThree()
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var failing = new ScheduleMethods([new DelegateMethod("baseline", (_, _, _) => throw new InvalidOperationException("solver fell over\nsecond line"))]);
        var result = Forge.RunWith(failing, "schedule", "--plant", plant, "--orders", orders, "--out", _dir.File("out"));
        Assert.Equal(ExitCodes.InternalError, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("forge: internal error: solver fell over second line", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
