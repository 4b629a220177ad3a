using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Optimisation;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace ForgeScheduler.Cluster.Tests;

/// <summary>The solver's records cross the wire typed (issue 14): Orleans' serializer, with the forge's
/// codec registered, carries a plant, a book, a schedule and the wire records that hold them.</summary>
public sealed class WireTypesTests
{
    private static Serializer Serializer()
    {
        var services = new ServiceCollection();
        services.AddSerializer();
        services.AddForgeWireTypes();
        return services.BuildServiceProvider().GetRequiredService<Serializer>();
    }

    [Fact]
    public void PlantBookAndEventRoundTripThroughTheOrleansSerializer()
    {
        var serializer = Serializer();
        var plant = ClusterTestData.SmallPlant("wire");
        var book = ClusterTestData.Book("wire", 3) with { FurnacesHotAtStart = ["HF-1"] };
        var order = book.Orders[0];
        var e = new ShopFloorEvent { Type = ShopFloorEventTypes.OrderAdded, At = ClusterTestData.PlanStart, OrderData = order };

        var plantBack = serializer.Deserialize<Plant>(serializer.SerializeToArray(plant))!;
        var bookBack = serializer.Deserialize<OrderBook>(serializer.SerializeToArray(book))!;
        var eventBack = serializer.Deserialize<ShopFloorEvent>(serializer.SerializeToArray(e))!;

        Assert.Equal(DomainJson.Write(plant), DomainJson.Write(plantBack));
        Assert.Equal(DomainJson.Write(book), DomainJson.Write(bookBack));
        Assert.Equal(["HF-1"], bookBack.FurnacesHotAtStart);
        Assert.Equal(order.Id, eventBack.OrderData!.Id);
        Assert.Equal(order.Heats.Count, eventBack.OrderData.Heats.Count);
        Assert.Equal(order.MassTonnes, eventBack.ToShopEvent() is Solver.Rescheduling.OrderAdded added ? added.Order.MassTonnes : double.NaN);
    }

    [Fact]
    public void ScheduleVersionCarriesItsScheduleTyped()
    {
        var serializer = Serializer();
        var schedule = new Schedule("wire", "cpsat",
            [new ScheduledOperation("O1", 1, OperationKind.Heat, "HF-1", "C1", ClusterTestData.PlanStart, ClusterTestData.PlanStart.AddHours(3), 820.5, 1234, Carrier.Gas)
                { Interrupted = true }]);
        var version = new ScheduleVersion
        {
            Version = 1, CreatedAt = ClusterTestData.PlanStart, Schedule = schedule, Diff = ScheduleDiffSummary.Empty,
            Kpis = new KpiSnapshot
            {
                Version = 1, Tonnes = 1, EnergyKwh = 1, EnergyKwhPerT = 1, Co2Kg = 1, Co2KgPerT = 1, HotChargeRatio = 0, HotTransferRatio = 0,
                WeightedTardinessH = 0, LateOrders = 0, MakespanH = 3, EnergyCost = 1, PeakElectricKw = 0,
            },
            SolverStatus = SolverStatus.ImprovedBy(SolverStatus.Optimal), SolveSeconds = 0.1, Violations = 0, OrderCount = 1, EventsThrough = 0,
        };

        var back = serializer.Deserialize<ScheduleVersion>(serializer.SerializeToArray(version))!;

        var op = Assert.Single(back.Schedule.Operations);
        Assert.Equal(("O1", 1, "HF-1"), (op.Order, op.Step, op.Resource));
        Assert.Equal(ClusterTestData.PlanStart.AddHours(3), op.End);
        Assert.Equal((820.5, 1234.0, Carrier.Gas, true), (op.ChargeTempC, op.EnergyKwh, op.Carrier, op.Interrupted));
        // The status crosses typed (the domain JSON codec), not as its text.
        Assert.Equal(SolverStatus.ImprovedBy(SolverStatus.Optimal), back.SolverStatus);
        Assert.Equal("IMPROVED(OPTIMAL)", back.SolverStatus.Text);
    }
}
