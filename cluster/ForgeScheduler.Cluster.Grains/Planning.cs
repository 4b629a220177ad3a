using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Cluster.Grains;

/// <summary>How long and with how many threads a solve may run on a silo.</summary>
public sealed record PlanningOptions
{
    public double TimeLimitSeconds { get; init; } = 5.0;
    public int Workers { get; init; } = 1;
    public int Seed { get; init; } = 1;

    public static PlanningOptions Default { get; } = new();
}

internal sealed record PlanRequest(Plant Plant, OrderBook Book, Schedule? Previous, IReadOnlyList<ShopFloorEvent> Events, DateTimeOffset Now);

internal sealed record PlanResult(Schedule Schedule, string Status, double WallSeconds);

/// <summary>The one seam between the grains and the solver: the lead swaps in the rescheduler
/// (freeze window, actuals from events, stability penalty) here at merge.</summary>
internal interface IPlanner
{
    PlanResult Plan(PlanRequest request, CancellationToken cancellationToken);
}

/// <summary>Until the rescheduler is merged: CP-SAT on the whole book, falling back to the schedule in
/// force when that is still a valid schedule of exactly this book (else to today's dispatching rules),
/// so a reschedule never publishes something worse than what the floor already has.</summary>
internal sealed class CpSatPlanner(PlanningOptions options) : IPlanner
{
    public PlanResult Plan(PlanRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fallback = UsableFallback(request.Plant, request.Book, request.Previous);
        var result = CpSatScheduler.Solve(request.Plant, request.Book, new CpSatOptions
        {
            TimeLimitSeconds = options.TimeLimitSeconds,
            Workers = options.Workers,
            Seed = options.Seed,
        }, fallback);
        var status = result.FellBackToBaseline ? $"FALLBACK({result.Status})" : result.Status;
        return new PlanResult(result.Schedule, status, result.WallSeconds);
    }

    private static Schedule? UsableFallback(Plant plant, OrderBook book, Schedule? previous)
    {
        if (previous is null) return null;
        var planned = previous.Operations.Select(o => o.Order).ToHashSet();
        if (!planned.SetEquals(book.Orders.Select(o => o.Id))) return null;
        return ScheduleValidator.Validate(plant, book, previous).Count == 0 ? previous : null;
    }
}
