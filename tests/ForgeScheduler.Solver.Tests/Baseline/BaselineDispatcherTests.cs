using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Tests.Baseline;

public class BaselineDispatcherTests
{
    private static readonly DateTimeOffset T0 = TestData.PlanStart;

    private static OrderBook MixedBook() => TestData.Book(
        TestData.Order("A", massT: 20, releaseTempC: 800, dueHours: 30),
        TestData.Order("B", massT: 60, releaseTempC: null, dueHours: 40, heats: 2, minForceMn: 60),
        TestData.Order("C", massT: 10, releaseTempC: 850, releaseHours: 2, dueHours: 36, recipe: "T1"),
        TestData.Order("D", massT: 25, releaseTempC: null, releaseHours: 1, dueHours: 50, heats: 3),
        TestData.Order("E", massT: 90, releaseTempC: 700, releaseHours: 3, dueHours: 60, minForceMn: 70, recipe: "T1"));

    [Fact]
    public void EveryOrderGetsEveryRouteStepOnceOnACapableResource()
    {
        var plant = TestData.SmallPlant();
        var book = MixedBook();

        var schedule = BaselineDispatcher.Dispatch(plant, book);

        Assert.Equal("baseline", schedule.Method);
        Assert.Equal(book.Orders.Sum(o => Route.StepCount(o)), schedule.Operations.Count); // 3+5+3+7+3 = 21
        Assert.Empty(BaselineChecks.RouteAndCapability(plant, book, schedule));
        // 90 t needs the 80 MN press (the 40 MN one takes 30 t at most).
        Assert.Equal("P-80", schedule.ForOrder("E").Single(o => o.Kind == OperationKind.Forge).Resource);
        // The best rule of the portfolio made it, and says so.
        Assert.Contains(schedule.Rule, DispatchRule.All.Select(r => r.Name));
    }

    [Fact]
    public void StepsFollowEachOtherAndEveryForgingStartsWithinTheTransferWindow()
    {
        var plant = TestData.SmallPlant();
        var book = MixedBook();

        var schedule = BaselineDispatcher.Dispatch(plant, book);

        Assert.Empty(BaselineChecks.PrecedenceAndTransfer(plant, book, schedule));
    }

    [Fact]
    public void FurnacePressAndHeatTreatmentCapacitiesHold()
    {
        // Twelve 30 t pieces released together: three fill a 100 t heating furnace by tonnes.
        var plant = TestData.SmallPlant();
        var book = TestData.Book(Enumerable.Range(1, 12)
            .Select(i => TestData.Order($"O{i:00}", massT: 30, releaseTempC: null, dueHours: 24 + i)).ToArray());

        var schedule = BaselineDispatcher.Dispatch(plant, book);

        Assert.Empty(BaselineChecks.Capacities(plant, book, schedule));
        var heatsAtStart = schedule.Operations.Count(o => o.Kind == OperationKind.Heat && o.Start == T0);
        Assert.True(heatsAtStart <= 6, $"{heatsAtStart} heats start at once; two furnaces hold three 30 t pieces each");
    }

    [Fact]
    public void HotIngotArrivingWhileTheOnlyFurnaceIsFullWaitsAndIsChargedColder()
    {
        // One heating furnace with room for one piece. Cold order A (due first) takes it at 0;
        // hot ingot B (800 °C, released at 1 h) must wait in the yard until A comes out.
        var plant = TestData.SmallPlant() with { HeatingFurnaces = [TestData.HeatingFurnace("HF-1", pieces: 1)] };
        var a = TestData.Order("A", releaseTempC: null, dueHours: 20);
        var b = TestData.Order("B", releaseTempC: 800, releaseHours: 1, dueHours: 30);
        var book = TestData.Book(a, b);

        var schedule = BaselineDispatcher.Dispatch(plant, book);

        var heatA = schedule.ForOrder("A").First();
        var heatB = schedule.ForOrder("B").First();
        // A cold from 20 °C: soak 1.3 h + 10·0.8·√0.8 = 7.1554 h → 8.4554 h = 507.33 min; the dispatcher
        // never books less than physics requires: 508 whole minutes.
        var coldMinutes = Math.Ceiling(ScheduleEvaluator.HeatingMinutes(plant, a, 1200, 20));
        Assert.Equal(508, coldMinutes);
        Assert.Equal(T0, heatA.Start);
        Assert.Equal(T0.AddMinutes(coldMinutes), heatB.Start);
        // B waited 508 − 60 = 448 min in the yard: 800 °C cools to 285.6 °C (d 0.8 m, radiation +
        // convection, integrated independently) instead of going in at 800 °C.
        Assert.Equal(ThermalPhysics.CooledTempC(plant, b, 800, coldMinutes - 60), heatB.ChargeTempC, 9);
        Assert.Equal(285.6, heatB.ChargeTempC, 1);
        // Charged at 285.6 °C (142.1 kJ/kg) it needs 1.3 h + 7.1554 h·(760 − 142.1)/760 = 7.12 h instead of 3.47 h hot.
        Assert.Equal(Math.Ceiling(ScheduleEvaluator.HeatingMinutes(plant, b, 1200, heatB.ChargeTempC)), (heatB.End - heatB.Start).TotalMinutes);
        Assert.True((heatB.End - heatB.Start).TotalMinutes > 420);
    }

