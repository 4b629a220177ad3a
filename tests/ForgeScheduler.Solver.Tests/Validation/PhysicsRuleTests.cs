using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Physics;
using ForgeScheduler.Solver.Validation;
using static ForgeScheduler.Solver.Tests.Validation.Scenario;

namespace ForgeScheduler.Solver.Tests.Validation;

public class PhysicsRuleTests
{
    [Fact]
    public void ChargingHotterThanTheRecipeAllowsBreaksChargeTempLimit()
    {
        var plant = Plant();
        // An hour after forging at 850 °C, B (d = 0.8 m) has radiated down to about 680 °C;
        // tempering T1 takes at most 450 °C.
        var hot = RouteB(plant) with { HeatTreatmentWaitMinutes = 60 };

        var v = OnlyRule("charge_temp_limit", ScheduleValidator.Validate(plant, Book(), ScheduleOf(plant, RouteA(plant), hot, RouteC(plant))));

        var expected = ThermalPhysics.YardCooling(20, plant.Cooling).CooledTempC(850, 1, 0.8);
        Assert.InRange(expected, 640, 720);
        Assert.Contains($"charged at {expected:F1} °C", Named(v, "B", 5, "HT-2").Message);
        Assert.Contains("at most 450 °C", v[0].Message);
    }

    [Fact]
    public void StatedChargeTemperatureHotterThanPhysicsBreaksChargeTempClaim()
    {
        var schedule = Change(Valid(Plant()), "A", 1, o => o with { ChargeTempC = 850 });

        var v = OnlyRule("charge_temp_claim", ScheduleValidator.Validate(Plant(), Book(), schedule));

        Assert.Contains("states charge temperature 850.0 °C; physics gives 800.0 °C", Named(v, "A", 1, "HF-1").Message);
    }

    [Fact]
    public void StatedChargeTemperatureWithinFiveDegreesIsAccepted()
    {
        var schedule = Change(Valid(Plant()), "A", 1, o => o with { ChargeTempC = 804 });

        Assert.Empty(ScheduleValidator.Validate(Plant(), Book(), schedule));
    }

    [Fact]
    public void ForgingStatedAsGasBreaksCarrierClaim()
    {
        var schedule = Change(Valid(Plant()), "A", 2, o => o with { Carrier = Carrier.Gas });

        var v = OnlyRule("carrier_claim", ScheduleValidator.Validate(Plant(), Book(), schedule));

        Assert.Contains("states carrier Gas but P-40 runs on Electric", Named(v, "A", 2, "P-40").Message);
    }

    [Fact]
    public void ElectricHeatOverThePlantCapBreaksPowerCap()
    {
        // B's first heat in HF-2: 50 t from 800 to 1200 °C is 50 000·230/0.85/3600 ≈ 3758 kWh over
        // 202 min ≈ 1116 kW; its reheat from 850 °C about 1063 kW. Both exceed a 1000 kW cap.
        var plant = TestData.SmallPlant(powerCapKw: 1000);

        var v = OnlyRule("power_cap", ScheduleValidator.Validate(plant, Book(), Valid(plant)));

        Assert.Equal(2, v.Count);
        Assert.Contains("plant cap 1000.0 kW", Named(v, "B", 1, "HF-2").Message);
        Named(v, "B", 3, "HF-2");
    }

    [Fact]
    public void PowerCapAddsUpAllElectricFurnacesRunningAtOnce()
    {
        var plant = TestData.SmallPlant(powerCapKw: 1500);
        // A moves to electric HF-2 too: alone each heat with HF-2's 300 kW holding stays under 1500 kW,
        // together they do not (the holding counts once: the furnace is loaded either way).
        var routeA = RouteA(plant) with { HeatingFurnace = "HF-2" };
        var schedule = ScheduleOf(plant, routeA, RouteB(plant), RouteC(plant));
        // Steel heat spread over the heat.
        double Kw(Order order)
        {
            var op = Op(schedule, order.Id, 1);
            return ThermalPhysics.HeatingEnergyKwh(order.MassTonnes, 1200, 800, 0.85) / (op.End - op.Start).TotalHours;
        }

        var v = OnlyRule("power_cap", ScheduleValidator.Validate(plant, Book(), schedule));

        Assert.Single(v);
        Assert.True(Kw(A) + 300 < 1500 && Kw(B) + 300 < 1500);
        Assert.Contains($"draw up to {Kw(A) + Kw(B) + 300:F1} kW", Named(v, "B", 1, "HF-2").Message);
    }

    [Fact]
    public void ElectricHeatOverTheFurnaceMaxPowerBreaksFurnacePower()
    {
        var plant = Plant();
        plant = plant with { HeatingFurnaces = [plant.HeatingFurnaces[0], plant.HeatingFurnaces[1] with { MaxPowerKw = 1000 }] };

        var v = OnlyRule("furnace_power", ScheduleValidator.Validate(plant, Book(), Valid(plant)));

        Assert.Contains("HF-2 draws up to", Named(v, "B", 1, "HF-2").Message);
        Assert.Contains("max 1000.0 kW", v[0].Message);
        Named(v, "B", 3, "HF-2");
    }
}
