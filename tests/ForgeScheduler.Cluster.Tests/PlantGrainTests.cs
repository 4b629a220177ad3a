using ForgeScheduler.Solver.Physics;
using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Cluster.Tests;

[Collection(InProcessClusterCollection.Name)]
public sealed class PlantGrainTests(InProcessClusterFixture fixture)
{
    private static readonly TimeSpan Patience = ClusterTestData.CallPatience;

    [Fact]
    public async Task RescheduleOfASmallBookPublishesAValidVersionOne()
    {
        var plant = fixture.Client.GetGrain<IPlantGrain>("first");
        await ClusterTestData.Load(plant, "first", 4);

        var result = await plant.Reschedule();

        Assert.Equal(1, result.Version);
        Assert.Equal(0, result.Violations);
        Assert.Equal(4 * 3, result.Operations); // one heat: heat, forge, heat treatment per order
        Assert.Equal(12, result.Diff.Added);
        var published = await plant.GetSchedule();
        Assert.NotNull(published);
        var schedule = published.Schedule;
        var book = ClusterTestData.Book("first", 4);
        Assert.Empty(ScheduleValidator.Validate(ClusterTestData.SmallPlant("first"), book, schedule));
        var kpis = await plant.GetKpis();
        Assert.NotNull(kpis);
        Assert.Equal(80.0, kpis.Tonnes, 6);
        Assert.Equal(1, kpis.Version);
    }

    [Fact]
    public async Task ResourceGrainsReceiveTheirChargesOfThePublishedVersion()
    {
        var plant = fixture.Client.GetGrain<IPlantGrain>("charges");
        await ClusterTestData.Load(plant, "charges", 3);
        await plant.Reschedule();
        var schedule = (await plant.GetSchedule())!.Schedule;

        var planned = 0;
        foreach (var resource in new[] { "HF-1", "HF-2", "HT-1" })
        {
            var state = await fixture.Client.GetGrain<IFurnaceGrain>(ResourceKeys.Of("charges", resource)).GetState();
            Assert.Equal(1, state.ScheduleVersion);
            planned += schedule.Operations.Count(o => o.Resource == resource);
            var first = schedule.Operations.Where(o => o.Resource == resource).MinBy(o => o.Start);
            Assert.Equal(first?.Charge, state.NextCharge?.Charge);
        }
        foreach (var press in new[] { "P-40", "P-80" })
        {
            var state = await fixture.Client.GetGrain<IPressGrain>(ResourceKeys.Of("charges", press)).GetState();
            Assert.Equal(1, state.ScheduleVersion);
            planned += schedule.Operations.Count(o => o.Resource == press);
        }
        Assert.Equal(9, planned);
    }

    [Fact]
    public async Task EventsArrivingDuringASolveAreFoldedIntoOneFollowUpSolve()
    {
        const string id = "burst";
        var plant = fixture.Client.GetGrain<IPlantGrain>(id);
        await ClusterTestData.Load(plant, id, 3);
        fixture.Planner.Close(id);

        var first = await plant.PostEvents([ClusterTestData.Event(ShopFloorEventTypes.ResourceUp, "P-40", 1)]);
        Assert.True(first.RescheduleRequested);
        await fixture.Planner.Entered(id).WaitAsync(Patience);
        for (var i = 2; i <= 5; i++)
            await plant.PostEvents([ClusterTestData.Event(ShopFloorEventTypes.ResourceUp, "P-40", i)]);
        Assert.Equal(1, fixture.Planner.Calls(id));
        fixture.Planner.Open(id);

        var settled = await ClusterTestData.Eventually(plant.GetStatus, s => !s.SolveRunning && s.CurrentVersion >= 2, Patience,
            "the held solve and its follow-up finish");
        Assert.Equal(2, settled.CurrentVersion);
        Assert.Equal(2, settled.SolvesStarted);
        Assert.Equal(2, fixture.Planner.Calls(id));
        var second = await plant.GetSchedule(2);
        Assert.Equal(5, second!.EventsThrough);
        Assert.Equal(1, (await plant.GetSchedule(1))!.EventsThrough);
        Assert.Equal(5, (await plant.GetEventLog()).Count);
    }

    [Fact]
    public async Task PlantStateSurvivesDeactivation()
    {
        const string id = "survivor";
        var plant = fixture.Client.GetGrain<IPlantGrain>(id);
        await ClusterTestData.Load(plant, id, 4);
        await plant.Reschedule();
        Assert.True(await plant.CancelOrder("O4"));
        Assert.Equal(1, (await plant.GetStatus()).SolvesStarted);

        await fixture.Cluster.DeactivateAsync(plant);

        var status = await plant.GetStatus();
        Assert.Equal(0, status.SolvesStarted); // a fresh activation: the in-memory counter started again
        Assert.True(status.HasPlant);
        Assert.Equal(3, status.OrderCount);
        Assert.Equal(1, status.CurrentVersion);
        Assert.Equal(12, (await plant.GetSchedule(1))!.Schedule.Operations.Count);
        var next = await plant.Reschedule();
        Assert.Equal(2, next.Version);
        Assert.Equal(3, next.Diff.Removed); // O4's three steps
    }

