using System.CommandLine;
using System.Diagnostics;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Cli;

/// <summary><c>forge schedule</c>: baseline and the chosen method, both validated, written out and compared.</summary>
internal static class ScheduleCommand
{
    public static Command Create(CliContext context)
    {
        var plant = new Option<string>("--plant") { HelpName = "FILE", Description = "plant.json: furnaces, presses, recipes, grid and gas (docs/formats.md)", Required = true };
        var orders = new Option<string>("--orders") { HelpName = "FILE", Description = "orders.json, or a CSV export if the name ends in .csv", Required = true };
        var outDir = new Option<string>("--out") { HelpName = "DIR", Description = "directory to write schedule.json, schedule.csv, kpis.json and gantt.html into", DefaultValueFactory = _ => "out" };
        var method = new Option<string>("--method") { HelpName = "NAME", Description = "scheduling method: baseline (today's practice) or cpsat (optimiser)", DefaultValueFactory = _ => ScheduleMethods.DefaultMethod };
        var timeLimit = new Option<double>("--time-limit") { HelpName = "SECONDS", Description = "solver time limit in seconds", DefaultValueFactory = _ => 60.0 };
        var workers = new Option<int>("--workers") { HelpName = "N", Description = "solver worker threads (1 with a seed is deterministic)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<int>("--seed") { HelpName = "N", Description = "solver random seed", DefaultValueFactory = _ => 1 };
        var command = new Command("schedule", "Schedule an order book on a plant with the chosen method and with the baseline, " +
                                              "validate both, write the files and print the KPIs side by side.")
        {
            plant, orders, outDir, method, timeLimit, workers, seed,
        };
        command.SetAction(parse => Run(context,
            parse.GetValue(plant)!, parse.GetValue(orders)!, parse.GetValue(outDir)!, parse.GetValue(method)!,
            new MethodOptions(parse.GetValue(timeLimit), parse.GetValue(workers), parse.GetValue(seed))));
        return command;
    }

    private static int Run(CliContext context, string plantPath, string ordersPath, string outDir, string methodName, MethodOptions options)
    {
        var chosen = context.Methods.Find(methodName)
                     ?? throw new ForgeInputException("command line", "--method",
                         $"'{methodName}' is not available in this build (available: {string.Join(", ", context.Methods.Names)})");
        if (options.TimeLimitSeconds <= 0) throw new ForgeInputException("command line", "--time-limit", "must be positive");
        if (options.Workers < 1) throw new ForgeInputException("command line", "--workers", "must be at least 1");

        var plant = PlantFile.Load(plantPath);
        var book = OrdersFile.Load(ordersPath, plant);

        var baselineMethod = context.Methods.Baseline;
        var baseline = Solve(context, baselineMethod, plant, book, options);
        var sameMethod = ReferenceEquals(chosen, baselineMethod);
        var schedule = sameMethod ? baseline : Solve(context, chosen, plant, book, options);

        // Nothing is written unless every schedule we show passes the validator.
        var valid = CheckValid(context, plant, book, baseline, baselineMethod.Name);
        if (!sameMethod) valid &= CheckValid(context, plant, book, schedule, chosen.Name);
        if (!valid) return ExitCodes.Invalid;

        var baselineKpis = KpiCalculator.Compute(plant, book, baseline);
        var kpis = sameMethod ? baselineKpis : KpiCalculator.Compute(plant, book, schedule);

        var files = WriteFiles(outDir, plant, book, chosen.Name, schedule, kpis,
            sameMethod ? null : baseline, sameMethod ? null : baselineKpis, baselineMethod.Name);
        KpiConsoleTable.Write(context.Out, baselineMethod.Name, baselineKpis, sameMethod ? null : chosen.Name, sameMethod ? null : kpis);
        foreach (var file in files) context.Out.WriteLine($"wrote {file}");
        return ExitCodes.Ok;
    }

    private static Schedule Solve(CliContext context, IScheduleMethod method, Plant plant, OrderBook book, MethodOptions options)
    {
        var clock = Stopwatch.StartNew();
        var schedule = method.Solve(plant, book, options);
        context.Out.WriteLine($"{method.Name}: {schedule.Operations.Count} operations for {book.Orders.Count} orders in {clock.Elapsed.TotalSeconds:0.0} s");
        return schedule;
    }

    private static bool CheckValid(CliContext context, Plant plant, OrderBook book, Schedule schedule, string name)
    {
        var violations = ScheduleValidator.Validate(plant, book, schedule);
        if (violations.Count == 0) return true;
        context.Error.WriteLine($"forge: the {name} schedule breaks {violations.Count} rule(s); nothing written:");
        foreach (var v in violations) context.Error.WriteLine($"  {v}");
        return false;
    }

    private static List<string> WriteFiles(string outDir, Plant plant, OrderBook book, string method, Schedule schedule, KpiReport kpis,
        Schedule? baseline, KpiReport? baselineKpis, string baselineName)
    {
        var schedulePath = Path.Combine(outDir, "schedule.json");
        var csvPath = Path.Combine(outDir, "schedule.csv");
        var kpisPath = Path.Combine(outDir, "kpis.json");
        var ganttPath = Path.Combine(outDir, "gantt.html");
        var kpiBlocks = new Dictionary<string, KpiReport> { [baselineName] = baselineKpis ?? kpis };
        kpiBlocks[method] = kpis;
        try
        {
            Directory.CreateDirectory(outDir);
            ScheduleFile.Save(schedulePath, schedule, kpis);
            ScheduleCsv.Write(csvPath, schedule);
            JsonFiles.Write(kpisPath, kpiBlocks);
            GanttHtml.Write(ganttPath, plant, book, schedule, kpis, baseline, baselineKpis);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ForgeInputException(outDir, "--out", $"cannot write: {e.Message}");
        }
        return [schedulePath, csvPath, kpisPath, ganttPath];
    }
}
