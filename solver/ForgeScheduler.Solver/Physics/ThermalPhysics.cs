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

    /// <summary>The yard cooling law of a plant's parameters at its ambient (cached, Physics/CoolingLaw).</summary>
    public static CoolingLaw YardCooling(double ambientC, CoolingParameters cooling) => CoolingLaw.For(ambientC, cooling);

    /// <summary>Cooling parameters for an order's piece: a good fit for its grade and diameter class
    /// when the plant has one (learnt from the floor, Learning/CoolingFit), else the plant's.</summary>
    public static CoolingParameters CoolingFor(Plant plant, Order order) =>
        plant.CoolingFits.FirstOrDefault(f => f.IsGood && f.Covers(order.Grade, order.DiameterMetres))?.Parameters(plant.Cooling)
        ?? plant.Cooling;

    /// <summary>Temperature of an order's piece after <paramref name="minutes"/> in the yard from
    /// <paramref name="startTempC"/> (radiation + convection, DESIGN.md).</summary>
    public static double CooledTempC(Plant plant, Order order, double startTempC, double minutes) =>
        minutes <= 0 ? startTempC
            : YardCooling(plant.AmbientC, CoolingFor(plant, order)).CooledTempC(startTempC, minutes / 60.0, order.DiameterMetres);

    /// <summary>Minutes an order's piece needs in the yard to cool from <paramref name="fromC"/> to
    /// <paramref name="toC"/> (not rounded): 0 if already there, infinity at or below ambient.</summary>
    public static double CoolingMinutes(Plant plant, Order order, double fromC, double toC) =>
        60.0 * YardCooling(plant.AmbientC, CoolingFor(plant, order)).CoolingHours(fromC, toC, order.DiameterMetres);

    /// <summary>As <see cref="CoolingMinutes(Plant, Order, double, double)"/> for a bare diameter with the
    /// plant's own parameters (no fits): what a generator or a report uses before there is an order.</summary>
    public static double CoolingMinutes(Plant plant, double diameterMetres, double fromC, double toC) =>
        60.0 * YardCooling(plant.AmbientC, plant.Cooling).CoolingHours(fromC, toC, diameterMetres);

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

    /// <summary>Coefficient of the heat-up rule of thumb, h per m^1.5 (datasets/README.md: the large-ingot
    /// formula τ = a·D·√D of the forging handbooks, a ≈ 10 for carbon and low-alloy steel).</summary>
    public const double ColdHeatingHoursPerM1p5 = 10.0;

    /// <summary>Rule of thumb for heating up from ambient when the order gives no cold_heating_h:
    /// a·d·√d hours, a = 10 (excludes soaking). Heat must reach the core, so time grows faster than
    /// the diameter: 0.5 m → 3.5 h, 1 m → 10 h, 1.6 m (a 120 t rotor ingot) → 20 h, 2 m → 28 h.</summary>
    public static double DefaultColdHeatingHours(double diameterMetres) =>
        ColdHeatingHoursPerM1p5 * diameterMetres * Math.Sqrt(Math.Max(0, diameterMetres));

    public static double ColdHeatingHours(Order order) =>
        order.ColdHeatingHours ?? DefaultColdHeatingHours(order.DiameterMetres);

    /// <summary>Wall and opening losses of a hot furnace (loaded or empty) over some hours, kWh.</summary>
    public static double HoldingKwh(Furnace furnace, double hours) => furnace.HoldingKw * Math.Max(0, hours);

    /// <summary>Cost of a furnace gap between two occupied periods: kept hot (holding power × gap) or
    /// let go cold and restarted, whichever is cheaper.</summary>
    public static IdleChoice IdleCost(double holdingKw, double restartKwh, double gapHours)
    {
        if (gapHours <= 0) return new IdleChoice(0, KeptHot: true);
        var hold = holdingKw * gapHours;
        return hold <= restartKwh ? new IdleChoice(hold, KeptHot: true) : new IdleChoice(restartKwh, KeptHot: false);
    }

    /// <summary>Furnace energy v2 besides steel heat, for a furnace whose occupied periods are the
    /// disjoint, sorted <paramref name="occupiedHours"/> (hours from plan start): holding power over
    /// every loaded hour, the gap rule between periods, and before the first period a cold start —
    /// or, for a furnace hot at plan start, the gap rule from the plan start (kept hot, or let go cold
    /// and restarted). Nothing after the last period; an unused furnace costs nothing.
    /// Evaluation/FurnaceEnergy applies the same rule to a schedule, gap by gap.</summary>
    public static double FurnaceOverheadKwh(Furnace furnace, bool hotAtStart, IReadOnlyList<(double FromH, double ToH)> occupiedHours)
    {
        if (occupiedHours.Count == 0) return 0;
        var kwh = hotAtStart ? IdleCost(furnace.HoldingKw, furnace.RestartKwh, occupiedHours[0].FromH).EnergyKwh : furnace.RestartKwh;
        for (var i = 0; i < occupiedHours.Count; i++)
        {
            kwh += HoldingKwh(furnace, occupiedHours[i].ToH - occupiedHours[i].FromH);
            if (i > 0) kwh += IdleCost(furnace.HoldingKw, furnace.RestartKwh, occupiedHours[i].FromH - occupiedHours[i - 1].ToH).EnergyKwh;
        }
        return kwh;
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