    [Fact]
    public void HotIngotArrivingWhileAllHeatingFurnacesAreFullIsChargedWhenTheFirstPiecesComeOut()
    {
        // Eight cold 20 t pieces due first fill both four-piece furnaces of the small plant (staggered so
        // the two presses can take them); the 800 °C ingot released at 1 h finds no room.
        var plant = TestData.SmallPlant();
        var cold = Enumerable.Range(1, 8).Select(i => TestData.Order($"C{i}", releaseTempC: null, dueHours: 10 + i));
        var book = TestData.Book([.. cold, TestData.Order("H", releaseTempC: 800, releaseHours: 1, dueHours: 30)]);

        var schedule = BaselineDispatcher.Dispatch(plant, book, DispatchRule.GasFirst);

        var hot = schedule.ForOrder("H").First();
        var hotIfFree = T0.AddHours(1).AddMinutes(208); // its 208 min hot heat, had it gone in on arrival
        foreach (var furnace in plant.HeatingFurnaces)
        {
            var booked = schedule.Operations.Count(o => o.Resource == furnace.Id && o.Order != "H" && o.Start < hotIfFree && o.End > T0.AddHours(1));
            Assert.Equal(4, booked);
        }
        // C1 and C2 leave HF-1 after their 508 min cold heat; the ingot goes in then, cooled for 448 min
        // to 285.6 °C (as above).
        Assert.Equal(("HF-1", T0.AddMinutes(508)), (hot.Resource, hot.Start));
        Assert.Equal(285.6, hot.ChargeTempC, 1);
        // Gas furnace, η = 0.5: steel heat 20 t·(760 − 142.1) kJ/kg / 0.5 / 3600 = 6866 kWh, plus its share of the holding.
        var steel = ThermalPhysics.HeatingEnergyKwh(20, 1200, hot.ChargeTempC, 0.5);
        Assert.InRange(steel, 6860, 6872);
        Assert.True(hot.EnergyKwh > steel, $"{hot.EnergyKwh:F0} kWh");
        Assert.Empty(BaselineChecks.All(plant, book, schedule));
    }

    [Fact]
    public void HotIngotIsChargedHotWhenAFurnaceIsFreeOnArrival()
    {
        var plant = TestData.SmallPlant();
        var book = TestData.Book(TestData.Order("B", releaseTempC: 800, releaseHours: 1));

        var heat = BaselineDispatcher.Dispatch(plant, book, DispatchRule.GasFirst).ForOrder("B").First();

        Assert.Equal(T0.AddHours(1), heat.Start);
        Assert.Equal("HF-1", heat.Resource); // gas before electric
        Assert.Equal(800, heat.ChargeTempC, 9);
        // Hot: 1.3 h + 7.1554 h·(760 − 530)/760 = 3.4655 h → 208 whole minutes.
        Assert.Equal(208, (heat.End - heat.Start).TotalMinutes);
    }

    [Fact]
    public void DowntimeIsRespectedAndTheNextFurnaceAndPressTakeOver()
    {
        var plant = TestData.SmallPlant(
        [
            new Downtime("HF-1", T0, T0.AddHours(12)),
            new Downtime("P-40", T0, T0.AddHours(12)),
        ]);
        var book = TestData.Book(
            TestData.Order("A", massT: 20, releaseTempC: null, dueHours: 30),
            TestData.Order("B", massT: 20, releaseTempC: null, dueHours: 31));

        var schedule = BaselineDispatcher.Dispatch(plant, book, DispatchRule.GasFirst);

        Assert.Empty(BaselineChecks.Capacities(plant, book, schedule));
        var heatA = schedule.ForOrder("A").First();
        Assert.Equal(("HF-2", T0), (heatA.Resource, heatA.Start)); // the gas furnace is down: electric takes it
        Assert.Equal("P-80", schedule.ForOrder("A").ElementAt(1).Resource); // P-40 is down
        // B cannot forge on P-80 in A's press slot, so its heat is shifted to come out when P-80 frees.
        var forgeA = schedule.ForOrder("A").ElementAt(1);
        var forgeB = schedule.ForOrder("B").ElementAt(1);
        Assert.True(forgeB.Start >= forgeA.End);
    }

