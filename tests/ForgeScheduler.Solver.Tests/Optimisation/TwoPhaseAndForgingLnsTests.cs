using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Generation;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Optimisation.Lns;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Solver.Tests.Optimisation;

/// <summary>Issue 12: the two-phase (lexicographic) solve and the large-neighbourhood search on the
/// forging model. One worker, a seed and deterministic time: the runs repeat on any machine load.</summary>
public sealed class TwoPhaseAndForgingLnsTests
{
    private static readonly CpSatOptions Options = new() { Workers = 1, Seed = 3, DeterministicTime = 1.0 };

    /// <summary>An overloaded book (110 % of the reference plant's capacity): lateness the best rule
    /// cannot avoid, so "no more late orders" is not 0 against 0.</summary>
    private static OrderBook Overloaded()
    {
        var book = OrderBookAtLoad.Generate(CpSatSolves.ReferencePlant, 12, 6, TestData.PlanStart, 1.1).Book;
        // Due dates pulled in to a third of their slack: some orders cannot make it.
        return book with { Orders = book.Orders.Select(o => o with { Due = o.Release + (o.Due - o.Release) / 3 }).ToList() };
    }

    [Fact]
    public void TwoPhaseIsTheDefaultAndNeverMakesMoreOrdersLateThanTheBestRule()
    {
        var plant = CpSatSolves.ReferencePlant;
        var book = Overloaded();
        var rule = BaselinePortfolio.Run(plant, book, Options.Weights).Best;
        var ruleKpis = KpiCalculator.Compute(plant, book, rule);
        var progress = new List<SolveProgress>();

        var result = CpSatScheduler.Solve(plant, book, Options with { OnProgress = p => { lock (progress) progress.Add(p); } }, rule);
        var kpis = KpiCalculator.Compute(plant, book, result.Schedule);

        Assert.Equal(ObjectiveMode.Lexicographic, new CpSatOptions().Mode);
        Assert.True(ruleKpis.LateOrders > 0, $"the book should overload the plant: {ruleKpis.LateOrders} late");
        Assert.Empty(ScheduleValidator.Validate(plant, book, result.Schedule));
        Assert.True(kpis.LateOrders <= ruleKpis.LateOrders, $"{kpis.LateOrders} late against the rule's {ruleKpis.LateOrders}; {string.Join(" | ", result.Notes)}");
        Assert.True(kpis.WeightedTardinessH <= ruleKpis.WeightedTardinessH + 1e-9,
            $"{kpis.WeightedTardinessH} h against the rule's {ruleKpis.WeightedTardinessH} h; {string.Join(" | ", result.Notes)}");
        // Every plan the run reported (two-phase, each accepted neighbourhood) holds the same line.
        var plans = progress.Where(p => p.Plan is not null && !p.Start).Select(p => p.Plan!).ToList();
        Assert.NotEmpty(plans);
        Assert.All(plans.Where(p => p != plans[0]), p => Assert.True(p.LateOrders <= ruleKpis.LateOrders || plans[0].LateOrders > ruleKpis.LateOrders));
    }

    [Fact]
    public void WeightedSumStaysAnOption()
    {
        var plant = CpSatSolves.ReferencePlant;
        var book = Overloaded();

        var result = CpSatScheduler.Solve(plant, book, Options with { Mode = ObjectiveMode.WeightedSum, LnsShare = 0 });

        Assert.Empty(ScheduleValidator.Validate(plant, book, result.Schedule));
        Assert.DoesNotContain(result.Notes, n => n.Contains("phase 1", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryAcceptedNeighbourhoodImprovesTheExactScoreRecomputedIndependently()
    {
        // From a weak rule's plan (plant order), so there is something to find in a small budget.
        var plant = CpSatSolves.ReferencePlant;
        var book = CpSatSolves.ReferenceBook(11, 10);
        var start = CpSatScheduler.Complete(plant, book, BaselineDispatcher.Dispatch(plant, book, DispatchRule.PlantOrder));
        var options = Options with { Mode = ObjectiveMode.WeightedSum };
        var horizon = (long)(book.Orders.Max(o => o.Due) - book.PlanStart).TotalMinutes + 48 * 60;
        var problem = new ForgingLnsProblem(plant, book, horizon, options);
        var scores = new List<double> { options.Weights.Score(KpiCalculator.Compute(plant, book, start)) };
        var accepted = new List<Schedule>();

        var result = LnsSearch.Run(problem, ForgingPlan.Judge(plant, book, start), ForgingLnsProblem.Kinds, new LnsOptions
        {
            Workers = 1,
            Seed = 5,
            DeterministicTime = 3,
            SubSolveDeterministicTime = 0.4,
            MinimumSize = 1,
            InitialSizeFraction = 0.1,
            OnAccepted = _ =>
            {
                var plan = problem.LastJudged!.Schedule;
                Assert.Empty(ScheduleValidator.Validate(plant, book, plan));
                scores.Add(options.Weights.Score(KpiCalculator.Compute(plant, book, plan)));
                accepted.Add(plan);
            },
        });

        Assert.True(result.Accepted >= 1, $"no neighbourhood accepted in {result.Iterations} tries");
        Assert.Equal(result.Accepted, accepted.Count);
        for (var i = 1; i < scores.Count; i++) Assert.True(scores[i] < scores[i - 1], $"move {i}: {scores[i]} after {scores[i - 1]}");
        Assert.Same(accepted[^1], result.Best.Schedule);
        Assert.Equal(book.Orders.Count, result.Best.Schedule.Operations.Select(o => o.Order).Distinct().Count());
    }
}
