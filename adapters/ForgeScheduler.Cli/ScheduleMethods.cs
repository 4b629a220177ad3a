using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Cli;

/// <summary>Solver settings a method may use; methods ignore what does not apply to them.</summary>
public sealed record MethodOptions(double TimeLimitSeconds, int Workers, int Seed)
{
    /// <summary>CP-SAT's deterministic time budget; with one worker it makes runs repeat exactly.</summary>
    public double? DeterministicTime { get; init; }

    public ObjectiveMode Mode { get; init; } = ObjectiveMode.Lexicographic;

    /// <summary>Progress lines show raw CP-SAT objective and bound too.</summary>
    public bool Verbose { get; init; }

    public ObjectiveWeights Weights { get; init; } = ObjectiveWeights.Default;

    /// <summary>Called on every improving solution (from the solver's thread).</summary>
    public Action<SolveProgress>? OnProgress { get; init; }
}

/// <summary>The solver's own figures for a run, for kpis.json and the benchmark.</summary>
public sealed record SolverStats(string Status, double Objective, double Bound, double WallSeconds, int Windows, bool FellBackToBaseline)
{
    /// <summary>|objective − bound| ÷ |objective|; NaN when there is no objective (fallback).</summary>
    public double Gap => double.IsNaN(Objective) || double.IsNaN(Bound) ? double.NaN
        : Objective == 0 ? 0 : Math.Abs(Objective - Bound) / Math.Abs(Objective);
}

/// <summary>What a method made: the schedule, anything the planner should know (e.g. why it fell
/// back), and solver figures when the method is a solver.</summary>
public sealed record MethodResult(Schedule Schedule, IReadOnlyList<string> Notes, SolverStats? Stats)
{
    /// <summary>For the baseline: every dispatch rule's schedule and KPIs, and which one won.</summary>
    public BaselineResult? Portfolio { get; init; }

    public static MethodResult Of(Schedule schedule) => new(schedule, [], null);
}

/// <summary>A way of making a schedule. The CLI reaches every solver through this seam only.</summary>
public interface IScheduleMethod
{
    string Name { get; }

    MethodResult Solve(Plant plant, OrderBook orders, MethodOptions options);
}

/// <summary>A method that only returns a schedule (no notes, no solver figures).</summary>
public sealed class DelegateMethod(string name, Func<Plant, OrderBook, MethodOptions, Schedule> solve) : IScheduleMethod
{
    public string Name { get; } = name;

    public MethodResult Solve(Plant plant, OrderBook orders, MethodOptions options) => MethodResult.Of(solve(plant, orders, options));
}

/// <summary>Today's practice: every dispatch rule of the portfolio, the best by the run's objective weights.</summary>
public sealed class BaselineMethod : IScheduleMethod
{
    public string Name => BaselineDispatcher.MethodName;

    public MethodResult Solve(Plant plant, OrderBook orders, MethodOptions options)
    {
        var portfolio = BaselinePortfolio.Run(plant, orders, options.Weights);
        return new MethodResult(portfolio.Best, [$"baseline: best dispatch rule {portfolio.BestRule.Name}"], null) { Portfolio = portfolio };
    }
}

/// <summary>The CP-SAT optimiser (rolling horizon for books longer than a window).</summary>
public sealed class CpSatMethod : IScheduleMethod
{
    public string Name => CpSatScheduler.MethodName;

    public MethodResult Solve(Plant plant, OrderBook orders, MethodOptions options)
    {
        var result = CpSatScheduler.Solve(plant, orders, ToCpSat(options));
        return new MethodResult(result.Schedule, result.Notes,
            new SolverStats(result.Status.Text, result.Objective, result.Bound, result.WallSeconds, result.Windows, result.FellBackToBaseline));
    }

    public static CpSatOptions ToCpSat(MethodOptions options) => new()
    {
        TimeLimitSeconds = options.TimeLimitSeconds,
        Workers = options.Workers,
        Seed = options.Seed,
        DeterministicTime = options.DeterministicTime,
        Mode = options.Mode,
        Weights = options.Weights,
        OnProgress = options.OnProgress,
    };
}

/// <summary>The methods <c>forge schedule --method</c> knows, by name.</summary>
public sealed class ScheduleMethods
{
    /// <summary>The method used without --method when it is registered: the optimiser.</summary>
    public const string PreferredMethod = CpSatScheduler.MethodName;

    private readonly Dictionary<string, IScheduleMethod> _methods;

    public ScheduleMethods(IEnumerable<IScheduleMethod> methods)
    {
        _methods = methods.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);
        if (!_methods.ContainsKey(BaselineDispatcher.MethodName))
            throw new ArgumentException("the baseline method must be registered: every schedule is compared with it", nameof(methods));
    }

    public static ScheduleMethods Default { get; } = new(
    [
        new BaselineMethod(),
        new CpSatMethod(),
    ]);

    /// <summary>cpsat when registered, else the baseline (a build or a test without the optimiser).</summary>
    public string DefaultMethod => _methods.ContainsKey(PreferredMethod) ? PreferredMethod : BaselineDispatcher.MethodName;

    public IReadOnlyCollection<string> Names => _methods.Keys;

    public IScheduleMethod Baseline => _methods[BaselineDispatcher.MethodName];

    public IScheduleMethod? Find(string name) => _methods.GetValueOrDefault(name);
}
