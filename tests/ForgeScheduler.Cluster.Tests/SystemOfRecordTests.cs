using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Cluster.Grains;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Cluster.Tests;

/// <summary>The plant grain as the system of record: orders as rows, identity with progress, validity of
/// what it publishes.</summary>
[Collection(InProcessClusterCollection.Name)]
public sealed class SystemOfRecordTests(InProcessClusterFixture fixture)
{
    [Fact]
    public async Task APlanThatBreaksTheRulesIsNotPublishedAndThePreviousVersionStaysCurrent()
    {
        var plant = fixture.Client.GetGrain<IPlantGrain>("never-broken");
        await ClusterTestData.Load(plant, "never-broken", 3);
        var first = await plant.Reschedule();
        Assert.True(first.Published);
        Assert.Equal(1, first.Version);

        fixture.Planner.Break("never-broken");
        try
        {
            var refused = await plant.Reschedule();

            Assert.False(refused.Published);
            Assert.Equal(1, refused.Version);
            Assert.True(refused.Violations > 0);
            Assert.NotEmpty(refused.BrokenRules);
            Assert.Equal(1, (await plant.GetStatus()).CurrentVersion);
            Assert.Equal(1, (await plant.GetSchedule())!.Version);
        }
        finally
        {
            fixture.Planner.Mend("never-broken");
        }
        Assert.Equal(2, (await plant.Reschedule()).Version);
    }

    [Fact]
    public async Task AStartedOrderKeepsItsPieceAndAContradictionIsA409NamingTheField()
    {
        var plant = fixture.Client.GetGrain<IPlantGrain>("progress");
        await ClusterTestData.Load(plant, "progress", 2);
        await plant.Reschedule();
        await plant.PostEvents([new ShopFloorEvent
        {
            Type = ShopFloorEventTypes.OperationStarted, At = ClusterTestData.PlanStart.AddHours(2), Resource = "HF-1", Order = "O1", Step = 1, TempC = 20,
        }]);
        var known = ClusterTestData.Order("O1", releaseHours: 1);

        var heavier = await Assert.ThrowsAsync<PlantRejectedException>(() => plant.UpsertOrders(
            new OrderBook("progress", ClusterTestData.PlanStart, [known with { MassTonnes = 25 }])));
        Assert.Equal(409, heavier.Rejection.Status);
        Assert.Equal("orders[0].mass_t", Assert.Single(heavier.Rejection.Problems).Field);

        var reforged = await Assert.ThrowsAsync<PlantRejectedException>(() => plant.UpsertOrders(
            new OrderBook("progress", ClusterTestData.PlanStart, [known with { Heats = [new ForgingHeat(1250, 40, 30, 850)] }])));
        Assert.Equal("orders[0].heats[0]", Assert.Single(reforged.Rejection.Problems).Field);

        // What is still ahead may change: a later due date is accepted, and the plant still plans.
        var later = await plant.UpsertOrders(
            new OrderBook("progress", ClusterTestData.PlanStart, [known with { Due = known.Due.AddHours(12) }]));
        Assert.Equal("updated", Assert.Single(later.Outcomes).Outcome);
        var book = await plant.GetOrders();
        Assert.Equal(known.Due.AddHours(12), book.Find("O1")!.Due);
        Assert.Equal(2, book.Orders.Count);
        var replanned = await plant.RescheduleAt(ClusterTestData.PlanStart.AddHours(3));
        Assert.True(replanned.Published, string.Join("; ", replanned.BrokenRules));
    }

    [Fact]
    public async Task UpsertWritesOneRowPerOrderAndSameContentIsUnchanged()
    {
        var storage = new InMemoryPlantStorage();
        var order = ClusterTestData.Order("R1");
        Assert.Equal(["inserted"], await storage.UpsertOrdersAsync("rows", [order], CancellationToken.None));
        Assert.Equal(["unchanged", "inserted"], await storage.UpsertOrdersAsync("rows", [order, ClusterTestData.Order("R2")], CancellationToken.None));
        Assert.Equal(["updated"], await storage.UpsertOrdersAsync("rows", [order with { Weight = 2 }], CancellationToken.None));
        Assert.Equal(["R1", "R2"], (await storage.LoadOrdersAsync("rows", CancellationToken.None)).Select(o => o.Id));
        Assert.True(await storage.RemoveOrderAsync("rows", "R1", CancellationToken.None));
        Assert.False(await storage.RemoveOrderAsync("rows", "R1", CancellationToken.None));
    }
}
