using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Cluster.Grains;

namespace ForgeScheduler.Cluster.Tests;

/// <summary>Finished orders leave the book a day (of floor time) after their heat treatment finished, and
/// an MES re-sending its book does not bring them back (issue 14: memory flat over weeks of running).</summary>
[Collection(InProcessClusterCollection.Name)]
public sealed class OrderRetirementTests(InProcessClusterFixture fixture)
{
    private static ShopFloorEvent Step(string type, string order, int step, string resource, double hours) => new()
    {
        Type = type, At = ClusterTestData.PlanStart.AddHours(hours), Order = order, Step = step, Resource = resource,
    };

    [Fact]
    public async Task AnOrderFinishedADayBeforeTheFloorsLatestReportIsRetiredAndStaysOut()
    {
        const string id = "retire";
        var plant = fixture.Client.GetGrain<IPlantGrain>(id);
        await ClusterTestData.Load(plant, id, 2);
        Assert.Equal(1, (await plant.Reschedule()).Version);

        // O1's route: heat on HF-1, forge on P-40, heat treatment on HT-1, all reported by the floor.
        await plant.PostEvents(
        [
            Step(ShopFloorEventTypes.OperationStarted, "O1", 1, "HF-1", 1), Step(ShopFloorEventTypes.OperationFinished, "O1", 1, "HF-1", 4),
            Step(ShopFloorEventTypes.OperationStarted, "O1", 2, "P-40", 4.2), Step(ShopFloorEventTypes.OperationFinished, "O1", 2, "P-40", 5),
            Step(ShopFloorEventTypes.OperationStarted, "O1", 3, "HT-1", 6), Step(ShopFloorEventTypes.OperationFinished, "O1", 3, "HT-1", 14),
        ]);
        var status = await plant.GetStatus();
        Assert.Equal(0, status.RetiredOrders); // finished, but the floor has not moved a day past it
        Assert.Equal(2, status.OrderCount);
        Assert.Equal(ClusterTestData.PlanStart.AddHours(14), status.FloorTime);

        await plant.PostEvents([Step(ShopFloorEventTypes.OperationStarted, "O2", 1, "HF-1", 14 + 23.5)]);
        Assert.Equal(0, (await plant.GetStatus()).RetiredOrders);
        await plant.PostEvents([Step(ShopFloorEventTypes.OperationFinished, "O2", 1, "HF-1", 14 + 24)]);

        status = await plant.GetStatus();
        Assert.Equal(1, status.RetiredOrders);
        Assert.Equal(["O2"], (await plant.GetOrders()).Orders.Select(o => o.Id));

        // The MES re-sends its whole book: the finished piece is not planned again, the open one is unchanged.
        var resent = await plant.UpsertOrders(ClusterTestData.Book(id, 2));
        Assert.Equal([("O1", OrderRetirement.Outcome), ("O2", "unchanged")], resent.Outcomes.Select(o => (o.Id, o.Outcome)));
        Assert.Equal(1, resent.OrderCount);
        Assert.Equal(["O2"], (await plant.GetOrders()).Orders.Select(o => o.Id));

        // The plan in force still holds O1's operations; the next version plans the open order alone, valid.
        var next = await plant.Reschedule();
        Assert.True(next.Published, string.Join("; ", next.BrokenRules));
        Assert.Equal(0, next.Violations);
        var schedule = (await plant.GetSchedule())!.Schedule;
        Assert.DoesNotContain(schedule.Operations, o => o.Order == "O1");
        Assert.Contains(schedule.Operations, o => o.Order == "O2");
    }

    [Fact]
    public void TombstonesAreKeptAMonthAndBounded()
    {
        var t0 = ClusterTestData.PlanStart;
        var old = new RetiredOrder { Id = "OLD", FinishedAt = t0 };
        var recent = new RetiredOrder { Id = "NEW", FinishedAt = t0.AddDays(20) };

        var kept = OrderRetirement.Keep([old], [recent], t0.AddDays(31));

        Assert.Equal(["NEW"], kept.Select(k => k.Id));
        var many = Enumerable.Range(0, OrderRetirement.KeptTombstones + 10)
            .Select(i => new RetiredOrder { Id = $"R{i}", FinishedAt = t0.AddSeconds(i) }).ToList();
        var bounded = OrderRetirement.Keep([], many, t0.AddDays(1));
        Assert.Equal(OrderRetirement.KeptTombstones, bounded.Count);
        Assert.Equal("R10", bounded[0].Id);
    }
}
