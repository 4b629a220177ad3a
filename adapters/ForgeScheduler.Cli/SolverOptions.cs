using System.CommandLine;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Cli;

/// <summary>The optimiser options of <c>forge schedule</c>: time, workers, seed, deterministic
/// budget, objective mode and weights.</summary>
internal sealed class SolverOptions
{
    public const double DefaultTimeLimitSeconds = 30;
    public const int DefaultWorkers = 2;

    private readonly Option<double> _timeLimit = new("--time-limit") { HelpName = "SECONDS", Description = "solver wall-clock limit in seconds", DefaultValueFactory = _ => DefaultTimeLimitSeconds };
    private readonly Option<int> _workers = new("--workers") { HelpName = "N", Description = "solver worker threads", DefaultValueFactory = _ => DefaultWorkers };
    private readonly Option<int> _seed = new("--seed") { HelpName = "N", Description = "solver random seed", DefaultValueFactory = _ => 1 };
    private readonly Option<double?> _deterministicTime = new("--deterministic-time") { HelpName = "UNITS", Description = "stop on CP-SAT's deterministic time instead of the wall clock; with --workers 1 runs repeat exactly" };
    private readonly Option<string> _objective = new("--objective") { HelpName = "MODE", Description = "lexicographic (weighted tardiness first, then CO2 and cost holding it) or weighted (one weighted sum)", DefaultValueFactory = _ => "lexicographic" };
    private readonly Option<bool> _verbose = new("--verbose") { Description = "progress lines also show every CP-SAT solution with its raw objective and bound (model points)" };
    private readonly Option<string?> _weights = new("--weights") { HelpName = "FILE", Description = "weights.json: tardiness_per_weighted_hour, co2_per_kg, cost_per_currency_unit, makespan_per_hour (any subset)" };

    public static SolverOptions Create()
    {
        var options = new SolverOptions();
        options._objective.AcceptOnlyFromAmong("weighted", "lexicographic");
        return options;
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_timeLimit);
        command.Options.Add(_workers);
        command.Options.Add(_seed);
        command.Options.Add(_deterministicTime);
        command.Options.Add(_objective);
        command.Options.Add(_weights);
        command.Options.Add(_verbose);
    }

    public MethodOptions Read(ParseResult parse)
    {
        var timeLimit = parse.GetValue(_timeLimit);
        var workers = parse.GetValue(_workers);
        var deterministic = parse.GetValue(_deterministicTime);
        if (!double.IsFinite(timeLimit) || timeLimit <= 0) throw new ForgeInputException("command line", "--time-limit", "must be a positive number of seconds");
        if (workers < 1) throw new ForgeInputException("command line", "--workers", "must be at least 1");
        if (deterministic is { } d && (!double.IsFinite(d) || d <= 0)) throw new ForgeInputException("command line", "--deterministic-time", "must be positive");
        var weightsPath = parse.GetValue(_weights);
        return new MethodOptions(timeLimit, workers, parse.GetValue(_seed))
        {
            DeterministicTime = deterministic,
            Mode = parse.GetValue(_objective) == "weighted" ? ObjectiveMode.WeightedSum : ObjectiveMode.Lexicographic,
            Verbose = parse.GetValue(_verbose),
            Weights = weightsPath is null ? ObjectiveWeights.Default : WeightsFile.Load(weightsPath),
        };
    }
}
