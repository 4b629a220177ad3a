using System.Text.Json.Nodes;
using ForgeScheduler.Formats;

namespace ForgeScheduler.Cli.Tests;

/// <summary>The fields physics version 2 added, and the version 1 fields it replaced: bad values end
/// in one line naming the file and the field (exit 2); old files written with the defaults load.</summary>
public sealed class PhysicsV2InputTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Forge.Result Schedule(string plant, string orders) =>
        Forge.Run("schedule", "--plant", plant, "--orders", orders, "--method", "baseline", "--out", _dir.File("out"));

    private static void AssertOneLineError(Forge.Result result, params string[] mustContain)
    {
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        foreach (var text in mustContain) Assert.Contains(text, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    /// <summary>The test plant's JSON with a change made to the raw document.</summary>
    private string PlantWith(Action<JsonObject> change)
    {
        var node = JsonNode.Parse(JsonFiles.Serialize(PlantFile.ToDocument(TestPlant.Plant())))!.AsObject();
        change(node);
        var path = _dir.File("plant-v2.json");
        File.WriteAllText(path, node.ToJsonString());
        return path;
    }

    private string OrdersWith(Action<JsonObject> change)
    {
        var node = JsonNode.Parse(JsonFiles.Serialize(OrdersFile.ToDocument(TestPlant.Orders())))!.AsObject();
        change(node);
        var path = _dir.File("orders-v2.json");
        File.WriteAllText(path, node.ToJsonString());
        return path;
    }

    [Fact]
    public void UnknownFurnaceHotAtStartNamesTheField()
    {
        var (plant, _) = TestPlant.WriteFiles(_dir.Path);
        var orders = OrdersWith(o => o["furnaces_hot_at_start"] = new JsonArray("HF-1", "HF-9"));
        AssertOneLineError(Schedule(plant, orders), "orders-v2.json", "furnaces_hot_at_start[1]", "HF-9");
    }

    [Fact]
    public void FurnacesHotAtStartPayNoColdStart()
    {
        var (plant, coldOrders) = TestPlant.WriteFiles(_dir.Path);
        var hotOrders = OrdersWith(o => o["furnaces_hot_at_start"] = new JsonArray("HF-1", "HF-2", "HT-1", "HT-2"));

        var cold = Forge.Run("schedule", "--plant", plant, "--orders", coldOrders, "--method", "baseline", "--out", _dir.File("cold"));
        var hot = Forge.Run("schedule", "--plant", plant, "--orders", hotOrders, "--method", "baseline", "--out", _dir.File("hot"));

        Assert.True(cold.ExitCode == ExitCodes.Ok, cold.Error);
        Assert.True(hot.ExitCode == ExitCodes.Ok, hot.Error);
        var coldKpis = JsonNode.Parse(File.ReadAllText(_dir.File("cold/kpis.json")))!["baseline"]!;
        var hotKpis = JsonNode.Parse(File.ReadAllText(_dir.File("hot/kpis.json")))!["baseline"]!;
        // Hot at start, a furnace first used many hours later may still be let go cold and restarted
        // (the gap rule), but never pays more than it would cold.
        Assert.True((int)hotKpis["furnace_cold_starts"]! < (int)coldKpis["furnace_cold_starts"]!);
        Assert.True((double)hotKpis["energy_kwh"]! < (double)coldKpis["energy_kwh"]!);
        // schedule.json says per furnace what it cost besides steel heat, and the parts add up.
        var schedule = JsonNode.Parse(File.ReadAllText(_dir.File("cold/schedule.json")))!;
        var furnaces = schedule["furnace_energy"]!.AsArray();
        Assert.NotEmpty(furnaces);
        var parts = schedule["operations"]!.AsArray().Sum(o => (double)o!["energy_kwh"]!)
                    + furnaces.Sum(f => (double)f!["gap_kwh"]! + (double)f!["cold_start_kwh"]!)
                    + (double)schedule["kpis"]!["press_idle_kwh"]!;
        Assert.Equal((double)coldKpis["energy_kwh"]!, parts, 0);
    }

    [Theory]
    [InlineData(5, "has 5 values")]
    [InlineData(-1, "must not be negative")]
    public void BadPvSurplusNamesTheField(int lengthOrNegative, string message)
    {
        var values = lengthOrNegative > 0 ? Enumerable.Repeat(100.0, lengthOrNegative) : Enumerable.Repeat(100.0, 23).Append(-5.0);
        var plant = PlantWith(p => p["grid"]!["onsite_pv_surplus_kw"] = new JsonArray(values.Select(v => (JsonNode)v).ToArray()));
        var (_, orders) = TestPlant.WriteFiles(_dir.Path);
        AssertOneLineError(Schedule(plant, orders), "plant-v2.json", "grid.onsite_pv_surplus_kw", message);
    }

    [Fact]
    public void AHorizonPvProfileShorterThanTheBookNamesTheField()
    {
        var plant = PlantWith(p => p["grid"]!["onsite_pv_surplus_kw"] = new JsonArray(Enumerable.Range(0, 30).Select(_ => (JsonNode)100.0).ToArray()));
        var (_, orders) = TestPlant.WriteFiles(_dir.Path);
        AssertOneLineError(Schedule(plant, orders), "grid.onsite_pv_surplus_kw", "30 hourly values");
    }

    [Fact]
    public void Version1PlantWithTheDefaultConstantHLoadsWithTheVersion2Defaults()
    {
        var plant = PlantWith(p => p["cooling"] = new JsonObject { ["rho_c_mj_per_m3k"] = 5.0, ["h_eff_w_per_m2k"] = 80 });
        var loaded = PlantFile.Load(plant);
        Assert.Equal(Solver.Domain.CoolingParameters.Default, loaded.Cooling);
    }

    [Fact]
    public void Version1PlantWithItsOwnConstantHNamesTheField()
    {
        var plant = PlantWith(p => p["cooling"] = new JsonObject { ["rho_c_mj_per_m3k"] = 5.0, ["h_eff_w_per_m2k"] = 60 });
        var (_, orders) = TestPlant.WriteFiles(_dir.Path);
        AssertOneLineError(Schedule(plant, orders), "plant-v2.json", "cooling.h_eff_w_per_m2k", "emissivity");
    }

    [Fact]
    public void Version1TauFitNamesTheField()
    {
        var plant = PlantWith(p => p["cooling"] = new JsonObject
        {
            ["rho_c_mj_per_m3k"] = 5.0,
            ["fits"] = new JsonArray(new JsonObject { ["grade"] = "42CrMo4", ["diameter_min_m"] = 0.75, ["diameter_max_m"] = 1.0, ["tau_h"] = 4.0, ["r2"] = 0.97, ["n"] = 12 }),
        });
        var (_, orders) = TestPlant.WriteFiles(_dir.Path);
        AssertOneLineError(Schedule(plant, orders), "plant-v2.json", "cooling.fits[0].tau_h", "fit-cooling");
    }

    [Fact]
    public void EmissivityOutOfRangeNamesTheField()
    {
        var plant = PlantWith(p => p["cooling"]!["emissivity"] = 1.5);
        var (_, orders) = TestPlant.WriteFiles(_dir.Path);
        AssertOneLineError(Schedule(plant, orders), "plant-v2.json", "cooling.emissivity");
    }
}