    [Fact]
    public async Task FurnaceReportedDownIsNotUsedByTheNextVersion()
    {
        const string id = "down";
        var plant = fixture.Client.GetGrain<IPlantGrain>(id);
        await ClusterTestData.Load(plant, id, 4);
        var v1 = await Published(plant);
        // Take down the heating furnace version 1 uses most, so the test shows the plan moving off it.
        var busiest = v1.Operations.Where(o => o.Kind == OperationKind.Heat).GroupBy(o => o.Resource).MaxBy(g => g.Count())!.Key;
        var other = busiest == "HF-1" ? "HF-2" : "HF-1";

        await plant.PostEvents([new ShopFloorEvent
        {
            Type = ShopFloorEventTypes.ResourceDown, At = ClusterTestData.PlanStart, Resource = busiest,
            Until = ClusterTestData.PlanStart.AddDays(7),
        }]);

        var status = await ClusterTestData.Eventually(plant.GetStatus, s => !s.SolveRunning && s.CurrentVersion >= 2, Patience,
            "a reschedule after the down event");
        Assert.Equal([busiest], status.DownResources);
        var v2 = await plant.GetSchedule(2);
        Assert.Equal(0, v2!.Violations);
        var heats = v2.Schedule.Operations.Where(o => o.Kind == OperationKind.Heat).ToList();
        Assert.Equal(4, heats.Count);
        Assert.All(heats, h => Assert.Equal(other, h.Resource));
        Assert.True((await fixture.Client.GetGrain<IFurnaceGrain>(ResourceKeys.Of(id, busiest)).GetState()).IsDown);
    }

    [Fact]
    public async Task OperationReportedStartedStaysFixedInTheNextVersion()
    {
        const string id = "started";
        var plant = fixture.Client.GetGrain<IPlantGrain>(id);
        // A plan that began three hours before the grains' (fake) now, so "now" is after its first operation.
        var now = fixture.Time.GetUtcNow();
        var start = now.AddHours(-3);
        var orders = Enumerable.Range(1, 3)
            .Select(i => ClusterTestData.Order($"O{i}") with { Release = start.AddHours(i - 1), Due = start.AddHours(48) }).ToList();
        await plant.SetPlant(ClusterTestData.SmallPlant(id));
        await plant.UpsertOrders(new OrderBook(id, start, orders));
        var v1 = await Published(plant);
        var first = v1.Operations.MinBy(o => o.Start)!;
        Assert.True(first.Start < now);

        await plant.PostEvents([new ShopFloorEvent
        {
            Type = ShopFloorEventTypes.OperationStarted, At = first.Start, Resource = first.Resource, Order = first.Order, Step = first.Step, TempC = 20,
        }]);
        var status = await ClusterTestData.Eventually(plant.GetStatus, s => !s.SolveRunning && s.CurrentVersion >= 2, Patience,
            "a reschedule after the operation_started event");

        Assert.Equal(2, status.CurrentVersion);
        var request = fixture.Planner.LastRequest(id)!;
        Assert.NotNull(request.Previous);
        Assert.Equal(now, request.Now);
        Assert.True(request.Now > first.Start);
        var v2 = await plant.GetSchedule(2);
        Assert.Equal(0, v2!.Violations);
        var again = v2.Schedule.Operations.Single(o => o.Order == first.Order && o.Step == first.Step);
        Assert.Equal(first.Resource, again.Resource);
        Assert.Equal(first.Start, again.Start);
        Assert.Equal(9, v2.Schedule.Operations.Count);
    }

