using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.WhatIf;

namespace ForgeScheduler.Solver.Tests.WhatIf;

/// <summary>The whole study on SmallPlant with short CP-SAT solves (one worker, a deterministic budget,
/// so the result does not depend on how busy the machine is).</summary>
public class ElectrificationStudyTests
{
    private static readonly CpSatOptions Short = new() { TimeLimitSeconds = 2, Workers = 1, Seed = 1, DeterministicTime = 1 };

    /// <summary>Four orders, normalising and tempering, released together, so both heat-treatment
    /// furnaces (gas HT-1 and electric HT-2) have work.</summary>
    private static OrderBook Book() => TestData.Book(
        TestData.Order("A", massT: 20, recipe: "N1"),
        TestData.Order("B", massT: 15, releaseTempC: null, recipe: "T1"),
        TestData.Order("C", massT: 25, releaseHours: 1, recipe: "N1"),
        TestData.Order("D", massT: 10, releaseHours: 2, releaseTempC: null, recipe: "T1"));

    private static ElectrificationResult Study(double gridFactor) => ElectrificationStudy.Run(
        TestData.SmallPlant(), Book(), new ElectrificationRequest(["HT-1"]) { GridCo2KgPerKwh = [gridFactor] }, Short);

    [Fact]
    public void OnTheNationalGridElectrifyingTheGasHeatTreatmentFurnaceRaisesCo2()
    {
        var result = Study(0.5703);

        Assert.True(result.Co2ChangeKgPerT > 0,
            $"CO2/t as is {result.AsIs.Figures.Co2KgPerT:0.0}, electrified {result.Electrified.Figures.Co2KgPerT:0.0}");
        Assert.True(result.Electrified.Figures.ElectricShare > result.AsIs.Figures.ElectricShare);
        Assert.Equal(0.5703, result.StudyGridFactor, 1e-12);
        // The break-even lies below today's grid, where electric furnaces win.
        Assert.NotNull(result.BreakEvenGridFactor);
        Assert.InRange(result.BreakEvenGridFactor!.Value, 0.0, 0.5703);
        Assert.True(result.CleanerBelowBreakEven);
    }

    [Fact]
    public void OnACleanGridElectrifyingTheGasHeatTreatmentFurnaceNeverRaisesCo2()
    {
        var result = Study(0.1);

        // At 0.1 kg/kWh the optimiser may already put every charge into the electric HT-2 on the
        // plant as it is; then electrifying HT-1 changes nothing. It must never make CO2 worse.
        Assert.True(result.Co2ChangeKgPerT <= 1e-6,
            $"CO2/t as is {result.AsIs.Figures.Co2KgPerT:0.0}, electrified {result.Electrified.Figures.Co2KgPerT:0.0}");
        // With the schedules fixed CO2/t is linear in g: the sweep's points at 0.10 are the study itself.
        var at01 = result.Sweep.Single(p => Math.Abs(p.GridFactor - 0.1) < 1e-9);
        Assert.Equal(result.AsIs.Figures.Co2KgPerT, at01.AsIsCo2KgPerT, 1e-9);
        Assert.Equal(result.Electrified.Figures.Co2KgPerT, at01.ElectrifiedCo2KgPerT, 1e-9);
        Assert.DoesNotContain(result.AsIs.Notes, n => n.Contains("breaks", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Electrified.Notes, n => n.Contains("breaks", StringComparison.Ordinal));
    }

    [Fact]
    public void AsIsScheduleOnTheElectrifiedFurnacesMovesExactlyTheConvertedFurnacesEnergyFromGas()
    {
        // Today's practice (gas before electric) on both plants, so the as-is schedule surely uses HT-1.
        var result = ElectrificationStudy.Run(TestData.SmallPlant(), Book(), new ElectrificationRequest(["HT-1"]),
            (plant, book) => new ScheduledCase(BaselineDispatcher.Dispatch(plant, book), []));
        var asIs = result.AsIs.Kpis;
        var swapped = result.SameScheduleElectrified!;

        Assert.True(asIs.EnergyKwhByResource["HT-1"] > 0, "the baseline should use the gas HT furnace");
        // Every kWh HT-1 drew was gas and is now electric; nothing else changes carrier.
        Assert.Equal(asIs.GasKwh - asIs.EnergyKwhByResource["HT-1"], swapped.GasKwh, 1e-6);
        Assert.Equal(asIs.ElectricKwh + swapped.EnergyKwhByResource["HT-1"], swapped.ElectricKwh, 1e-6);
        // Same template numbers as HT-2, but η 0.5 → 0.85: less energy, more CO2 at 0.5703.
        Assert.True(swapped.EnergyKwhByResource["HT-1"] < asIs.EnergyKwhByResource["HT-1"]);
        Assert.True(swapped.Co2KgPerT > asIs.Co2KgPerT);
    }
}