    [Fact]
    public void ALonePieceWaitsAShiftForCompanyThenGoesInOnceCooled()
    {
        var plant = TestData.SmallPlant();
        var book = TestData.Book(TestData.Order("A", releaseTempC: null, recipe: "N1"));

        var ops = BaselineDispatcher.Dispatch(plant, book).ForOrder("A").ToList();

        // Leaves the press at 850 °C; N1 takes ≤ 550 °C, reached after 1.89 h in the yard (0.8 m),
        // well inside the 8 h the charge waits for company.
        var forge = ops[1];
        var ht = ops[2];
        Assert.Equal(forge.End.AddHours(8), ht.Start);
        Assert.Equal(("HT-1", "HT-1/c1"), (ht.Resource, ht.Charge));
        Assert.Equal(8 * 60, (ht.End - ht.Start).TotalMinutes);
        Assert.Equal(ThermalPhysics.CooledTempC(plant, book.Orders[0], 850, 480), ht.ChargeTempC, 9);
    }

    [Fact]
    public void AChargeNeverGoesInHotterThanItsRecipeAllows()
    {
        // T1 allows 450 °C: from 850 °C that takes 195 min in the yard for a 0.8 m piece, but a 3 m
        // piece (cooling time scales with diameter) needs 730 min = 12.2 h, longer than the 8 h shift.
        var plant = TestData.SmallPlant();
        var book = TestData.Book(TestData.Order("A", releaseTempC: null, recipe: "T1", diameterM: 3.0));

        var ops = BaselineDispatcher.Dispatch(plant, book).ForOrder("A").ToList();

        var waited = (ops[2].Start - ops[1].End).TotalMinutes;
        Assert.Equal(Math.Ceiling(ThermalPhysics.CoolingMinutes(plant, book.Orders[0], 850, 450)), waited);
        Assert.True(waited > 480);
        Assert.True(ops[2].ChargeTempC <= 450);
    }

    [Fact]
    public void HeatTreatmentBatchesPiecesOfOneGroupAndNeverMixesGroups()
    {
        // Seven 20 t normalising pieces and three tempering pieces, all released together: the 100 t
        // furnaces take five 20 t pieces, so the normalising group makes a charge of 5 and one of 2.
        var plant = TestData.SmallPlant();
        var orders = Enumerable.Range(1, 7).Select(i => TestData.Order($"N{i}", releaseTempC: null, dueHours: 20 + i, recipe: "N1"))
            .Concat(Enumerable.Range(1, 3).Select(i => TestData.Order($"T{i}", releaseTempC: null, dueHours: 20 + i, recipe: "T1")))
            .ToArray();
        var book = TestData.Book(orders);

        var schedule = BaselineDispatcher.Dispatch(plant, book);

        Assert.Empty(BaselineChecks.Capacities(plant, book, schedule));
        var charges = schedule.Operations.Where(o => o.Kind == OperationKind.HeatTreat).GroupBy(o => o.Charge).ToList();
        var sizes = charges.Select(c => (Group: c.First().Order[0], Count: c.Count())).OrderBy(c => c.Group).ThenByDescending(c => c.Count).ToList();
        Assert.Equal([('N', 5), ('N', 2), ('T', 3)], sizes);
        Assert.All(charges, c => Assert.Single(c.Select(o => o.Order[0]).Distinct()));
    }

    [Fact]
    public void RecipesOfOneGroupShareAChargeForTheLongestCycleInAFurnaceThatRunsBoth()
    {
        // N2 is a second normalising recipe (12 h) that only HT-1 runs.
        var plant = TestData.SmallPlant() with
        {
            Recipes = [.. TestData.SmallPlant().Recipes, new Recipe("N2", 900, 12, 550, "normalise")],
            HeatTreatmentFurnaces =
            [
                TestData.HeatTreatmentFurnace("HT-1", ["N1", "N2", "T1"]),
                TestData.HeatTreatmentFurnace("HT-2", ["N1", "T1"], Carrier.Electric, efficiency: 0.85),
            ],
        };
        var book = TestData.Book(
            TestData.Order("A", releaseTempC: null, dueHours: 20, recipe: "N1"),
            TestData.Order("B", releaseTempC: null, dueHours: 21, recipe: "N2"));

        var schedule = BaselineDispatcher.Dispatch(plant, book);

        var ht = schedule.Operations.Where(o => o.Kind == OperationKind.HeatTreat).ToList();
        Assert.Single(ht.Select(o => (o.Charge, o.Resource, o.Start, o.End)).Distinct());
        Assert.Equal("HT-1", ht[0].Resource);
        Assert.Equal(12 * 60, (ht[0].End - ht[0].Start).TotalMinutes);
    }

