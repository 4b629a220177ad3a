using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Physics;

/// <summary>The physics contract of DESIGN.md, in one place. Every KPI and every validator rule uses
/// these functions and nothing else. Units are in the names.</summary>
public static class ThermalPhysics
{
    public const double KjPerKwh = 3600.0;

    // Enthalpy of carbon and low-alloy steel above 20 °C (kJ/kg); the step around 720–770 °C is the
    // α→γ transformation.
    private static readonly (double TempC, double KjPerKg)[] EnthalpyTable =
    [
        (20, 0), (100, 45), (200, 95), (300, 150), (400, 205), (500, 265), (600, 335), (700, 415),
        (750, 490), (800, 530), (900, 580), (1000, 640), (1100, 700), (1200, 760), (1300, 820),
    ];

    /// <summary>h(T) in kJ/kg above 20 °C, piecewise linear; extrapolated with the end slopes.</summary>
    public static double EnthalpyKjPerKg(double tempC)
    {
        var t = EnthalpyTable;
        var i = 1;
        while (i < t.Length - 1 && tempC > t[i].TempC) i++;
        var (t0, h0) = t[i - 1];
        var (t1, h1) = t[i];
        return h0 + (h1 - h0) * (tempC - t0) / (t1 - t0);
    }

    /// <summary>Newton cooling time constant τ = ρc·(d/4)/h_eff, in hours.</summary>
    public static double CoolingTauHours(double diameterMetres, CoolingParameters cooling) =>
        cooling.RhoCMjPerM3K * 1e6 * (diameterMetres / 4.0) / cooling.HEffWPerM2K / 3600.0;

    /// <summary>τ for an order's piece: a good fitted constant for its grade and diameter class when the
    /// plant has one (learnt from the floor, Learning/CoolingFit), else the formula above.</summary>
    public static double CoolingTauHours(Plant plant, Order order) =>
        plant.CoolingFits.FirstOrDefault(f => f.IsGood && f.Covers(order.Grade, order.DiameterMetres))?.TauHours
        ?? CoolingTauHours(order.DiameterMetres, plant.Cooling);

    /// <summary>T(t) = Ta + (T0 − Ta)·exp(−t/τ) outside a furnace.</summary>
    public static double CooledTempC(double startTempC, double ambientC, double minutes, double tauHours)
    {
        if (minutes <= 0) return startTempC;
        return ambientC + (startTempC - ambientC) * Math.Exp(-(minutes / 60.0) / tauHours);
    }

    /// <summary>Heating energy of a piece m·(h(T_target) − h(T_charge))/η, in kWh (never negative).</summary>
    public static double HeatingEnergyKwh(double massTonnes, double targetC, double chargeC, double efficiency)
    {
        var dh = Math.Max(0.0, EnthalpyKjPerKg(targetC) - EnthalpyKjPerKg(chargeC));
        return massTonnes * 1000.0 * dh / efficiency / KjPerKwh;
    }

    /// <summary>Heating time t_soak + t_cold·(h(T_target) − h(T_charge))/(h(T_target) − h(Ta)), hours.</summary>
    public static double HeatingHours(double soakHours, double coldHours, double targetC, double chargeC, double ambientC)
    {
        var full = EnthalpyKjPerKg(targetC) - EnthalpyKjPerKg(ambientC);
        if (full <= 0) return soakHours;
        var fraction = Math.Clamp((EnthalpyKjPerKg(targetC) - EnthalpyKjPerKg(chargeC)) / full, 0.0, 1.0);
        return soakHours + coldHours * fraction;
    }

    /// <summary>Rule of thumb for soaking at forging temperature: half an hour plus an hour per metre
    /// of diameter (heat must reach the core).</summary>
    public static double SoakHours(double diameterMetres) => 0.5 + 1.0 * diameterMetres;

    /// <summary>Rule of thumb for heating up from ambient when the order gives no cold_heating_h:
    /// two hours plus six per metre of diameter (excludes soaking).</summary>
    public static double DefaultColdHeatingHours(double diameterMetres) => 2.0 + 6.0 * diameterMetres;

    public static double ColdHeatingHours(Order order) =>
        order.ColdHeatingHours ?? DefaultColdHeatingHours(order.DiameterMetres);

    /// <summary>Cost of a furnace gap: kept hot (holding power × gap) or let go cold and restarted,
    /// whichever is cheaper.</summary>
    public static IdleChoice IdleCost(double holdingKw, double restartKwh, double gapHours)
    {
        if (gapHours <= 0) return new IdleChoice(0, KeptHot: true);
        var hold = holdingKw * gapHours;
        return hold <= restartKwh ? new IdleChoice(hold, KeptHot: true) : new IdleChoice(restartKwh, KeptHot: false);
    }

    public static bool IsHotCharge(double chargeTempC, double hotChargeMinC) => chargeTempC >= hotChargeMinC;

    public static bool IsHotTransfer(double chargeTempC, double hotTransferMinC, double recipeMaxChargeC) =>
        chargeTempC >= hotTransferMinC && chargeTempC <= recipeMaxChargeC;

    /// <summary>Gas volume for an energy at the plant's lower heating value: kWh·3.6 / LHV.</summary>
    public static double GasNm3(double kwh, double lhvMjPerNm3) => kwh * 3.6 / lhvMjPerNm3;

    public static double GasCo2Kg(double kwh, GasSupply gas) => GasNm3(kwh, gas.LhvMjPerNm3) * gas.Co2KgPerNm3;

    public static double GasCost(double kwh, GasSupply gas) => GasNm3(kwh, gas.LhvMjPerNm3) * gas.PricePerNm3;

    /// <summary>Splits an energy drawn evenly over [start, end) into the plant's local hours and sums
    /// grid factor and tariff per hour: returns (kgCO2, cost).</summary>
    public static (double Co2Kg, double Cost) ElectricCo2AndCost(
        double kwh, DateTimeOffset start, DateTimeOffset end, Plant plant)
    {
        if (kwh == 0) return (0, 0);
        var total = (end - start).TotalMinutes;
        if (total <= 0)
        {
            var h = plant.LocalHour(start);
            return (kwh * plant.Grid.Co2At(h), kwh * plant.Grid.TariffAt(h));
        }
        double co2 = 0, cost = 0;
        var cursor = start;
        while (cursor < end)
        {
            var nextHour = new DateTimeOffset(cursor.Year, cursor.Month, cursor.Day, cursor.Hour, 0, 0, cursor.Offset).AddHours(1);
            var sliceEnd = nextHour < end ? nextHour : end;
            var share = kwh * (sliceEnd - cursor).TotalMinutes / total;
            var hour = plant.LocalHour(cursor);
            co2 += share * plant.Grid.Co2At(hour);
            cost += share * plant.Grid.TariffAt(hour);
            cursor = sliceEnd;
        }
        return (co2, cost);
    }

    /// <summary>CO2 and cost of energy of either carrier drawn evenly over [start, end).</summary>
    public static (double Co2Kg, double Cost) Co2AndCost(
        Carrier carrier, double kwh, DateTimeOffset start, DateTimeOffset end, Plant plant) =>
        carrier == Carrier.Gas
            ? (GasCo2Kg(kwh, plant.Gas), GasCost(kwh, plant.Gas))
            : ElectricCo2AndCost(kwh, start, end, plant);
}

public readonly record struct IdleChoice(double EnergyKwh, bool KeptHot);
