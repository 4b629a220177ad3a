using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Cluster.Tests;

/// <summary>The plant grain's writes are all or nothing, an Idempotency-Key is applied once, an If-Match
/// reschedule makes one version, and a plant revision cannot strand the stored book (issue 15).</summary>
[Collection(InProcessClusterCollection.Name)]
public sealed class WriteIntegrityTests(InProcessClusterFixture fixture)
{
    [Fact]
    public async Task AnEventBatchWithOneBadEventLogsNothingAndChangesNoOrder()
    {
        var plant = fixture.Client.GetGrain<IPlantGrain>("batch-bad");
        await ClusterTestData.Load(plant, "batch-bad", 2);
        var rush = ClusterTestData.Order("RUSH");

        // A valid rush order, then a resource the plant does not have.
        var unknown = await Assert.ThrowsAsync<PlantRejectedException>(() => plant.PostEvents(
        [
            new ShopFloorEvent { Type = ShopFloorEventTypes.OrderAdded, At = ClusterTestData.PlanStart, OrderData = rush },
            ClusterTestData.Event(ShopFloorEventTypes.ResourceDown, "HF-9"),
        ]));
        Assert.Contains(unknown.Rejection.Problems, p => p.Field == "events[1].resource");
        // A down at the end of time without 'until' cannot be planned as 24 h down: refused before it is logged.
        var endOfTime = await Assert.ThrowsAsync<PlantRejectedException>(() => plant.PostEvents(
        [
            ClusterTestData.Event(ShopFloorEventTypes.ResourceDown, "HF-1"),
            new ShopFloorEvent { Type = ShopFloorEventTypes.ResourceDown, At = DateTimeOffset.MaxValue.AddHours(-1), Resource = "HF-2" },
        ]));
        Assert.Contains(endOfTime.Rejection.Problems, p => p.Field == "events[1].at");

        var status = await plant.GetStatus();
        Assert.Equal(0, status.LastEventSequence);
        Assert.Empty(status.DownResources);
        Assert.Empty(await plant.GetEventLog());
        Assert.Equal(2, status.OrderCount);
    }

    [Fact]
    public async Task AFloorReportTheBookCannotPlaceIsRefusedByTheGrainNamingTheEvent()
    {
        var plant = fixture.Client.GetGrain<IPlantGrain>("plan-check");
        await ClusterTestData.Load(plant, "plan-check", 2);

        // A start of an order the book does not hold, after a valid down: the grain refuses the batch in
        // its own turn (the API no longer reads the book first), naming the event and the field.
        var refused = await Assert.ThrowsAsync<PlantRejectedException>(() => plant.PostEvents(
        [
            ClusterTestData.Event(ShopFloorEventTypes.ResourceDown, "HF-1"),
            new ShopFloorEvent { Type = ShopFloorEventTypes.OperationStarted, At = ClusterTestData.PlanStart.AddHours(1), Order = "NO-SUCH", Step = 1, Resource = "HF-2" },
        ]));

        Assert.Equal(422, refused.Rejection.Status);
        Assert.Contains(refused.Rejection.Problems, p => p.Field == "events[1].order");
        Assert.Empty(await plant.GetEventLog());
        Assert.Empty((await plant.GetStatus()).DownResources);
    }

