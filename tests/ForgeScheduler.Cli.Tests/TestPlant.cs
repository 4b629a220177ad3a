using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Cli.Tests;

/// <summary>A small plant (2 heating furnaces, 2 presses, 2 heat-treatment furnaces), two orders and a
/// schedule for them worked out by hand from the physics, so the tests need no scheduler.</summary>
public static class TestPlant
{
    public static readonly DateTimeOffset PlanStart = new(2026, 11, 26, 6, 0, 0, TimeSpan.FromHours(8));

    public static Plant Plant(IReadOnlyList<Downtime>? downtime = null) => new(
        "small",
        "Asia/Shanghai",
        20.0,
        10000,
        new GridProfile(Enumerable.Repeat(0.5703, 24).ToList(), Enumerable.Repeat(0.7, 24).ToList()),
        GasSupply.Default,
        400,
        300,
        CoolingParameters.Default,
        [Furnace("HF-1", FurnaceKind.Heating, Carrier.Gas, 0.5, []), Furnace("HF-2", FurnaceKind.Heating, Carrier.Electric, 0.85, [])],
        [Furnace("HT-1", FurnaceKind.HeatTreatment, Carrier.Gas, 0.5, ["N1", "T1"]), Furnace("HT-2", FurnaceKind.HeatTreatment, Carrier.Electric, 0.85, ["N1", "T1"])],
        [new Press("P-40", 40, 30, 8, 150), new Press("P-80", 80, 120, 10, 300)],
        [new Recipe("N1", 880, 8, 550, "normalise"), new Recipe("T1", 620, 10, 450, "temper")],
        10,
        downtime ?? [])
    { ShiftHours = 8 };

    public const int ResourceCount = 6;

    private static Furnace Furnace(string id, FurnaceKind kind, Carrier carrier, double efficiency, IReadOnlyList<string> recipes) =>
        new(id, kind, carrier, 100, kind == FurnaceKind.Heating ? 4 : 6, efficiency, 300, 3000,
            carrier == Carrier.Electric ? 3000 : 0, kind == FurnaceKind.Heating ? 1300 : 1100, recipes);

    /// <summary>O1: a hot ingot (800 °C) of 20 t; O2: 10 t of cold stock whose product name needs escaping in HTML.</summary>
    public static OrderBook Orders(double o2DueHours = 48) => new("small", PlanStart,
    [
        new Order("O1", "shaft", "42CrMo4", 20, 0.8, PlanStart, 800, PlanStart.AddHours(48), 1,
            [new ForgingHeat(1200, 40, 30, 850)], "N1", null),
        new Order("O2", "ring <b>&\"x\"", "34CrNiMo6", 10, 0.6, PlanStart, null, PlanStart.AddHours(o2DueHours), 2,
            [new ForgingHeat(1200, 30, 30, 850)], "N1", null),
    ]);

    /// <summary>Both orders heated in HF-1 from release, forged straight away (O1 on P-80, O2 on P-40),
    /// cooled in the yard below N1's 550 °C limit and normalised together in one HT-1 charge.</summary>
    public static Schedule Schedule(Plant plant, OrderBook book, string method = "hand")
    {
        var ops = new List<ScheduledOperation>();
        var ready = new List<DateTimeOffset>();
        foreach (var (order, press) in new[] { (book.Orders[0], "P-80"), (book.Orders[1], "P-40") })
        {
            var heat = order.Heats[0];
            var heatMinutes = Math.Ceiling(ScheduleEvaluator.HeatingMinutes(plant, order, heat.ForgeTempC, order.StartTempC(plant.AmbientC))) + 1;
            var heatEnd = order.Release.AddMinutes(heatMinutes);
            var forgeEnd = heatEnd.AddMinutes(heat.PressMinutes);
            ops.Add(Op(order.Id, 1, OperationKind.Heat, "HF-1", "HF-1-" + order.Id, order.Release, heatEnd));
            ops.Add(Op(order.Id, 2, OperationKind.Forge, press, press + "-" + order.Id, heatEnd, forgeEnd));
            // Yard cooling from the finish temperature down to 540 °C, ten degrees under the recipe's limit.
            ready.Add(forgeEnd.AddMinutes(Math.Ceiling(ThermalPhysics.CoolingMinutes(plant, order, heat.FinishTempC, 540)) + 1));
        }
        var htStart = ready.Max();
        var htEnd = htStart.AddHours(8);
        foreach (var order in book.Orders) ops.Add(Op(order.Id, 3, OperationKind.HeatTreat, "HT-1", "HT-1-c1", htStart, htEnd));

        // Claim what physics says, as a scheduler would.
        var evaluated = ScheduleEvaluator.Evaluate(plant, book, new Schedule(plant.Id, method, ops));
        var claimed = evaluated.Operations.Select(e => e.Operation with { ChargeTempC = e.ChargeTempC, EnergyKwh = e.EnergyKwh, Carrier = e.Carrier }).ToList();
        return new Schedule(plant.Id, method, claimed);
    }

    private static ScheduledOperation Op(string order, int step, OperationKind kind, string resource, string charge, DateTimeOffset start, DateTimeOffset end) =>
        new(order, step, kind, resource, charge, start, end, double.NaN, 0, null);

    /// <summary>A KPI report with made-up but distinct numbers, for rendering tests.</summary>
    public static KpiReport Kpis(double scale = 1) => new()
    {
        Tonnes = 30,
        EnergyKwh = 12000 * scale,
        EnergyKwhPerT = 400 * scale,
        Co2Kg = 3000 * scale,
        Co2KgPerT = 100 * scale,
        HotChargeRatio = 0.667,
        HotTransferRatio = 0.5 * scale,
        ElectricShare = 0.1,
        FurnaceHotIdleH = 2 * scale,
        PressIdleH = 1,
        WeightedTardinessH = 0,
        LateOrders = 0,
        MakespanH = 20 * scale,
        EnergyCost = 5000 * scale,
        GasKwh = 10000 * scale,
        ElectricKwh = 2000 * scale,
        GasNm3 = 924.8 * scale,
        EnergyKwhByCarrier = new Dictionary<string, double> { ["gas"] = 10000 * scale, ["electric"] = 2000 * scale },
        EnergyKwhByResource = new Dictionary<string, double> { ["HF-1"] = 8000 * scale },
        Utilisation = new Dictionary<string, double> { ["HF-1"] = 0.4 },
        PeakElectricKw = 500,
        FurnaceIdleKwh = 900 * scale,
        PressIdleKwh = 200,
        Co2KgByCarrier = new Dictionary<string, double> { ["gas"] = 1900 * scale, ["electric"] = 1100 * scale },
    };

    /// <summary>Writes plant.json and orders.json into <paramref name="dir"/>; returns their paths.</summary>
    public static (string Plant, string Orders) WriteFiles(string dir, Plant? plant = null, OrderBook? book = null)
    {
        var plantPath = Path.Combine(dir, "plant.json");
        var ordersPath = Path.Combine(dir, "orders.json");
        JsonFiles.Write(plantPath, PlantFile.ToDocument(plant ?? Plant()));
        OrdersFile.Save(ordersPath, book ?? Orders());
        return (plantPath, ordersPath);
    }
}

/// <summary>A directory under /tmp that disappears after the test.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "forge-cli-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* leave it to the OS; never fail a test on cleanup */ }
    }
}

/// <summary>Runs the forge program in-process with captured output.</summary>
public static class Forge
{
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static Result Run(params string[] args) => RunWith(null, args);

    public static Result RunWith(ScheduleMethods? methods, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = ForgeCli.Run(args, stdout, stderr, methods);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