    [Fact]
    public void ElectricPowerCapDelaysElectricFurnaceWork()
    {
        // Gas heating furnace down: four cold pieces would all go into the electric one at once
        // (≈ 587 kW each, plus the furnace's 300 kW holding once), but the plant may draw only 1500 kW.
        var plant = TestData.SmallPlant([new Downtime("HF-1", T0, T0.AddDays(3))], powerCapKw: 1500);
        var book = TestData.Book(Enumerable.Range(1, 4)
            .Select(i => TestData.Order($"O{i}", releaseTempC: null, dueHours: 30 + i)).ToArray());

        var schedule = BaselineDispatcher.Dispatch(plant, book);

        Assert.Empty(BaselineChecks.Capacities(plant, book, schedule));
        Assert.InRange(BaselineChecks.PeakElectricKw(schedule), 1000, 1500);
        var heats = schedule.Operations.Where(o => o.Kind == OperationKind.Heat).ToList();
        var mostAtOnce = heats.Max(h => heats.Count(o => o.Start <= h.Start && o.End > h.Start));
        Assert.Equal(2, mostAtOnce); // the furnace holds four, the power cap two
    }

    [Fact]
    public void ClaimedTemperaturesAndEnergiesAreWhatPhysicsSays()
    {
        var plant = TestData.SmallPlant();
        var book = MixedBook();

        var schedule = BaselineDispatcher.Dispatch(plant, book);

        var evaluated = ScheduleEvaluator.Evaluate(plant, book, schedule);
        Assert.All(evaluated.Operations, e =>
        {
            Assert.Equal(e.ChargeTempC, e.Operation.ChargeTempC, 9);
            Assert.Equal(e.EnergyKwh, e.Operation.EnergyKwh, 9);
            Assert.Equal(e.Carrier, e.Operation.Carrier);
            Assert.True((e.Operation.End - e.Operation.Start).TotalMinutes >= e.RequiredMinutes, $"{e.Operation.Order} step {e.Operation.Step} too short");
        });
    }

    [Fact]
    public void ARandomBookOfFortyOrdersIsScheduledCompletelyWithinTheRules()
    {
        var plant = TestData.SmallPlant([new Downtime("P-80", T0.AddHours(20), T0.AddHours(26))], powerCapKw: 4000);
        var book = RandomBook(40, seed: 20261126);

        var schedule = BaselineDispatcher.Dispatch(plant, book);

        Assert.Equal(book.Orders.Sum(o => Route.StepCount(o)), schedule.Operations.Count);
        Assert.All(schedule.Operations, o => Assert.True(o.End > o.Start));
        Assert.Empty(BaselineChecks.All(plant, book, schedule));
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void TwoHundredOrdersAreDispatchedByEveryRuleWithinTheRules(string rule)
    {
        var plant = TestData.SmallPlant();
        var book = RandomBook(200, seed: 7);

        var schedule = BaselineDispatcher.Dispatch(plant, book, DispatchRule.Find(rule)!);

        // Its speed is measured by `forge bench --cases speed`, not asserted here.
        Assert.Equal(rule, schedule.Rule);
        Assert.Equal(book.Orders.Sum(o => Route.StepCount(o)), schedule.Operations.Count);
        Assert.Empty(BaselineChecks.All(plant, book, schedule));
    }

    public static TheoryData<string> RuleNames() => [.. DispatchRule.All.Select(r => r.Name)];

    [Fact]
    public void SameInputGivesTheSameSchedule()
    {
        var plant = TestData.SmallPlant();
        var book = RandomBook(30, seed: 3);

        Assert.Equal(BaselineDispatcher.Dispatch(plant, book).Operations, BaselineDispatcher.Dispatch(plant, book).Operations);
    }

    private static OrderBook RandomBook(int count, int seed)
    {
        var random = new Random(seed);
        var orders = new List<Order>(count);
        for (var i = 0; i < count; i++)
        {
            var mass = Math.Round(5 + random.NextDouble() * 85, 1);
            var minForce = mass > 30 ? 60 : 30;
            var heats = Enumerable.Range(0, random.Next(1, 4))
                .Select(_ => new ForgingHeat(1150 + 10 * random.Next(0, 8), 20 + random.Next(0, 50), minForce, 800 + random.Next(0, 100)))
                .ToList();
            var release = T0.AddMinutes(random.Next(0, 48 * 60));
            double? releaseTemp = random.NextDouble() < 0.5 ? null : 650 + random.Next(0, 250);
            orders.Add(new Order($"R{i:000}", "shaft", "42CrMo4", mass, 0.3 + random.NextDouble() * 1.2, release, releaseTemp,
                release.AddHours(24 + random.Next(0, 72)), 1 + random.Next(0, 3), heats, random.Next(2) == 0 ? "N1" : "T1", null));
        }
        return new OrderBook("small", T0, orders);
    }
}