    [Fact]
    public async Task EightConcurrentUpsertsWithOneKeyAndDifferentBodiesApplyExactlyOne()
    {
        var plant = fixture.Client.GetGrain<IPlantGrain>("key-race");
        await ClusterTestData.Load(plant, "key-race", 2);
        var claim = (int i) => new RequestClaim { Key = "mes-42", RequestHash = $"body-{i}" };

        var tries = await Concurrently(8, async i =>
            await plant.UpsertOrders(new OrderBook("key-race", ClusterTestData.PlanStart, [ClusterTestData.Order($"K{i}")]), claim(i)));

        var applied = Assert.Single(tries.OfType<OrdersAccepted>());
        Assert.False(applied.Replayed);
        Assert.All(tries.OfType<PlantRejectedException>(), e => Assert.Equal(409, e.Rejection.Status));
        Assert.Equal(7, tries.OfType<PlantRejectedException>().Count());
        Assert.Equal(3, (await plant.GetStatus()).OrderCount);

        // The same body eight times: one copy stored, every answer the first one.
        var same = new RequestClaim { Key = "mes-43", RequestHash = "one-body" };
        var book = new OrderBook("key-race", ClusterTestData.PlanStart, [ClusterTestData.Order("SAME")]);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => plant.UpsertOrders(book, same)));
        Assert.Single(answers, a => !a.Replayed);
        Assert.All(answers, a => Assert.Equal("inserted", Assert.Single(a.Outcomes).Outcome));
        Assert.All(answers, a => Assert.Equal(4, a.OrderCount));
        Assert.Equal(4, (await plant.GetStatus()).OrderCount);
    }

    [Fact]
    public async Task OneEventBodyPostedEightTimesWithOneKeyIsLoggedOnce()
    {
        var plant = fixture.Client.GetGrain<IPlantGrain>("key-events");
        await ClusterTestData.Load(plant, "key-events", 2);
        var claim = new RequestClaim { Key = "floor-7", RequestHash = "same" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            plant.PostEvents([ClusterTestData.Event(ShopFloorEventTypes.ResourceUp, "HF-1", 10)], claim)));

        Assert.Single(answers, a => !a.Replayed);
        Assert.All(answers, a => Assert.Equal(1, a.LastSequence));
        Assert.Single(await plant.GetEventLog());
    }

    [Fact]
    public async Task FourConcurrentReschedulesWithOneIfMatchMakeExactlyOneVersion()
    {
        var plant = fixture.Client.GetGrain<IPlantGrain>("if-match");
        await ClusterTestData.Load(plant, "if-match", 3);
        Assert.Equal(1, (await plant.Reschedule()).Version);

        var tries = await Concurrently(4, async _ => await plant.RescheduleIfCurrent(1, null));

        var made = Assert.Single(tries.OfType<RescheduleResult>());
        Assert.Equal(2, made.Version);
        Assert.All(tries.OfType<PlantRejectedException>(), e => Assert.Equal(412, e.Rejection.Status));
        Assert.Equal(3, tries.OfType<PlantRejectedException>().Count());
        Assert.Equal(2, (await plant.GetStatus()).CurrentVersion);
        // The winner's version is the new ETag: a request on it goes through, one on the old one does not.
        Assert.Equal(3, (await plant.RescheduleIfCurrent(2, null)).Version);
        var stale = await Assert.ThrowsAsync<PlantRejectedException>(() => plant.RescheduleIfCurrent(2, null));
        Assert.Equal(412, stale.Rejection.Status);
    }

    [Fact]
    public async Task EightConcurrentConditionalUpsertsOnOneVersionApplyExactlyOne()
    {
        var plant = fixture.Client.GetGrain<IPlantGrain>("if-match-orders");
        await ClusterTestData.Load(plant, "if-match-orders", 3);
        Assert.Equal(1, (await plant.Reschedule()).Version);

        // Eight clients decided on version 1, each adding its own order: the check and the claim are the
        // grain's, so exactly one is applied; with the check before the grain call all eight were.
        var tries = await Concurrently(8, async i =>
            await plant.UpsertOrders(new OrderBook("if-match-orders", ClusterTestData.PlanStart, [ClusterTestData.Order($"IM-{i}")]), expectedVersion: 1));

        var applied = Assert.Single(tries.OfType<OrdersAccepted>());
        Assert.Equal(1, applied.Added);
        var refused = tries.OfType<PlantRejectedException>().ToList();
        Assert.Equal(7, refused.Count);
        Assert.All(refused, e => Assert.Equal((412, 1), (e.Rejection.Status, e.Rejection.CurrentVersion)));
        Assert.All(refused, e => Assert.Equal("If-Match", Assert.Single(e.Rejection.Problems).Field));
        Assert.Equal(4, (await plant.GetOrders()).Orders.Count);
        // A stale version is refused and writes nothing; an unconditional write is not held back.
        var stale = await Assert.ThrowsAsync<PlantRejectedException>(() => plant.CancelOrder("O1", expectedVersion: 0));
        Assert.Equal(412, stale.Rejection.Status);
        Assert.True(await plant.CancelOrder("O1"));
        // The next version is a fresh ETag: one conditional write on it goes through again.
        Assert.Equal(2, (await plant.Reschedule()).Version);
        Assert.True(await plant.CancelOrder("O2", expectedVersion: 2));
        Assert.Equal(412, (await Assert.ThrowsAsync<PlantRejectedException>(() => plant.CancelOrder("O3", expectedVersion: 2))).Rejection.Status);
        var left = (await plant.GetOrders()).Orders.Select(o => o.Id).ToList();
        Assert.Equal(2, left.Count);
        Assert.Contains("O3", left);
    }

    [Fact]
    public async Task EightConcurrentConditionalEventPostsOnOneVersionLogExactlyOne()
    {
        var plant = fixture.Client.GetGrain<IPlantGrain>("if-match-events");
        await ClusterTestData.Load(plant, "if-match-events", 3);
        Assert.Equal(1, (await plant.Reschedule()).Version);

        var tries = await Concurrently(8, async i => await plant.PostEvents(
            [new ShopFloorEvent { Type = ShopFloorEventTypes.OrderAdded, At = ClusterTestData.PlanStart, OrderData = ClusterTestData.Order($"IE-{i}") }],
            expectedVersion: 1));

        var applied = Assert.Single(tries.OfType<EventsAccepted>());
        Assert.Equal(1, applied.LastSequence);
        Assert.Equal(7, tries.OfType<PlantRejectedException>().Count(e => e.Rejection.Status == 412));
        Assert.Single(await plant.GetEventLog());
        Assert.Equal(4, (await plant.GetOrders()).Orders.Count);
    }

    [Fact]
    public async Task APlantRevisionThatStrandsStoredOrdersIsRefusedAndThePlantStillPlans()
    {
        var plant = fixture.Client.GetGrain<IPlantGrain>("revision");
        await ClusterTestData.Load(plant, "revision", 3);
        var small = ClusterTestData.SmallPlant("revision");
        // Every press takes at most 5 t; the stored orders are 20 t pieces.
        var stranding = small with { Presses = [.. small.Presses.Select(p => p with { MaxPieceTonnes = 5 })] };

        var refused = await Assert.ThrowsAsync<PlantRejectedException>(() => plant.SetPlant(stranding));

        Assert.Equal(409, refused.Rejection.Status);
        Assert.Contains(refused.Rejection.Problems, p => p.Field == "orders[0].heats[0].min_force_mn" && p.Message.Contains("O1", StringComparison.Ordinal));
        Assert.Equal(DomainJson.Write(small), DomainJson.Write(await plant.GetPlant()));
        var planned = await plant.Reschedule();
        Assert.True(planned.Published, string.Join("; ", planned.BrokenRules));
        // A revision the book survives is taken.
        Assert.Equal("updated", (await plant.SetPlant(small with { AmbientC = 22 })).Outcome);
    }

    /// <summary>Runs <paramref name="count"/> calls at once; each answer is what the grain returned or the
    /// rejection it threw, so a test can count winners and refusals.</summary>
    private static async Task<object[]> Concurrently<T>(int count, Func<int, Task<T>> call) where T : notnull =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            try { return (object)await call(i); }
            catch (PlantRejectedException e) { return e; }
        }));
}
