using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Validation;
using Orleans.Concurrency;

namespace ForgeScheduler.Cluster.Grains;

[StatelessWorker]
internal sealed class SolverWorkerGrain(IPlanner planner, ILocalSiloDetails silo) : Grain, ISolverWorkerGrain
{
    public async Task<SolveOutcome> Solve(SolveRequest request, CancellationToken cancellationToken = default)
    {
        var plant = DomainJson.ReadPlant(request.PlantJson);
        var book = new OrderBook(plant.Id, request.PlanStart, DomainJson.ReadOrders(request.OrdersJson)) { FurnacesHotAtStart = request.FurnacesHotAtStart };
        var previous = request.PreviousScheduleJson is { } json ? DomainJson.ReadSchedule(json) : null;
        // CP-SAT blocks its calling thread for the whole solve: keep it off the grain scheduler.
        var plan = await Task.Run(() => planner.Plan(new PlanRequest(plant, book, previous, request.Events, request.Now), cancellationToken),
            cancellationToken).ConfigureAwait(true);
        var violations = ScheduleValidator.Validate(plant, book, plan.Schedule);
        var kpis = KpiCalculator.Compute(plant, book, plan.Schedule);
        return new SolveOutcome
        {
            ScheduleJson = DomainJson.WriteSchedule(plan.Schedule),
            Status = plan.Status,
            WallSeconds = plan.WallSeconds,
            Violations = violations.Count,
            Kpis = ScheduleViews.Snapshot(kpis, 0),
            Silo = SiloName.Of(silo),
        };
    }
}

internal static class SiloName
{
    public static string Of(ILocalSiloDetails silo) => $"{silo.Name}@{silo.SiloAddress}";
}
