using System.Text.Json;

namespace ForgeScheduler.Cli.Tests;

/// <summary><c>forge whatif</c> end to end on the small test plant (gas HT-1, electric HT-2).</summary>
public sealed class WhatIfCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ChangeFromANearZeroBaseIsShownAbsoluteNotAsAHugePercentage()
    {
        // An electric share of 0.002 going to 0.067 would read +3250.0 %.
        var share = new ForgeScheduler.Formats.WhatIfRow("electric_share", "Electric share", "of furnace energy", 3, 0.002, 0.067);
        var co2 = new ForgeScheduler.Formats.WhatIfRow("co2_kg_per_t", "CO2 intensity", "kg/t", 1, 180.0, 171.0);

        Assert.Equal("+0.065", share.FormatChange());
        Assert.Equal("-9.0 (-5.0%)", co2.FormatChange());
    }

    [Fact]
    public void UnknownFurnaceIsBadInputNamingTheId()
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var outDir = _dir.File("out");

        var result = Forge.Run("whatif", "--plant", plant, "--orders", orders, "--electrify", "HT-1,HT-G9", "--out", outDir);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("--electrify", line, StringComparison.Ordinal);
        Assert.Contains("'HT-G9'", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir), "nothing is written on bad input");
    }

    [Fact]
    public void AlreadyElectricFurnaceIsBadInput()
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var result = Forge.Run("whatif", "--plant", plant, "--orders", orders, "--electrify", "HT-2");
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("'HT-2' is already electric", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void GridProfileMustHaveTwentyFourValues()
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var profile = _dir.File("grid.json");
        File.WriteAllText(profile, "[0.5, 0.4, 0.3]");

        var result = Forge.Run("whatif", "--plant", plant, "--orders", orders, "--electrify", "HT-1", "--grid-profile", profile);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(profile, result.Error, StringComparison.Ordinal);
        Assert.Contains("has 3 values", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativePvSurplusIsBadInputNamingTheFileAndIndex()
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var pv = _dir.File("pv.json");
        File.WriteAllText(pv, "[0, 100, -5" + string.Concat(Enumerable.Repeat(", 0", 21)) + "]");

        var result = Forge.Run("whatif", "--plant", plant, "--orders", orders, "--electrify", "HT-1", "--pv-surplus", pv);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(pv, result.Error, StringComparison.Ordinal);
        Assert.Contains("[2]", result.Error, StringComparison.Ordinal);

        File.WriteAllText(pv, "[0, 100]");
        var shortProfile = Forge.Run("whatif", "--plant", plant, "--orders", orders, "--electrify", "HT-1", "--pv-surplus", pv);
        Assert.Equal(ExitCodes.BadInput, shortProfile.ExitCode);
        Assert.Contains("has 2 values", shortProfile.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void PvSurplusCoversElectricWorkInBothPlants()
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var pv = _dir.File("pv.json");
        // More surplus than any furnace draws, every hour: every electric kWh is PV.
        File.WriteAllText(pv, "[" + string.Join(", ", Enumerable.Repeat("100000", 24)) + "]");
        var outDir = _dir.File("out");

        var result = Forge.Run("whatif", "--plant", plant, "--orders", orders, "--electrify", "HT-1", "--pv-surplus", pv,
            "--workers", "1", "--seed", "1", "--deterministic-time", "1", "--out", outDir);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "whatif.json")));
        foreach (var side in new[] { "as_is", "electrified" })
        {
            var kpis = doc.RootElement.GetProperty(side).GetProperty("kpis");
            var electric = kpis.GetProperty("electric_kwh").GetDouble();
            Assert.True(electric > 0, $"{side}: no electric work");
            Assert.Equal(electric, kpis.GetProperty("onsite_pv_kwh").GetDouble(), 3);
        }
    }

    [Fact]
    public void GridFactorAndGridProfileExcludeEachOther()
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var result = Forge.Run("whatif", "--plant", plant, "--orders", orders, "--electrify", "HT-1",
            "--grid-factor", "0.3", "--grid-profile", _dir.File("grid.json"));
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--grid-factor", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIfWritesJsonAndHtmlWithTheSweepAndBothPlants()
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var outDir = _dir.File("out");

        var result = Forge.Run("whatif", "--plant", plant, "--orders", orders, "--electrify", "HT-1",
            "--grid-factor", "0.1", "--workers", "1", "--seed", "1", "--deterministic-time", "1", "--out", outDir);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        Assert.Contains("CO2 intensity", result.Out, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "whatif.json")));
        var root = json.RootElement;
        Assert.Equal(["HT-1"], root.GetProperty("electrified_furnaces").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0.1, root.GetProperty("study_grid_factor").GetDouble(), 1e-12);
        Assert.Equal(0.5703, root.GetProperty("plant_grid_factor").GetDouble(), 1e-12);
        var conversion = Assert.Single(root.GetProperty("conversions").EnumerateArray());
        // HT-2, the plant's one electric heat-treatment furnace, is the template: η 0.85, 3000 kW on 100 t.
        Assert.Equal(0.85, conversion.GetProperty("efficiency").GetDouble(), 1e-12);
        Assert.Equal(3000, conversion.GetProperty("max_power_kw").GetDouble(), 1e-9);
        foreach (var side in new[] { "as_is", "electrified" })
        {
            var block = root.GetProperty(side);
            Assert.True(block.GetProperty("co2_kg_per_t").GetDouble() > 0, side);
            Assert.Equal(30, block.GetProperty("kpis").GetProperty("tonnes").GetDouble(), 1e-9);
            Assert.Equal(block.GetProperty("kpis").GetProperty("energy_cost").GetDouble() / 30, block.GetProperty("cost_per_t").GetDouble(), 1e-9);
        }
        var sweep = root.GetProperty("sweep").EnumerateArray().ToList();
        Assert.Equal(19, sweep.Count);
        Assert.Equal(0.9, sweep[^1].GetProperty("grid_factor").GetDouble(), 1e-12);
        // Present even when there is none, so a reader need not guess.
        Assert.True(root.TryGetProperty("break_even_grid_factor", out _));

        var html = File.ReadAllText(Path.Combine(outDir, "whatif.html"));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("plant grid avg 0.570", html, StringComparison.Ordinal);
        Assert.Contains("study grid 0.100", html, StringComparison.Ordinal);
        // The comparison chart (two lines), then both plants' Gantts from the shared renderer, each with
        // its own energy profile (tariff and grid-factor lines).
        var gantts = html.IndexOf("<div class=\"whatif-gantts\">", StringComparison.Ordinal);
        Assert.True(gantts > 0, "the Gantts follow the comparison");
        Assert.Equal(2, html[..gantts].Split("<polyline", StringSplitOptions.None).Length - 1);
        Assert.Contains("<div id=\"gantt-as-is\"", html, StringComparison.Ordinal);
        Assert.Contains("<div id=\"gantt-electrified\"", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("<svg class=\"gantt\"", StringSplitOptions.None).Length - 1);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "plant-electrified.json")));
    }

    [Theory]
    [InlineData("HT-1", "write ID:eta=X")]
    [InlineData("HT-1:eta=high", "'eta=high' is not key=number")]
    [InlineData("HT-1:efficiency=0.6", "unknown key 'efficiency'")]
    [InlineData("HT-1:eta=0.6,eta=0.7", "'eta' is given twice")]
    [InlineData("HT-1:eta=1.5", "HT-1.eta must be in (0, 0.98]")]
    [InlineData("HT-9:eta=0.6", "'HT-9' is not a furnace")]
    public void BadRetrofitIsOneLineNamingTheOption(string retrofit, string expected)
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var outDir = _dir.File("out");

        var result = Forge.Run("whatif", "--plant", plant, "--orders", orders, "--retrofit", retrofit, "--out", outDir);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("--retrofit", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir), "nothing is written on bad input");
    }

    [Fact]
    public void NeitherElectrifyNorRetrofitIsBadInput()
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var result = Forge.Run("whatif", "--plant", plant, "--orders", orders);
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--retrofit", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void RetrofitWritesTheChangeTheSavingAndThePayback()
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var outDir = _dir.File("out");

        var result = Forge.Run("whatif", "--plant", plant, "--orders", orders, "--retrofit", "HT-1:eta=0.65,holding_kw=150",
            "--investment", "50000", "--workers", "1", "--seed", "1", "--deterministic-time", "1", "--out", outDir);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        Assert.Contains("retrofitted", result.Out, StringComparison.Ordinal);
        Assert.Contains("Per 1,000 t forged", result.Out, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "whatif.json")));
        var root = json.RootElement;
        Assert.Equal("retrofitted", root.GetProperty("change").GetString());
        Assert.Empty(root.GetProperty("electrified_furnaces").EnumerateArray());
        var retrofit = Assert.Single(root.GetProperty("retrofits").EnumerateArray());
        Assert.Equal("HT-1", retrofit.GetProperty("id").GetString());
        Assert.Equal(0.65, retrofit.GetProperty("efficiency").GetDouble(), 1e-12);
        Assert.Equal(150, retrofit.GetProperty("holding_kw").GetDouble(), 1e-12);
        var asIs = root.GetProperty("as_is");
        var changed = root.GetProperty("electrified");
        // Both schedules are CP-SAT's, so they may differ; the gas bought per tonne is what the rows show.
        Assert.Equal(asIs.GetProperty("kpis").GetProperty("gas_kwh").GetDouble() / 30, asIs.GetProperty("gas_kwh_per_t").GetDouble(), 1e-9);
        Assert.Equal(changed.GetProperty("kpis").GetProperty("gas_kwh").GetDouble() / 30, changed.GetProperty("gas_kwh_per_t").GetDouble(), 1e-9);
        var saving = root.GetProperty("cost_saving_per_t").GetDouble();
        Assert.Equal(asIs.GetProperty("cost_per_t").GetDouble() - changed.GetProperty("cost_per_t").GetDouble(), saving, 1e-9);
        var payback = root.GetProperty("payback_tonnes");
        if (saving > 1e-9) Assert.Equal(50000 / saving, payback.GetDouble(), 1e-6);
        else Assert.Equal(JsonValueKind.Null, payback.ValueKind);

        var html = File.ReadAllText(Path.Combine(outDir, "whatif.html"));
        Assert.Contains("Furnaces retrofitted", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Furnaces turned electric", html, StringComparison.Ordinal);
        Assert.Contains("<th>retrofitted</th>", html, StringComparison.Ordinal);
    }
}
