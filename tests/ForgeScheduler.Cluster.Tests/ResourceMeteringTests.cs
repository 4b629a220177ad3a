using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Cluster.Tests;

/// <summary>The actual energy, tonnes and hot-charge figures of the dashboards come from the resource
/// grains: the plant grain hands each operation_finished on with what the meter needs, the grain of the
/// furnace or press the operation ran on reports it (issue 14). No HTTP here: the grains alone.</summary>
[Collection(InProcessClusterCollection.Name)]
public sealed class ResourceMeteringTests(InProcessClusterFixture fixture)
{
    [Fact]
    public async Task EachFinishedOperationIsMeteredByItsResourceGrainWithThePieceCountedOncePerKind()
    {
        const string id = "metered";
        var plant = fixture.Client.GetGrain<IPlantGrain>(id);
        await ClusterTestData.Load(plant, id, 2);
        Assert.Equal(1, (await plant.Reschedule()).Version);
        var ops = (await plant.GetSchedule())!.Schedule.Operations.Where(o => o.Order == "O1").OrderBy(o => o.Step).ToList();
        Assert.Equal([OperationKind.Heat, OperationKind.Forge, OperationKind.HeatTreat], ops.Select(o => o.Kind));

        // The floor plays O1's three operations, metering 100 + step kWh each: the piece's 20 t count once
        // for each kind (heating charge, forged, finished).
        foreach (var op in ops)
        {
            await plant.PostEvents(
            [
                new ShopFloorEvent { Type = ShopFloorEventTypes.OperationStarted, At = op.Start, Order = "O1", Step = op.Step, Resource = op.Resource },
                new ShopFloorEvent { Type = ShopFloorEventTypes.OperationFinished, At = op.End, Order = "O1", Step = op.Step, Resource = op.Resource, EnergyKwh = 100 + op.Step },
            ]);
        }

        var metered = fixture.Meter.Of(id);
        Assert.Equal(ops.Select(o => (o.Resource, o.Kind, 100.0 + o.Step, 20.0, o.End)),
            metered.Select(m => (m.Resource, m.Kind, m.EnergyKwh, m.MassTonnes, m.At)));
        // Carrier and planned charge temperature as the plant and the plan in force say.
        var heat = metered[0];
        Assert.Equal(ClusterTestData.SmallPlant(id).FindFurnace(ops[0].Resource)!.Carrier, heat.Carrier);
        Assert.Equal(ops[0].ChargeTempC, heat.ChargeTempC);
        Assert.Equal(Carrier.Electric, metered[1].Carrier); // presses are electric
        Assert.Equal(Carrier.Gas, metered[2].Carrier); // HT-1 fires gas
        // The grain keeps the same energy it reported.
        var furnace = await fixture.Client.GetGrain<IFurnaceGrain>(ResourceKeys.Of(id, ops[0].Resource)).GetState();
        Assert.Equal(101.0, furnace.MeteredEnergyKwhByCarrier.Values.Sum());
    }

    [Fact]
    public async Task AReheatAndASecondForgingPassAddEnergyButNoSteel()
    {
        const string id = "metered-reheat";
        var plant = fixture.Client.GetGrain<IPlantGrain>(id);
        await ClusterTestData.Load(plant, id, 1);
        var twoHeats = ClusterTestData.Order("R1") with { Heats = [new ForgingHeat(1200, 40, 30, 850), new ForgingHeat(1200, 40, 30, 850)] };
        await plant.UpsertOrders(new OrderBook(id, ClusterTestData.PlanStart, [twoHeats]));
        Assert.Equal(1, (await plant.Reschedule()).Version);
        var ops = (await plant.GetSchedule())!.Schedule.Operations.Where(o => o.Order == "R1").OrderBy(o => o.Step).ToList();
        Assert.Equal([OperationKind.Heat, OperationKind.Forge, OperationKind.Heat, OperationKind.Forge, OperationKind.HeatTreat], ops.Select(o => o.Kind));

        foreach (var op in ops)
            await plant.PostEvents([new ShopFloorEvent { Type = ShopFloorEventTypes.OperationFinished, At = op.End, Order = "R1", Step = op.Step, Resource = op.Resource, EnergyKwh = 50 }]);

        var metered = fixture.Meter.Of(id);
        Assert.Equal([20.0, 20.0, 0.0, 0.0, 20.0], metered.Select(m => m.MassTonnes));
        Assert.Equal(250.0, metered.Sum(m => m.EnergyKwh));
    }
}
