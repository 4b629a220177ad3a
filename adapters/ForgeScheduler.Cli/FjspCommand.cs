using System.CommandLine;
using System.Globalization;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Fjsp;

namespace ForgeScheduler.Cli;

/// <summary><c>forge fjsp</c>: solve a flexible job-shop instance (.fjs) for minimum makespan,
/// check the result independently and write it as JSON.</summary>
internal static class FjspCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = ".fjs instance (Brandimarte format: jobs machines [avg], then one line per job)" };
        var timeLimit = new Option<double>("--time-limit") { HelpName = "SECONDS", Description = "solver wall-clock limit in seconds", Required = true };
        var workers = new Option<int>("--workers") { HelpName = "N", Description = "solver worker threads (1 with a seed is deterministic)", DefaultValueFactory = _ => SolverOptions.DefaultWorkers };
        var seed = new Option<int>("--seed") { HelpName = "N", Description = "solver random seed", DefaultValueFactory = _ => 1 };
        var deterministicTime = new Option<double?>("--deterministic-time") { HelpName = "UNITS", Description = "stop on CP-SAT's deterministic time (full solve and LNS together) instead of the wall clock; with --workers 1 runs repeat exactly" };
        var lnsShare = new Option<double>("--lns-share") { HelpName = "X", Description = "share of the time for large-neighbourhood search after the full CP-SAT solve (0 = full solve only)", DefaultValueFactory = _ => FjspSolveOptions.DefaultLnsShare };
        var tabuShare = new Option<double>("--tabu-share") { HelpName = "X", Description = "share of the search after the full solve for the tabu search before the LNS (0 = LNS only)", DefaultValueFactory = _ => FjspSolveOptions.DefaultTabuShare };
        var outFile = new Option<string>("--out") { HelpName = "DIR", Description = "folder to write schedule.json into: {\"makespan\":M,\"operations\":[{\"job\",\"op\",\"machine\",\"start\",\"end\"}]} (a path ending in .json is still taken as the file)", Required = true };
        var command = new Command("fjsp", "Minimise the makespan of a flexible job-shop instance (.fjs): CP-SAT on the full model, then a tabu search and large-neighbourhood search; validate the schedule and write it as JSON.")
        {
            file, timeLimit, workers, seed, deterministicTime, lnsShare, tabuShare, outFile,
        };
        command.SetAction(parse => Run(context, parse.GetValue(file)!,
            Options(parse.GetValue(timeLimit), parse.GetValue(workers), parse.GetValue(seed), parse.GetValue(deterministicTime), parse.GetValue(lnsShare), parse.GetValue(tabuShare)),
            parse.GetValue(outFile)!));
        return command;
    }

    private static int Run(CliContext context, string path, FjspSolveOptions options, string outPath)
    {
        var timeLimit = options.TimeLimitSeconds;
        var instance = Load(path);
        var progress = new ProgressLog(context.Error, Path.GetFileNameWithoutExtension(path));
        var result = FjspSolver.Solve(instance, options, progress.Report);
        if (!result.HasSchedule)
        {
            context.Error.WriteLine($"forge: {path}: no schedule found in {timeLimit.ToString(CultureInfo.InvariantCulture)} s (status {result.Status})");
            return ExitCodes.Invalid;
        }
        var violations = FjspValidator.Validate(instance, result);
        if (violations.Count > 0)
        {
            context.Error.WriteLine($"forge: the schedule for {path} breaks {violations.Count} rule(s); nothing written:");
            foreach (var v in violations) context.Error.WriteLine($"  {v}");
            return ExitCodes.Invalid;
        }
        outPath = OutFolder.FileIn(context, outPath, "schedule.json");
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (dir is not null) Directory.CreateDirectory(dir);
            File.WriteAllText(outPath, FjspJson.Write(result));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ForgeInputException(outPath, "--out", $"cannot write: {e.Message}");
        }
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(path)}: makespan {result.Makespan} (bound {result.BestBound}, {result.Status}) in {result.WallSeconds:0.0} s, {instance.OperationCount} operations on {instance.MachineCount} machines"));
        if (result.Tabu is { } tabu) context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tabu: {tabu.Moves} moves, {tabu.StartMakespan} -> {tabu.Makespan}"));
        if (result.Lns is { } lns) context.Out.WriteLine(LnsSummary(lns));
        context.Out.WriteLine($"wrote {outPath}");
        return ExitCodes.Ok;
    }

    /// <summary>One line: <c>lns: 412 neighbourhoods, 57 accepted; critical-path 120/20 −9, time-window …</c> (tried/accepted, makespan gained).</summary>
    internal static string LnsSummary(FjspLnsSummary lns) =>
        $"lns: {lns.Neighbourhoods} neighbourhoods, {lns.Accepted} accepted; " +
        string.Join(", ", lns.Kinds.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Kind} {k.Tries}/{k.Accepted} -{k.PrimaryGain} (size {k.FinalSizeFraction:P0})")));

    internal static FjspSolveOptions Options(double timeLimit, int workers, int seed, double? deterministicTime = null, double? lnsShare = null, double? tabuShare = null)
    {
        if (!double.IsFinite(timeLimit) || timeLimit <= 0) throw new ForgeInputException("command line", "--time-limit", "must be a positive number of seconds");
        if (workers < 1) throw new ForgeInputException("command line", "--workers", "must be at least 1");
        if (deterministicTime is { } d && (!double.IsFinite(d) || d <= 0)) throw new ForgeInputException("command line", "--deterministic-time", "must be positive");
        if (lnsShare is { } share && !(share is >= 0 and < 1)) throw new ForgeInputException("command line", "--lns-share", "must be at least 0 and below 1");
        if (tabuShare is { } t && !(t is >= 0 and <= 1)) throw new ForgeInputException("command line", "--tabu-share", "must be between 0 and 1");
        var options = new FjspSolveOptions { TimeLimitSeconds = timeLimit, Workers = workers, Seed = seed, DeterministicTime = deterministicTime };
        options = lnsShare is { } s ? options with { LnsShare = s } : options;
        return tabuShare is { } ts ? options with { TabuShare = ts } : options;
    }

    /// <summary>Reads and parses an instance; a format error becomes one line naming file and line (exit 2).</summary>
    internal static FjspInstance Load(string path)
    {
        var text = JsonFiles.ReadText(path);
        try { return FjspParser.Parse(text, path); }
        catch (FjspFormatException e)
        {
            throw new ForgeInputException(path, $"line {e.LineNumber}", e.Problem);
        }
    }
}
