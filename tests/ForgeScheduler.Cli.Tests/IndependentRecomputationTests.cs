using System.Text.Json;

namespace ForgeScheduler.Cli.Tests;

/// <summary>The reference day's energy and CO2 as kpis.json reports them agree within 0.5 % with
/// a recomputation from DESIGN.md alone (<see cref="IndependentRecomputation"/>), for the baseline
/// (the best dispatch rule) and for the optimised schedule.</summary>
public sealed class IndependentRecomputationTests : IDisposable
{
    private const double Tolerance = 0.005;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string Orders = RepositoryFiles.Path("datasets", "reference", "orders-day.json");

    [Theory]
    [InlineData("baseline")]
    [InlineData("cpsat")]
    public void ReferenceDayEnergyAndCo2MatchARecomputationFromTheDesign(string method)
    {
        var outDir = _dir.File(method);
        // One worker and a deterministic budget: the same schedule every run.
        var result = Forge.Run("schedule", "--plant", RepositoryFiles.ReferencePlant, "--orders", Orders, "--method", method,
            "--workers", "1", "--deterministic-time", "4", "--time-limit", "60", "--out", outDir);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);

        using var kpis = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "kpis.json")));
        var block = kpis.RootElement.GetProperty(method);
        var recomputed = new IndependentRecomputation(File.ReadAllText(RepositoryFiles.ReferencePlant), File.ReadAllText(Orders))
            .Compute(File.ReadAllText(Path.Combine(outDir, "schedule.json")));

        var energy = block.GetProperty("energy_kwh").GetDouble();
        var co2 = block.GetProperty("co2_kg").GetDouble();
        Assert.True(Math.Abs(recomputed.EnergyKwh - energy) <= Tolerance * energy,
            $"{method}: kpis.json {IndependentRecomputation.Format(energy)} kWh, recomputed {IndependentRecomputation.Format(recomputed.EnergyKwh)} kWh");
        Assert.True(Math.Abs(recomputed.Co2Kg - co2) <= Tolerance * co2,
            $"{method}: kpis.json {IndependentRecomputation.Format(co2)} kg, recomputed {IndependentRecomputation.Format(recomputed.Co2Kg)} kg");
    }
}
