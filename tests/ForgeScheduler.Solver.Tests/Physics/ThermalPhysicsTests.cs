using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Tests.Physics;

public sealed class ThermalPhysicsTests
{
    [Theory]
    // Table points are returned exactly.
    [InlineData(20, 0)]
    [InlineData(750, 490)]
    [InlineData(1200, 760)]
    // 1150 °C: halfway between 1100:700 and 1200:760 → 730.
    [InlineData(1150, 730)]
    // 725 °C: a half of the 700:415 → 750:490 segment → 415 + 0.5·75 = 452.5 (the transformation step).
    [InlineData(725, 452.5)]
    public void EnthalpyInterpolatesTheContractTable(double tempC, double expectedKjPerKg) =>
        Assert.Equal(expectedKjPerKg, ThermalPhysics.EnthalpyKjPerKg(tempC), 6);

    [Fact]
    public void CoolingTimeConstantIsAboutFourPointThreeHoursPerMetre()
    {
        // τ = ρc·(d/4)/h = 5e6 J/(m³K) · 0.25 m / 80 W/(m²K) = 15 625 s = 4.3403 h for d = 1 m.
        Assert.Equal(4.3403, ThermalPhysics.CoolingTauHours(1.0, CoolingParameters.Default), 4);
        Assert.Equal(2 * 4.3403, ThermalPhysics.CoolingTauHours(2.0, CoolingParameters.Default), 3);
    }

    [Fact]
    public void IngotCoolsToAmbientPlusOneOverEAfterOneTimeConstant()
    {
        // T(τ) = 20 + (900 − 20)·e⁻¹ = 20 + 880·0.367879 = 343.73 °C.
        var tau = ThermalPhysics.CoolingTauHours(1.0, CoolingParameters.Default);
        Assert.Equal(343.73, ThermalPhysics.CooledTempC(900, 20, tau * 60, tau), 2);
        Assert.Equal(900, ThermalPhysics.CooledTempC(900, 20, 0, tau));
    }

    [Fact]
    public void HotChargedPieceNeedsLessEnergyThanColdOne()
    {
        // Cold: 10 t · 1000 kg/t · (760 − 0) kJ/kg / 0.5 / 3600 kJ/kWh = 4222.22 kWh.
        Assert.Equal(4222.22, ThermalPhysics.HeatingEnergyKwh(10, 1200, 20, 0.5), 2);
        // Hot at 800 °C: 10 000 · (760 − 530) / 0.5 / 3600 = 1277.78 kWh.
        Assert.Equal(1277.78, ThermalPhysics.HeatingEnergyKwh(10, 1200, 800, 0.5), 2);
        // Hotter than the target needs nothing, never negative.
        Assert.Equal(0, ThermalPhysics.HeatingEnergyKwh(10, 1200, 1250, 0.5));
    }

    [Fact]
    public void HotChargingShortensHeatingTime()
    {
        // d = 0.8 m: soak = 0.5 + 0.8 = 1.3 h, t_cold = 2 + 6·0.8 = 6.8 h.
        // Charged at 800 °C to 1200 °C: 1.3 + 6.8·(760 − 530)/(760 − 0) = 1.3 + 2.0579 = 3.3579 h.
        var soak = ThermalPhysics.SoakHours(0.8);
        var cold = ThermalPhysics.DefaultColdHeatingHours(0.8);
        Assert.Equal(3.3579, ThermalPhysics.HeatingHours(soak, cold, 1200, 800, 20), 4);
        // From ambient: 1.3 + 6.8 = 8.1 h.
        Assert.Equal(8.1, ThermalPhysics.HeatingHours(soak, cold, 1200, 20, 20), 6);
    }

    [Fact]
    public void IdleFurnaceTakesTheCheaperOfHoldingAndRestart()
    {
        // 300 kW · 5 h = 1500 kWh < 3000 kWh restart → kept hot.
        Assert.Equal(new IdleChoice(1500, true), ThermalPhysics.IdleCost(300, 3000, 5));
        // 300 kW · 12 h = 3600 kWh > 3000 kWh → let go cold, pay the restart.
        Assert.Equal(new IdleChoice(3000, false), ThermalPhysics.IdleCost(300, 3000, 12));
    }

    [Fact]
    public void GasEnergyConvertsToNormalCubicMetresAndCo2()
    {
        // 1000 kWh · 3.6 MJ/kWh / 38.931 MJ/Nm³ = 92.471 Nm³; · 2.1622 kg/Nm³ = 199.94 kg.
        Assert.Equal(92.471, ThermalPhysics.GasNm3(1000, 38.931), 3);
        Assert.Equal(199.94, ThermalPhysics.GasCo2Kg(1000, GasSupply.Default), 2);
    }

    [Theory]
    [InlineData(400, true)]
    [InlineData(399.9, false)]
    public void HotChargeStartsAtTheThreshold(double chargeC, bool hot) =>
        Assert.Equal(hot, ThermalPhysics.IsHotCharge(chargeC, 400));

    [Theory]
    [InlineData(350, true)]
    [InlineData(250, false)]
    [InlineData(500, false)]
    public void HotTransferIsBetweenMinimumAndRecipeLimit(double chargeC, bool hot) =>
        Assert.Equal(hot, ThermalPhysics.IsHotTransfer(chargeC, 300, 450));

    [Fact]
    public void ElectricCo2AndCostFollowTheHourOfDay()
    {
        // 100 kWh evenly over 11:30–12:30 local: 50 kWh at hour 11 (0.2 kg/kWh, 0.5/kWh) and 50 kWh at
        // hour 12 (0.4 kg/kWh, 1.0/kWh) → 10 + 20 = 30 kg, 25 + 50 = 75 cost.
        var co2 = Enumerable.Repeat(0.6, 24).ToArray();
        var tariff = Enumerable.Repeat(0.7, 24).ToArray();
        co2[11] = 0.2; co2[12] = 0.4; tariff[11] = 0.5; tariff[12] = 1.0;
        var plant = TestData.SmallPlant() with { Grid = new GridProfile(co2, tariff) };
        var start = new DateTimeOffset(2026, 11, 26, 11, 30, 0, TimeSpan.FromHours(8));
        var (kg, cost) = ThermalPhysics.ElectricCo2AndCost(100, start, start.AddHours(1), plant);
        Assert.Equal(30, kg, 6);
        Assert.Equal(75, cost, 6);
    }

    [Fact]
    public void LocalHourUsesThePlantTimeZone()
    {
        // 03:30 UTC is 11:30 in Asia/Shanghai (UTC+8).
        var utc = new DateTimeOffset(2026, 11, 26, 3, 30, 0, TimeSpan.Zero);
        Assert.Equal(11, PlantClock.LocalHour("Asia/Shanghai", utc));
    }
}
