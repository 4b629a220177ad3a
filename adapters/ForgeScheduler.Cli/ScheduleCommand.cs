using System.CommandLine;
using System.Diagnostics;
using ForgeScheduler.Formats;
using ForgeScheduler.Reports;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
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
        var method = new Option<string>("--method") { HelpName = "NAME", Description = $"scheduling method: cpsat (optimiser) or baseline (today's practice)", DefaultValueFactory = _ => context.Methods.DefaultMethod };
        var solver = SolverOptions.Create();
        var command = new Command("schedule", "Schedule an order book on a plant with the chosen method and with the baseline, " +
                                              "validate both, write the files and print the KPIs side by side.")
        {
            plant, orders, outDir, method,
        };
        solver.AddTo(command);
        command.SetAction(parse => Run(context,
            parse.GetValue(plant)!, parse.GetValue(orders)!, parse.GetValue(outDir)!, parse.GetValue(method)!, solver.Read(parse)));
        return command;
    }

    private static int Run(CliContext context, string plantPath, string ordersPath, string outDir, string methodName, MethodOptions options)
    {
        var chosen = context.Methods.Find(methodName)
                     ?? throw new ForgeInputException("command line", "--method",
                         $"'{methodName}' is not available in this build (available: {string.Join(", ", context.Methods.Names)})");

        var plant = PlantFile.Load(plantPath);
        var book = OrdersFile.Load(ordersPath, plant);

        var baselineMethod = context.Methods.Baseline;
        var baseline = Solve(context, baselineMethod, plant, book, options);
        var sameMethod = ReferenceEquals(chosen, baselineMethod);
        var progress = new ProgressLog(context.Error, chosen.Name, options.Verbose);
        var result = sameMethod ? baseline : Solve(context, chosen, plant, book, options with { OnProgress = progress.Report });
        foreach (var note in result.Notes) progress.Note(note);
        var schedule = result.Schedule;

        // Nothing is written unless every schedule we show passes the validator.
        var valid = CheckValid(context, plant, book, baseline.Schedule, baselineMethod.Name);
        if (!sameMethod) valid &= CheckValid(context, plant, book, schedule, chosen.Name);
        if (!valid) return ExitCodes.Invalid;

        var baselineKpis = KpiCalculator.Compute(plant, book, baseline.Schedule);
        var kpis = sameMethod ? baselineKpis : KpiCalculator.Compute(plant, book, schedule);
        var limit = EnergyLimitCalculator.Compute(plant, book);
        var blocks = KpiBlocks.Build(baselineMethod.Name, baselineKpis, chosen.Name, kpis, limit,
            result.Stats is { } stats ? SolverBlock.From(stats, result.Notes) : null, baseline.Portfolio);

        var levers = sameMethod ? null : LeverSavings.Compute(plant, book, baseline.Schedule, schedule);
        if (levers is not null) blocks["savings_by_lever"] = KpiBlocks.Levers(levers);
        var page = new GanttPage
        {
            Plant = plant,
            Orders = book,
            Title = $"Plant {plant.Id}: {GanttPage.Label(schedule)} schedule",
            Schedules = sameMethod
                ? [new GanttSchedule("method", GanttPage.Label(schedule), schedule)]
                : [new GanttSchedule("method", GanttPage.Label(schedule), schedule), new GanttSchedule("baseline", GanttPage.Label(baseline.Schedule), baseline.Schedule)],
            Kpis = kpis,
            BaselineKpis = sameMethod ? null : baselineKpis,
            BaselineLabel = GanttPage.Label(baseline.Schedule),
            Limit = limit,
            Levers = levers,
        };
        var files = WriteFiles(outDir, plant, book, schedule, kpis, blocks, page);
        // The baseline column names the dispatch rule that won; every rule's figures are in kpis.json.
        var baselineLabel = GanttPage.Label(baseline.Schedule);
        KpiConsoleTable.Write(context.Out, baselineLabel, baselineKpis, sameMethod ? null : chosen.Name, sameMethod ? null : kpis, limit);
        if (levers is not null) KpiConsoleTable.WriteLevers(context.Out, baselineLabel, levers);
        if (baseline.Portfolio is { } portfolio) WriteRules(context, portfolio);
        foreach (var file in files) context.Out.WriteLine($"wrote {file}");
        return ExitCodes.Ok;
    }

    private static MethodResult Solve(CliContext context, IScheduleMethod method, Plant plant, OrderBook book, MethodOptions options)
    {
        var clock = Stopwatch.StartNew();
        var result = method.Solve(plant, book, options);
        var status = result.Stats is { } s ? $" ({s.Status}{(s.FellBackToBaseline ? ", fell back to the baseline" : "")})" : "";
        context.Out.WriteLine($"{method.Name}: {result.Schedule.Operations.Count} operations for {book.Orders.Count} orders in {clock.Elapsed.TotalSeconds:0.0} s{status}");
        return result;
    }

    /// <summary>One line per dispatch rule: its score on the objective and its headline KPIs.</summary>
    private static void WriteRules(CliContext context, BaselineResult portfolio)
    {
        context.Out.WriteLine("baseline dispatch rules (best by the objective wins):");
        foreach (var r in portfolio.Rules.OrderBy(r => r.Score))
        {
            var mark = r.Rule == portfolio.BestRule ? "*" : " ";
            context.Out.WriteLine(r.Kpis is { } k
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"  {mark} {r.Rule.Name,-20} score {r.Score,12:N0}  {k.EnergyKwhPerT,7:0.0} kWh/t  {k.Co2KgPerT,6:0.0} kg/t  tardiness {k.WeightedTardinessH,6:0.0} h  late {k.LateOrders}")
                : $"  {mark} {r.Rule.Name,-20} {r.Problem}");
        }
    }

    private static bool CheckValid(CliContext context, Plant plant, OrderBook book, Schedule schedule, string name)
    {
        var violations = ScheduleValidator.Validate(plant, book, schedule);
        if (violations.Count == 0) return true;
        context.Error.WriteLine($"forge: the {name} schedule breaks {violations.Count} rule(s); nothing written:");
        foreach (var v in violations) context.Error.WriteLine($"  {v}");
        return false;
    }

    private static List<string> WriteFiles(string outDir, Plant plant, OrderBook book, Schedule schedule, KpiReport kpis,
        Dictionary<string, object> blocks, GanttPage page)
    {
        var schedulePath = Path.Combine(outDir, "schedule.json");
        var csvPath = Path.Combine(outDir, "schedule.csv");
        var kpisPath = Path.Combine(outDir, "kpis.json");
        var ganttPath = Path.Combine(outDir, "gantt.html");
        try
        {
            Directory.CreateDirectory(outDir);
            ScheduleFile.Save(schedulePath, schedule, kpis, plant: plant, orders: book);
            ScheduleCsv.Write(csvPath, schedule);
            JsonFiles.Write(kpisPath, blocks);
            page.Write(ganttPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ForgeInputException(outDir, "--out", $"cannot write: {e.Message}");
        }
        return [schedulePath, csvPath, kpisPath, ganttPath];
    }
}