    [Fact]
    public async Task PlantFitsTheCoolingLawFromMeasuredEventsAndPlansWithItOnceGood()
    {
        const string id = "cooling";
        const double emissivity = 0.5; // the yard the synthetic readings come from (the plant says 0.8)
        var testPlant = ClusterTestData.SmallPlant(id);
        var order = ClusterTestData.Order("O1");
        var yard = ThermalPhysics.YardCooling(testPlant.AmbientC, testPlant.Cooling with { Emissivity = emissivity });
        var plant = fixture.Client.GetGrain<IPlantGrain>(id);
        await ClusterTestData.Load(plant, id, 6);
        // Each piece leaves the press (step 2) at 850 °C and enters heat treatment (step 3) 30·i minutes later.
        IReadOnlyList<ShopFloorEvent> Pair(int i)
        {
            var left = ClusterTestData.PlanStart.AddHours(i);
            var minutes = 30.0 * i;
            return
            [
                new ShopFloorEvent { Type = ShopFloorEventTypes.OperationFinished, At = left, Order = $"O{i}", Step = 2, TempC = 850 },
                new ShopFloorEvent
                {
                    Type = ShopFloorEventTypes.OperationStarted, At = left.AddMinutes(minutes), Resource = "HT-1", Order = $"O{i}", Step = 3,
                    TempC = yard.CooledTempC(850, minutes / 60, order.DiameterMetres),
                },
            ];
        }

        await plant.PostEvents([.. Enumerable.Range(1, 4).SelectMany(Pair)]);
        var early = Assert.Single((await plant.GetStatus()).CoolingFits);
        await plant.PostEvents([.. Enumerable.Range(5, 2).SelectMany(Pair)]);
        var fit = Assert.Single((await plant.GetStatus()).CoolingFits);
        await plant.Reschedule();

        Assert.Equal(4, early.Points);
        Assert.False(early.InUse); // fewer than 5 points: not yet planned with
        Assert.Equal(6, fit.Points);
        Assert.True(fit.InUse);
        Assert.Equal("42CrMo4", fit.Grade);
        Assert.Equal(0.75, fit.DiameterMinMetres, 9);
        Assert.Equal(emissivity, fit.Emissivity, 3);
        Assert.Equal(1.0, fit.RSquared, 4);
        var planned = Assert.Single(fixture.Planner.LastRequest(id)!.Plant.CoolingFits);
        Assert.Equal(emissivity, planned.Emissivity, 3);
    }

    [Fact]
    public async Task FinishedOperationsAreMeteredOnTheirResourceByCarrier()
    {
        const string id = "meter";
        var plant = fixture.Client.GetGrain<IPlantGrain>(id);
        await ClusterTestData.Load(plant, id, 2);
        await plant.Reschedule();
        var furnace = fixture.Client.GetGrain<IFurnaceGrain>(ResourceKeys.Of(id, "HF-1"));

        await plant.PostEvents([
            new ShopFloorEvent { Type = ShopFloorEventTypes.OperationStarted, At = ClusterTestData.PlanStart, Resource = "HF-1", Order = "O1", Step = 1, TempC = 780 },
        ]);
        var running = await furnace.GetState();
        await plant.PostEvents([
            new ShopFloorEvent { Type = ShopFloorEventTypes.OperationFinished, At = ClusterTestData.PlanStart.AddHours(3), Resource = "HF-1", Order = "O1", Step = 1, TempC = 1195, EnergyKwh = 1234.5 },
            new ShopFloorEvent { Type = ShopFloorEventTypes.OperationFinished, At = ClusterTestData.PlanStart.AddHours(4), Resource = "HF-1", Order = "O2", Step = 1, EnergyKwh = 100 },
        ]);
        var done = await furnace.GetState();

        Assert.Equal("O1", Assert.Single(running.Running).Order);
        Assert.Empty(done.Running);
        Assert.Equal(2, done.FinishedOperations);
        Assert.Equal(1334.5, done.MeteredEnergyKwhByCarrier["gas"], 6);
        Assert.False(done.MeteredEnergyKwhByCarrier.ContainsKey("electric"));
    }

    [Fact]
    public async Task BatchWithABadEventIsRejectedWholeAndNotLogged()
    {
        var plant = fixture.Client.GetGrain<IPlantGrain>("strict");
        await ClusterTestData.Load(plant, "strict", 1);

        await Assert.ThrowsAsync<ArgumentException>(() => plant.PostEvents([ClusterTestData.Event("furnace_exploded", "HF-1")]));
        var error = await Assert.ThrowsAsync<PlantRejectedException>(() => plant.PostEvents([
            ClusterTestData.Event(ShopFloorEventTypes.ResourceDown, "HF-1"),
            ClusterTestData.Event(ShopFloorEventTypes.ResourceDown, "HF-9"),
        ]));

        Assert.Equal(422, error.Rejection.Status);
        Assert.Contains(error.Rejection.Problems, p => p.Field == "events[1].resource");
        Assert.Empty(await plant.GetEventLog());
        Assert.Empty((await plant.GetStatus()).DownResources);
    }

    [Fact]
    public async Task OrdersForAnotherPlantAreRejected()
    {
        var plant = fixture.Client.GetGrain<IPlantGrain>("mine");
        await plant.SetPlant(ClusterTestData.SmallPlant("mine"));

        var error = await Assert.ThrowsAsync<PlantRejectedException>(() => plant.UpsertOrders(ClusterTestData.Book("theirs", 2)));

        Assert.Contains("theirs", error.Message, StringComparison.Ordinal);
        Assert.Equal(422, error.Rejection.Status);
        Assert.Equal("plant", Assert.Single(error.Rejection.Problems).Field);
        Assert.Equal(0, (await plant.GetStatus()).OrderCount);
    }

    private static async Task<Schedule> Published(IPlantGrain plant) => (await plant.Reschedule()) is { Version: var v }
        ? (await plant.GetSchedule(v))!.Schedule
        : throw new InvalidOperationException();
}
