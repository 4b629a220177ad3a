using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Validation;
using Orleans.Concurrency;

namespace ForgeScheduler.Cluster.Grains;

/// <summary>Runs one solve. Reentrant: every call enters at once and waits for a slot of the silo's
/// <see cref="SolverPool"/>, which bounds the solves running and waiting (Orleans' own per-activation
/// queue would hold them without a bound and without telling anyone).</summary>
[StatelessWorker, Reentrant]
internal sealed class SolverWorkerGrain(IPlanner planner, ILocalSiloDetails silo, SolverPool pool, PlanningOptions options) : Grain, ISolverWorkerGrain
{
    public async Task<SolveOutcome> Solve(SolveRequest request, CancellationToken cancellationToken = default)
    {
        var plant = request.Plant;
        var book = new OrderBook(plant.Id, request.PlanStart, request.Orders) { FurnacesHotAtStart = request.FurnacesHotAtStart };
        var previous = request.PreviousSchedule;
        using var slot = await pool.EnterAsync(plant.Id, cancellationToken).ConfigureAwait(true);
        // The caller cancelling (every waiter of the plant's solve went away) stops the search; so does the
        // hard cap, after which the best plan found so far is used.
        using var capped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, slot.Token);
        capped.CancelAfter(TimeSpan.FromSeconds(options.MaxSolveSeconds));
        // CP-SAT blocks its calling thread for the whole solve: keep it off the grain scheduler.
        var plan = await Task.Run(() => planner.Plan(new PlanRequest(plant, book, previous, request.Events, request.Now), capped.Token),
            cancellationToken).ConfigureAwait(true);
        cancellationToken.ThrowIfCancellationRequested();
        slot.Token.ThrowIfCancellationRequested();
        var violations = ScheduleValidator.Validate(plant, book, plan.Schedule);
        var kpis = KpiCalculator.Compute(plant, book, plan.Schedule);
        var report = violations.Count > 0 ? null : Report(plant, book, plan.Schedule, kpis);
        return new SolveOutcome
        {
            Schedule = plan.Schedule,
            Status = plan.Status,
            WallSeconds = plan.WallSeconds,
            Violations = violations.Count,
            Kpis = ScheduleViews.Snapshot(kpis, 0),
            Silo = SiloName.Of(silo),
            BrokenRules = [.. violations.GroupBy(v => v.Rule, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key} ×{g.Count()}: {g.First()}")],
            Report = report,
            Gap = plan.Gap,
        };
    }

    /// <summary>Planned KPIs, the best dispatch rule on the same book, the energy limit and the late orders.</summary>
    private static PlanReport Report(Plant plant, OrderBook book, Schedule schedule, KpiReport planned)
    {
        var portfolio = BaselinePortfolio.Run(plant, book);
        var ends = schedule.Operations.GroupBy(o => o.Order).ToDictionary(g => g.Key, g => g.Max(o => o.End), StringComparer.Ordinal);
        var late = book.Orders.Where(o => ends.TryGetValue(o.Id, out var end) && Lateness.IsLate(end, o.Due)).Select(o => o.Id).ToList();
        return new PlanReport(planned, portfolio.BestKpis, portfolio.BestRule.Name,
            book.Orders.Count > 0 ? EnergyLimitCalculator.Compute(plant, book) : null, late)
        {
            Levers = book.Orders.Count > 0 ? LeverSavings.Compute(plant, book, portfolio.Best, schedule) : null,
        };
    }
}

internal static class SiloName
{
    public static string Of(ILocalSiloDetails silo) => $"{silo.Name}@{silo.SiloAddress}";
}
