using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Solver.Baseline;

/// <summary>One dispatch rule's schedule, its KPIs and its score on the optimiser's objective.
/// <see cref="Problem"/> says why a rule could not take part (it found no schedule, or broke a
/// validator rule): such a rule never wins.</summary>
public sealed record RuleOutcome(DispatchRule Rule, Schedule? Schedule, KpiReport? Kpis, double Score, string? Problem);

/// <summary>The baseline portfolio: every rule, and the best valid one by the weighted objective.</summary>
public sealed record BaselineResult(Schedule Best, DispatchRule BestRule, KpiReport BestKpis, IReadOnlyList<RuleOutcome> Rules);

/// <summary>Runs every <see cref="DispatchRule"/> and keeps the best by the same weighted objective
/// the optimiser uses (<see cref="ObjectiveWeights.Score"/>, from the KPI calculator), so the
/// optimiser is always measured against the strongest plant practice without look-ahead.</summary>
public static class BaselinePortfolio
{
    public static BaselineResult Run(Plant plant, OrderBook orders, ObjectiveWeights? weights = null, IReadOnlyList<DispatchRule>? rules = null)
    {
        weights ??= ObjectiveWeights.Default;
        var outcomes = new List<RuleOutcome>();
        foreach (var rule in rules ?? DispatchRule.All)
        {
            Schedule schedule;
            try
            {
                schedule = BaselineDispatcher.Dispatch(plant, orders, rule, weights);
            }
            catch (InvalidOperationException e)
            {
                outcomes.Add(new RuleOutcome(rule, null, null, double.PositiveInfinity, e.Message));
                continue;
            }
            var kpis = KpiCalculator.Compute(plant, orders, schedule);
            var violations = ScheduleValidator.Validate(plant, orders, schedule);
            outcomes.Add(new RuleOutcome(rule, schedule, kpis, weights.Score(kpis),
                violations.Count == 0 ? null : $"breaks {violations.Count} rule(s), first: {violations[0]}"));
        }
        var best = outcomes.Where(o => o.Problem is null).MinBy(o => o.Score)
                   ?? throw new InvalidOperationException("baseline: no dispatch rule found a valid schedule: " +
                                                          string.Join("; ", outcomes.Select(o => $"{o.Rule.Name}: {o.Problem}")));
        return new BaselineResult(best.Schedule!, best.Rule, best.Kpis!, outcomes);
    }
}
