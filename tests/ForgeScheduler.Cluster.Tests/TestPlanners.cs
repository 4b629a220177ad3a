using System.Collections.Concurrent;
using ForgeScheduler.Cluster.Grains;

namespace ForgeScheduler.Cluster.Tests;

/// <summary>The real (default) planner — the rescheduler, short limit — with a gate per plant a test can close to hold a
/// solve in flight, and a count of solves per plant.</summary>
internal sealed class GatedPlanner : IPlanner
{
    private readonly ReschedulingPlanner _inner = new(ClusterTestData.Planning);
    private readonly ConcurrentDictionary<string, PlanRequest> _last = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _entered = new();
    private readonly ConcurrentDictionary<string, bool> _breaking = new();

    /// <summary>Solves for this plant return a plan that breaks the plant's rules (every operation starts
    /// at the same minute, so resources overlap), until <see cref="Mend"/>.</summary>
    public void Break(string plant) => _breaking[plant] = true;

    public void Mend(string plant) => _breaking.TryRemove(plant, out _);

    public int Calls(string plant) => _calls.GetValueOrDefault(plant);

    /// <summary>What the last solve for this plant was asked (plant as the planner saw it, events, now).</summary>
    public PlanRequest? LastRequest(string plant) => _last.GetValueOrDefault(plant);

    /// <summary>Solves for this plant wait until <see cref="Open"/>.</summary>
    public void Close(string plant) => _gates[plant] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open(string plant)
    {
        if (_gates.TryRemove(plant, out var gate)) gate.TrySetResult();
    }

    /// <summary>Completes when a solve for this plant has reached the planner.</summary>
    public Task Entered(string plant) => EnteredSource(plant).Task;

    public PlanResult Plan(PlanRequest request, CancellationToken cancellationToken)
    {
        var plant = request.Plant.Id;
        _calls.AddOrUpdate(plant, 1, (_, n) => n + 1);
        _last[plant] = request;
        EnteredSource(plant).TrySetResult();
        if (_gates.TryGetValue(plant, out var gate) && !gate.Task.Wait(TimeSpan.FromSeconds(60), cancellationToken))
            throw new TimeoutException($"gate for plant {plant} never opened");
        var result = _inner.Plan(request, cancellationToken);
        if (!_breaking.ContainsKey(plant)) return result;
        var ops = result.Schedule.Operations;
        var at = ops.Min(o => o.Start);
        return result with { Schedule = result.Schedule with { Operations = [.. ops.Select(o => o with { Start = at, End = at + (o.End - o.Start) })] } };
    }

    private TaskCompletionSource EnteredSource(string plant) =>
        _entered.GetOrAdd(plant, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>A silo's real planner that a test can make hold every solve until released (to have a
/// reschedule in flight when the silo is killed).</summary>
internal sealed class HoldingPlanner : IPlanner
{
    private readonly CpSatPlanner _inner = new(ClusterTestData.Planning);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _release = new(initialState: true);

    public Task Entered => _entered.Task;

    public void Hold() => _release.Reset();

    public void Release() => _release.Set();

    public PlanResult Plan(PlanRequest request, CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        if (!_release.Wait(TimeSpan.FromSeconds(60), cancellationToken)) throw new TimeoutException("held solve never released");
        return _inner.Plan(request, cancellationToken);
    }
}
