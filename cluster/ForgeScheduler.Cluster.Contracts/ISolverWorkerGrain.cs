using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Cluster.Contracts;

/// <summary>Everything a solve needs (the domain records cross typed, <see cref="DomainJson"/>).</summary>
[GenerateSerializer, Immutable, Alias("forge.SolveRequest")]
public sealed record SolveRequest
{
    [Id(10)] public required Plant Plant { get; init; }
    /// <summary>The orders to plan.</summary>
    [Id(11)] public required IReadOnlyList<Order> Orders { get; init; }
    [Id(2)] public required DateTimeOffset PlanStart { get; init; }
    /// <summary>The schedule in force, if any (hint and fallback).</summary>
    [Id(12)] public Schedule? PreviousSchedule { get; init; }
    /// <summary>Events since the previous version (the rescheduler freezes and replaces with actuals).</summary>
    [Id(4)] public required IReadOnlyList<ShopFloorEvent> Events { get; init; }
    [Id(5)] public required DateTimeOffset Now { get; init; }
    /// <summary>Furnaces hot at plan start (furnace energy v2): no cold start before their first use.</summary>
    [Id(6)] public IReadOnlyList<string> FurnacesHotAtStart { get; init; } = [];
}

[GenerateSerializer, Immutable, Alias("forge.SolveOutcome")]
public sealed record SolveOutcome
{
    [Id(10)] public required Schedule Schedule { get; init; }
    [Id(12)] public required SolverStatus Status { get; init; }
    [Id(2)] public required double WallSeconds { get; init; }
    [Id(3)] public required int Violations { get; init; }
    [Id(4)] public required KpiSnapshot Kpis { get; init; }
    [Id(5)] public required string Silo { get; init; }
    /// <summary>The validator's rules the plan breaks, with a count each ("capability ×3"); empty when valid.</summary>
    [Id(6)] public IReadOnlyList<string> BrokenRules { get; init; } = [];
    /// <summary>KPIs and baseline computed here, where the plan is made.</summary>
    [Id(11)] public PlanReport? Report { get; init; }
    [Id(8)] public double? Gap { get; init; }
}

/// <summary>Runs solves off the plant grain, so a plant grain stays responsive and several plants solve
/// in parallel on every silo ([StatelessWorker]: local activations, as many as there are cores).</summary>
[Alias("forge.ISolverWorkerGrain")]
public interface ISolverWorkerGrain : IGrainWithIntegerKey
{
    [Alias("Solve")]
    Task<SolveOutcome> Solve(SolveRequest request, CancellationToken cancellationToken = default);
}
