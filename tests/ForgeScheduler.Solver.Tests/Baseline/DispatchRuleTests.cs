using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Tests.Generation;

namespace ForgeScheduler.Solver.Tests.Baseline;

/// <summary>Baseline v2: the dispatch rules and the portfolio that picks the best of them.</summary>
public sealed class DispatchRuleTests
{
    private static readonly Plant Reference = PlantFile.Load(RepositoryFiles.ReferencePlant);
    private static readonly OrderBook Day = OrdersFile.Load(RepositoryFiles.Path("datasets", "reference", "orders-day.json"), Reference);

    [Fact]
    public void LowestMarginalNeverLeavesAFreeHotMoreEfficientFurnaceUnusedForAWorseOne()
    {
        // For every heat the rule placed: no other capable furnace of the same carrier that was free
        // for the piece then, already loaded (hot) at its start, and more efficient was passed over
        // for a furnace that was less efficient and not loaded. Replayed heat by heat on the board
        // the rule saw: the operations booked before this one, in booking order (EDD, heats in turn).
        var schedule = BaselineDispatcher.Dispatch(Reference, Day, DispatchRule.LowestMarginal);
        var heats = schedule.Operations.Where(o => o.Kind == OperationKind.Heat).ToList();
        var checkedHeats = 0;
        foreach (var heat in heats)
        {
            var order = Day.Find(heat.Order)!;
            var chosen = Reference.FindFurnace(heat.Resource)!;
            if (chosen.Carrier != Carrier.Gas) continue;
            // Furnaces booked earlier that are loaded at this heat's start, with room for it over the whole heat.
            var earlier = heats.Where(o => o != heat && o.Start <= heat.Start && o.End > heat.Start).ToList();
            foreach (var other in Reference.HeatingFurnaces.Where(f => f.Id != chosen.Id && f.Carrier == chosen.Carrier
                         && f.Efficiency > chosen.Efficiency && f.CapacityTonnes >= order.MassTonnes
                         && f.MaxTempC >= order.Heats[(heat.Step - 1) / 2].ForgeTempC))
            {
                var inside = earlier.Where(o => o.Resource == other.Id).ToList();
                if (inside.Count == 0) continue; // not hot at that moment
                var overlapping = heats.Where(o => o.Resource == other.Id && o != heat && o.Start < heat.End && o.End > heat.Start).ToList();
                var massThen = overlapping.Sum(o => Day.Find(o.Order)!.MassTonnes);
                var roomy = massThen + order.MassTonnes <= other.CapacityTonnes && overlapping.Count + 1 <= other.CapacityPieces;
                var down = Reference.Downtime.Any(d => d.Resource == other.Id && d.From < heat.End && d.To > heat.Start);
                var chosenLoaded = earlier.Any(o => o.Resource == chosen.Id);
                Assert.False(roomy && !down && !chosenLoaded,
                    $"{heat.Order} heat {heat.Step} went to {chosen.Id} (η {chosen.Efficiency}, cold) while {other.Id} (η {other.Efficiency}) was hot with room");
            }
            checkedHeats++;
        }
        Assert.True(checkedHeats >= 10, $"only {checkedHeats} gas heats checked");
    }

    [Fact]
    public void TheBestRuleBeatsPlantFileOrderOnTheReferenceDay()
    {
        var portfolio = BaselinePortfolio.Run(Reference, Day);

        var plantOrder = portfolio.Rules.Single(r => r.Rule == DispatchRule.PlantOrder);
        var best = portfolio.Rules.Single(r => r.Rule == portfolio.BestRule);
        Assert.True(best.Score < plantOrder.Score, $"best {best.Rule.Name} {best.Score:F0} vs plant-order {plantOrder.Score:F0}");
        Assert.True(best.Kpis!.Co2KgPerT < plantOrder.Kpis!.Co2KgPerT);
        Assert.True(best.Kpis.WeightedTardinessH <= plantOrder.Kpis.WeightedTardinessH);
    }

    [Fact]
    public void ThePortfolioRunsEveryRuleAndKeepsTheLowestScoringValidOne()
    {
        var plant = TestData.SmallPlant();
        var book = TestData.Book(
            TestData.Order("A", massT: 20, releaseTempC: 800, dueHours: 30),
            TestData.Order("B", massT: 60, releaseTempC: null, dueHours: 40, heats: 2, minForceMn: 60),
            TestData.Order("C", massT: 10, releaseTempC: 850, releaseHours: 2, dueHours: 36, recipe: "T1"));

        var portfolio = BaselinePortfolio.Run(plant, book);

        Assert.Equal(DispatchRule.All.Select(r => r.Name), portfolio.Rules.Select(r => r.Rule.Name));
        Assert.All(portfolio.Rules, r => Assert.Null(r.Problem));
        Assert.Equal(portfolio.Rules.Min(r => r.Score), ObjectiveWeights.Default.Score(portfolio.BestKpis), 6);
        Assert.Equal(portfolio.BestRule.Name, portfolio.Best.Rule);
        Assert.Equal(BaselineDispatcher.MethodName, portfolio.Best.Method);
        // The default dispatch is the portfolio's best.
        Assert.Equal(portfolio.Best.Operations, BaselineDispatcher.Dispatch(plant, book).Operations);
    }

    [Fact]
    public void AFurnaceHotAtPlanStartIsTheLowestMarginalChoiceForAPieceItCanTake()
    {
        // Two identical gas furnaces; HF-2 ran the night before. The lowest-marginal rule puts the
        // first piece into the hot one (no cold start); plant order would take HF-1 and pay 3000 kWh.
        var plant = TestData.SmallPlant() with { HeatingFurnaces = [TestData.HeatingFurnace("HF-1"), TestData.HeatingFurnace("HF-2")] };
        var book = TestData.Book(TestData.Order("A", releaseTempC: 800)) with { FurnacesHotAtStart = ["HF-2"] };

        var marginal = BaselineDispatcher.Dispatch(plant, book, DispatchRule.LowestMarginal);
        var plantOrder = BaselineDispatcher.Dispatch(plant, book, DispatchRule.PlantOrder);

        Assert.Equal("HF-2", marginal.ForOrder("A").First().Resource);
        Assert.Equal("HF-1", plantOrder.ForOrder("A").First().Resource);
        var furnaces = ScheduleEvaluator.Evaluate(plant, book, marginal).Furnaces;
        Assert.Equal(0, furnaces.Single(f => f.Furnace.Id == "HF-2").ColdStarts);
    }
}
