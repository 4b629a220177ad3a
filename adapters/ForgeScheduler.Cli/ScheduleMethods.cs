using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Cli;

/// <summary>Solver settings a method may use; methods ignore what does not apply to them.</summary>
public sealed record MethodOptions(double TimeLimitSeconds, int Workers, int Seed);

/// <summary>A way of making a schedule. The CLI reaches every solver through this seam only.</summary>
public interface IScheduleMethod
{
    string Name { get; }

    Schedule Solve(Plant plant, OrderBook orders, MethodOptions options);
}

public sealed class DelegateMethod(string name, Func<Plant, OrderBook, MethodOptions, Schedule> solve) : IScheduleMethod
{
    public string Name { get; } = name;

    public Schedule Solve(Plant plant, OrderBook orders, MethodOptions options) => solve(plant, orders, options);
}

/// <summary>The methods <c>forge schedule --method</c> knows, by name.</summary>
public sealed class ScheduleMethods
{
    /// <summary>The method used without --method. Becomes "cpsat" once it is registered below.</summary>
    public const string DefaultMethod = BaselineDispatcher.MethodName;

    private readonly Dictionary<string, IScheduleMethod> _methods;

    public ScheduleMethods(IEnumerable<IScheduleMethod> methods)
    {
        _methods = methods.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);
        if (!_methods.ContainsKey(BaselineDispatcher.MethodName))
            throw new ArgumentException("the baseline method must be registered: every schedule is compared with it", nameof(methods));
    }

    public static ScheduleMethods Default { get; } = new(
    [
        new DelegateMethod(BaselineDispatcher.MethodName, (plant, orders, _) => BaselineDispatcher.Dispatch(plant, orders)),
        // Registered at merge (then set DefaultMethod = "cpsat"), e.g.:
        // new DelegateMethod("cpsat", (plant, orders, o) => CpSatScheduler.Solve(plant, orders,
        //     new CpSatOptions { TimeLimitSeconds = o.TimeLimitSeconds, Workers = o.Workers, Seed = o.Seed }).Schedule),
    ]);

    public IReadOnlyCollection<string> Names => _methods.Keys;

    public IScheduleMethod Baseline => _methods[BaselineDispatcher.MethodName];

    public IScheduleMethod? Find(string name) => _methods.GetValueOrDefault(name);
}
