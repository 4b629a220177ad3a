using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Tests;

/// <summary>Small plants and orders built in code, so each test states exactly what it depends on.</summary>
public static class TestData
{
    public static readonly DateTimeOffset PlanStart = new(2026, 11, 26, 6, 0, 0, TimeSpan.FromHours(8));

    public static GridProfile FlatGrid(double co2 = 0.5703, double tariff = 0.7) =>
        new(Enumerable.Repeat(co2, 24).ToList(), Enumerable.Repeat(tariff, 24).ToList());

    public static Furnace HeatingFurnace(string id, Carrier carrier = Carrier.Gas, double capacityT = 100, int pieces = 4,
        double efficiency = 0.5, double holdingKw = 300, double restartKwh = 3000, double maxPowerKw = 0) =>
        new(id, FurnaceKind.Heating, carrier, capacityT, pieces, efficiency, holdingKw, restartKwh,
            carrier == Carrier.Electric && maxPowerKw == 0 ? 3000 : maxPowerKw, 1300, []);

    public static Furnace HeatTreatmentFurnace(string id, IReadOnlyList<string> recipes, Carrier carrier = Carrier.Gas,
        double capacityT = 100, int pieces = 6, double efficiency = 0.5, double holdingKw = 200, double restartKwh = 2000) =>
        new(id, FurnaceKind.HeatTreatment, carrier, capacityT, pieces, efficiency, holdingKw, restartKwh,
            carrier == Carrier.Electric ? 3000 : 0, 1100, recipes);

    public static Plant SmallPlant(IReadOnlyList<Downtime>? downtime = null, double powerCapKw = 10000) => new(
        "small",
        "Asia/Shanghai",
        20.0,
        powerCapKw,
        FlatGrid(),
        GasSupply.Default,
        400,
        300,
        CoolingParameters.Default,
        [HeatingFurnace("HF-1"), HeatingFurnace("HF-2", Carrier.Electric, efficiency: 0.85)],
        [HeatTreatmentFurnace("HT-1", ["N1", "T1"]), HeatTreatmentFurnace("HT-2", ["N1", "T1"], Carrier.Electric, efficiency: 0.85)],
        [new Press("P-40", 40, 30, 8, 150), new Press("P-80", 80, 120, 10, 300)],
        [new Recipe("N1", 880, 8, 550, "normalise"), new Recipe("T1", 620, 10, 450, "temper")],
        10,
        downtime ?? []);

    public static Order Order(string id, double massT = 20, double? releaseTempC = 800, double releaseHours = 0,
        double dueHours = 48, int heats = 1, string recipe = "N1", double diameterM = 0.8, double minForceMn = 30,
        double weight = 1) => new(
        id, "shaft", "42CrMo4", massT, diameterM,
        PlanStart.AddHours(releaseHours), releaseTempC, PlanStart.AddHours(dueHours), weight,
        Enumerable.Range(0, heats).Select(_ => new ForgingHeat(1200, 40, minForceMn, 850)).ToList(),
        recipe, null);

    public static OrderBook Book(params Order[] orders) => new("small", PlanStart, orders);
}
