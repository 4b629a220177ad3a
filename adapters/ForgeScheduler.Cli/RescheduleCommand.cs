using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using ForgeScheduler.Formats;
using ForgeScheduler.Reports;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Rescheduling;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Cli;

/// <summary><c>forge reschedule</c>: answer shop-floor events with a new schedule version and a diff
/// (docs/rescheduling.md).</summary>
internal static partial class RescheduleCommand
{
    public static Command Create(CliContext context)
    {
        var plant = new Option<string>("--plant") { HelpName = "FILE", Description = "plant.json (docs/formats.md)", Required = true };
        var orders = new Option<string>("--orders") { HelpName = "FILE", Description = "orders.json, or a CSV export if the name ends in .csv", Required = true };
        var schedule = new Option<string>("--schedule") { HelpName = "FILE", Description = "the current schedule.json", Required = true };
        var events = new Option<string>("--events") { HelpName = "FILE", Description = "events.json: what happened on the floor (docs/formats.md)", Required = true };
        var now = new Option<string>("--now") { HelpName = "TIME", Description = "the moment of the reschedule, with UTC offset (e.g. 2026-11-26T10:30:00+08:00)", Required = true };
        var outDir = new Option<string>("--out") { HelpName = "DIR", Description = "directory to write schedule.json, kpis.json, diff.json and gantt.html into", Required = true };
        var freeze = new Option<double>("--freeze-min") { HelpName = "MINUTES", Description = "operations starting within this many minutes stay as planned", DefaultValueFactory = _ => 60.0 };
        var timeLimit = new Option<double>("--time-limit") { HelpName = "SECONDS", Description = "solver time limit in seconds", DefaultValueFactory = _ => 10.0 };
        var workers = new Option<int>("--workers") { HelpName = "N", Description = "solver worker threads (1 with a seed is deterministic)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<int>("--seed") { HelpName = "N", Description = "solver random seed", DefaultValueFactory = _ => 1 };
        var defaults = new RescheduleOptions();
        var perMinute = new Option<double>("--stability-kg-per-min") { HelpName = "KG", Description = "stability penalty: kg CO2-equivalent per minute an operation's start moves", DefaultValueFactory = _ => defaults.StabilityKgPerMinuteMoved };
        var perMove = new Option<double>("--stability-kg-per-reassignment") { HelpName = "KG", Description = "stability penalty: kg CO2-equivalent per operation put on another resource", DefaultValueFactory = _ => defaults.StabilityKgPerReassignment };
        var command = new Command("reschedule", "Apply shop-floor events to the current schedule: keep what has started or starts in the " +
                                                "freeze window, repair what the events touch, let CP-SAT improve around it, write the new version and a diff.")
        {
            plant, orders, schedule, events, now, outDir, freeze, timeLimit, workers, seed, perMinute, perMove,
        };
        command.SetAction(parse => Run(context, new Paths(parse.GetValue(plant)!, parse.GetValue(orders)!, parse.GetValue(schedule)!,
                parse.GetValue(events)!, parse.GetValue(outDir)!),
            ParseNow(parse.GetValue(now)!), parse.GetValue(freeze), new MethodOptions(parse.GetValue(timeLimit), parse.GetValue(workers), parse.GetValue(seed)),
            new StabilityPenalty(parse.GetValue(perMinute), parse.GetValue(perMove))));
        return command;
    }

    private sealed record Paths(string Plant, string Orders, string Schedule, string Events, string Out);

    private static int Run(CliContext context, Paths paths, DateTimeOffset now, double freezeMinutes, MethodOptions solver, StabilityPenalty stability)
    {
        if (freezeMinutes < 0) throw new ForgeInputException("command line", "--freeze-min", "must not be negative");
        if (!double.IsFinite(stability.KgPerMinuteMoved) || stability.KgPerMinuteMoved < 0)
            throw new ForgeInputException("command line", "--stability-kg-per-min", "must be a non-negative number");
        if (!double.IsFinite(stability.KgPerReassignment) || stability.KgPerReassignment < 0)
            throw new ForgeInputException("command line", "--stability-kg-per-reassignment", "must be a non-negative number");
        if (solver.TimeLimitSeconds <= 0) throw new ForgeInputException("command line", "--time-limit", "must be positive");
        if (solver.Workers < 1) throw new ForgeInputException("command line", "--workers", "must be at least 1");

        var plant = PlantFile.Load(paths.Plant);
        var book = OrdersFile.Load(paths.Orders, plant);
        var scheduleText = JsonFiles.ReadText(paths.Schedule);
        var current = ScheduleFile.Parse(scheduleText, paths.Schedule);
        if (current.Plant != plant.Id)
            throw new ForgeInputException(paths.Schedule, "plant", $"the schedule is for plant '{current.Plant}', the plant file is '{plant.Id}'");
        // A schedule written without a version is the first one.
        var version = JsonFiles.Deserialize<ScheduleDocument>(scheduleText, paths.Schedule).Version ?? 1;
        var events = EventsFile.Load(paths.Events);
        EventsFile.Check(events, plant, book, current, paths.Events);

        var options = new RescheduleOptions
        {
            FreezeMinutes = freezeMinutes,
            CurrentVersion = version,
            StabilityKgPerMinuteMoved = stability.KgPerMinuteMoved,
            StabilityKgPerReassignment = stability.KgPerReassignment,
            Solver = new CpSatOptions { TimeLimitSeconds = solver.TimeLimitSeconds, Workers = solver.Workers, Seed = solver.Seed },
        };
        var result = Rescheduler.Reschedule(plant, book, current, events, now, options);
        foreach (var note in result.Notes) context.Out.WriteLine($"note: {note}");

        // Rules broken by what already happened are the floor's; only our own decisions must be valid.
        var fixedKeys = result.Fixed.ToHashSet();
        var ours = ScheduleValidator.Validate(result.Plant, result.Orders, result.NewSchedule)
            .Where(v => v.Order is null || v.Step is null || !fixedKeys.Contains((v.Order, v.Step.Value))).ToList();
        if (ours.Count > 0)
        {
            context.Error.WriteLine($"forge: the rescheduled plan breaks {ours.Count} rule(s); nothing written:");
            foreach (var v in ours) context.Error.WriteLine($"  {v}");
            return ExitCodes.Invalid;
        }

        var kpis = KpiCalculator.Compute(result.Plant, result.Orders, result.NewSchedule);
        var previousKpis = KpiCalculator.Compute(plant, book, current);
        var files = Write(paths.Out, result, current, kpis, previousKpis, now, freezeMinutes);
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"version {result.Version}: {result.NewSchedule.Operations.Count} operations, {result.Fixed.Count} fixed; " +
            $"{result.Diff.Changed} changed ({result.Diff.Moved} moved, {result.Diff.Reassigned} reassigned), {result.Diff.Added} added, " +
            $"{result.Diff.Removed} removed, {result.Diff.Interrupted} interrupted ({result.Status})"));
        if (result.Steps is { } steps)
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"repair in {steps.RepairSeconds:0.00} s, objective {steps.RepairScore:F0}; CP-SAT on {steps.Neighbourhood.Count} order(s): {steps.ImproveStatus?.Text ?? "skipped"}" +
                $"{(steps.ImprovedScore is { } s ? $", objective {s:F0}" : "")}; answer {steps.Score:F0} in {steps.TotalSeconds:0.00} s"));
        KpiConsoleTable.Write(context.Out, $"version {version}", previousKpis, $"version {result.Version}", kpis);
        foreach (var file in files) context.Out.WriteLine($"wrote {file}");
        return ExitCodes.Ok;
    }

    private static List<string> Write(string outDir, RescheduleResult result, Solver.Domain.Schedule current, KpiReport kpis,
        KpiReport previousKpis, DateTimeOffset now, double freezeMinutes)
    {
        var schedulePath = Path.Combine(outDir, "schedule.json");
        var kpisPath = Path.Combine(outDir, "kpis.json");
        var diffPath = Path.Combine(outDir, "diff.json");
        var ganttPath = Path.Combine(outDir, "gantt.html");
        var previousName = $"version {result.Version - 1}";
        var newName = $"version {result.Version}";
        // The chart shows the previous version beside the new one, limited to orders still in the book.
        var previous = current with
        {
            Method = previousName,
            Operations = current.Operations.Where(o => result.Orders.Find(o.Order) is not null).ToList(),
        };
        try
        {
            Directory.CreateDirectory(outDir);
            ScheduleFile.Save(schedulePath, result.NewSchedule, kpis, result.Version);
            JsonFiles.Write(kpisPath, new Dictionary<string, KpiReport> { [previousName] = previousKpis, [newName] = kpis });
            DiffFile.Save(diffPath, result, now);
            // The new version with the previous one as its "before": moved, reassigned and frozen
            // operations are marked from the solver's ScheduleDiff; a button shows the previous version.
            new GanttPage
            {
                Plant = result.Plant,
                Orders = result.Orders,
                Title = $"Plant {result.Plant.Id}: {newName} after shop-floor events",
                Schedules =
                [
                    new GanttSchedule("method", newName, result.NewSchedule with { Method = newName }) { Previous = previous, Now = now, FreezeMinutes = freezeMinutes },
                    new GanttSchedule("baseline", previousName, previous) { Now = now },
                ],
                Kpis = kpis,
                BaselineKpis = KpiCalculator.Compute(result.Plant, result.Orders, previous),
                BaselineLabel = previousName,
            }.Write(ganttPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ForgeInputException(outDir, "--out", $"cannot write: {e.Message}");
        }
        return [schedulePath, kpisPath, diffPath, ganttPath];
    }

    private static DateTimeOffset ParseNow(string text)
    {
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var now))
            throw new ForgeInputException("command line", "--now", $"'{text}' is not a date and time (e.g. 2026-11-26T10:30:00+08:00)");
        // Without an offset it would be read in the machine's zone.
        if (!OffsetSuffix().IsMatch(text.Trim()))
            throw new ForgeInputException("command line", "--now", $"'{text}' has no UTC offset (e.g. 2026-11-26T10:30:00+08:00)");
        return now;
    }

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex OffsetSuffix();
}
