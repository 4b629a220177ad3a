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

    // DESIGN.md's check values of the version 2 cooling law (Ta = 15 °C, ε 0.8, h_c 10, ρc 5.0 MJ/(m³K)),
    // each computed by stepping dT/dt = −(4/d)·h(T)·(T − Ta)/ρc forward second by second:
    // h(700 °C) = 0.8·5.67e-8·(973.15² + 288.15²)·(973.15 + 288.15) + 10 = 68.9 W/(m²K), so a 1 m piece
    // starts cooling at 4·68.9·685/5e6 = 0.0378 K/s and slows as h falls towards 14 W/(m²K) at ambient.
    [Theory]
    [InlineData(1.0, 700, 3, 459)]
    [InlineData(0.7, 850, 8, 252)]
    [InlineData(0.5, 1200, 1, 671)]
    [InlineData(2.0, 900, 12, 380)]
    public void CoolingMatchesTheDesignCheckValues(double diameterM, double startC, double hours, double expectedC)
    {
        var law = ThermalPhysics.YardCooling(15, CoolingParameters.Default);
        Assert.InRange(law.CooledTempC(startC, hours, diameterM), expectedC - 2, expectedC + 2);
    }

    [Fact]
    public void HeatTransferCoefficientIsRadiationPlusConvection()
    {
        // h(700 °C, Ta 15 °C) = 0.8·5.67e-8·(973.15² + 288.15²)·(973.15 + 288.15) + 10
        //                     = 0.8·5.67e-8·1 029 997·1261.3 + 10 = 58.93 + 10 = 68.93 W/(m²K).
        var law = ThermalPhysics.YardCooling(15, CoolingParameters.Default);
        Assert.Equal(68.93, law.HeatTransferWPerM2K(700), 2);
        // At ambient only 4·ε·σ·Ta³ + h_c = 4·0.8·5.67e-8·288.15³ + 10 = 4.34 + 10 = 14.34 W/(m²K) is left.
        Assert.Equal(14.34, law.HeatTransferWPerM2K(15), 2);
    }

    [Fact]
    public void CoolingTimeScalesWithDiameterAndInvertsTheTemperature()
    {
        var law = ThermalPhysics.YardCooling(15, CoolingParameters.Default);
        var oneMetre = law.CoolingHours(700, 459.4, 1.0);
        Assert.Equal(3.0, oneMetre, 1);
        // t = (d/4)·(G(T0) − G(T1)): twice the diameter, twice the time.
        Assert.Equal(2 * oneMetre, law.CoolingHours(700, 459.4, 2.0), 9);
        // Cooling for the time it takes lands on the temperature (within the table's interpolation).
        Assert.Equal(300, law.CooledTempC(800, law.CoolingHours(800, 300, 0.6), 0.6), 1);
        Assert.Equal(0, law.CoolingHours(400, 500, 1.0));
        Assert.Equal(double.PositiveInfinity, law.CoolingHours(400, 15, 1.0));
        Assert.Equal(900, law.CooledTempC(900, 0, 1.0));
    }

    [Fact]
    public void RadiationCoolsFastWhenHotAndSlowlyWhenCool()
    {
        // Version 1's constant h = 80 W/(m²K) took a 0.7 m forging from 850 °C to about 75 °C in 8 h;
        // with radiation and convection it is still at about 250 °C, and a piece cools from 1200 to
        // 1000 °C far faster than from 400 to 200 °C.
        var law = ThermalPhysics.YardCooling(15, CoolingParameters.Default);
        Assert.InRange(law.CooledTempC(850, 8, 0.7), 240, 265);
        Assert.True(law.CoolingHours(1200, 1000, 1.0) * 5 < law.CoolingHours(400, 200, 1.0));
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
        // d = 0.8 m: soak = 0.5 + 0.8 = 1.3 h, t_cold = 10·0.8·√0.8 = 7.1554 h.
        // Charged at 800 °C to 1200 °C: 1.3 + 7.1554·(760 − 530)/(760 − 0) = 1.3 + 2.1655 = 3.4655 h.
        var soak = ThermalPhysics.SoakHours(0.8);
        var cold = ThermalPhysics.DefaultColdHeatingHours(0.8);
        Assert.Equal(7.1554, cold, 4);
        Assert.Equal(3.4655, ThermalPhysics.HeatingHours(soak, cold, 1200, 800, 20), 4);
        // From ambient: 1.3 + 7.1554 = 8.4554 h.
        Assert.Equal(8.4554, ThermalPhysics.HeatingHours(soak, cold, 1200, 20, 20), 4);
    }

    [Fact]
    public void BigAlloyIngotsTakeTensOfHoursFromCold()
    {
        // A 120 t rotor ingot, thermal diameter about 1.6 m: 10·1.6·√1.6 = 20.24 h up, 2.1 h soak.
        var hours = ThermalPhysics.HeatingHours(ThermalPhysics.SoakHours(1.6), ThermalPhysics.DefaultColdHeatingHours(1.6), 1250, 15, 15);
        Assert.InRange(hours, 22.0, 22.6);
        // A 2 m piece: 10·2·√2 + 2.5 = 30.78 h.
        Assert.Equal(30.78, ThermalPhysics.DefaultColdHeatingHours(2.0) + ThermalPhysics.SoakHours(2.0), 2);
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
    public void FurnaceOverheadIsHoldingPlusGapsPlusTheColdStart()
    {
        // 300 kW holding, 3000 kWh restart. Loaded 0–5 h, 7–10 h and 30–31 h:
        // holding (5 + 3 + 1) h·300 = 2700; gap 2 h kept hot = 600; gap 20 h: 6000 > 3000 → restart 3000;
        // cold at plan start: one restart 3000 → 9300 kWh.
        var furnace = TestData.HeatingFurnace("F", holdingKw: 300, restartKwh: 3000);
        (double, double)[] occupied = [(0, 5), (7, 10), (30, 31)];
        Assert.Equal(9300, ThermalPhysics.FurnaceOverheadKwh(furnace, hotAtStart: false, occupied), 6);
        // Hot at plan start and used from 0 h: no cold start → 6300.
        Assert.Equal(6300, ThermalPhysics.FurnaceOverheadKwh(furnace, hotAtStart: true, occupied), 6);
        // Hot at start, first used at 4 h: kept hot 4 h = 1200 < 3000; holding (1 + 3 + 1)·300 = 1500 → 1200 + 1500 + 600 + 3000.
        Assert.Equal(6300, ThermalPhysics.FurnaceOverheadKwh(furnace, true, [(4, 5), (7, 10), (30, 31)]), 6);
        Assert.Equal(0, ThermalPhysics.FurnaceOverheadKwh(furnace, false, []));
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
