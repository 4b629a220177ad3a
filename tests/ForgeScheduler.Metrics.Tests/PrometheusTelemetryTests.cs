using ForgeScheduler.Formats;
using ForgeScheduler.Metrics.Tests.Support;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Physics;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace ForgeScheduler.Metrics.Tests;

public sealed class PrometheusTelemetryTests
{
    private static readonly Plant Plant = PlantFile.Load(RepositoryFiles.ReferencePlant);
    // Reference plant is in Asia/Shanghai (UTC+8): 11:30 local is grid hour 11, 0.27 kgCO2/kWh.
    private static readonly DateTimeOffset ElevenThirty = new(2026, 11, 26, 11, 30, 0, TimeSpan.FromHours(8));

    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly FakeTimeProvider _time = new(ElevenThirty);
    private readonly PrometheusTelemetry _telemetry;

    public PrometheusTelemetryTests() => _telemetry = new PrometheusTelemetry(_registry, _time);

    private async Task<IReadOnlyList<Sample>> Scrape() => Exposition.Parse(await Exposition.ScrapeAsync(_registry));

    [Fact]
    public async Task Metered_ten_kwh_on_an_electric_furnace_count_as_36_megajoules_and_the_grid_factor_of_the_hour()
    {
        _telemetry.OperationFinished(Plant, "HF-E1", Carrier.Electric, OperationKind.Heat, 10, 5, 20, ElevenThirty);

        var s = await Scrape();
        var labels = new[] { ("plant", "ref-forge"), ("resource", "HF-E1"), ("carrier", "electric") };
        Assert.Equal(36_000_000, Exposition.Value(s, "forge_actual_energy_joules_total", labels), 6);
        // 11:30 local: the reference plant's 4020 kW of PV surplus covers the 10 kWh, no CO2.
        Assert.Equal(0, Exposition.Value(s, "forge_actual_co2_grams_total", labels), 6);
        Assert.Equal(36_000_000, Exposition.Value(s, "forge_actual_furnace_energy_joules_total", ("carrier", "electric")), 6);
        Assert.Equal(0, Exposition.Value(s, "forge_actual_furnace_energy_joules_total", ("carrier", "gas")));
    }

    [Fact]
    public async Task Gas_co2_comes_from_the_plants_gas_factor_whatever_the_hour()
    {
        _telemetry.OperationFinished(Plant, "HF-G1", Carrier.Gas, OperationKind.Heat, 10, 5, 20, ElevenThirty);
        _telemetry.OperationFinished(Plant, "HF-G1", Carrier.Gas, OperationKind.Heat, 10, 5, 20, ElevenThirty.AddHours(12));

        var s = await Scrape();
        var labels = new[] { ("resource", "HF-G1"), ("carrier", "gas") };
        // 20 kWh × 3.6 / 38.931 MJ/Nm³ = 1.84943 Nm³ × 2.1622 kg/Nm³ = 3.99875 kg
        Assert.Equal(ThermalPhysics.GasCo2Kg(20, Plant.Gas) * 1000, Exposition.Value(s, "forge_actual_co2_grams_total", labels), 6);
        Assert.Equal(3998.75, Exposition.Value(s, "forge_actual_co2_grams_total", labels), 0);
        Assert.Equal(72_000_000, Exposition.Value(s, "forge_actual_energy_joules_total", labels), 6);
    }

    [Fact]
    public async Task Electric_co2_follows_the_grid_factor_of_the_local_hour_the_operation_finished()
    {
        // 03:00 local: no PV, 100 kWh × 0.5703 = 57.03 kg. 11:30: 100 kWh under the hour's 4020 kW of
        // PV surplus, none; then 4000 kWh more in the same hour: 4100 − 4020 = 80 kWh imported, 45.624 kg.
        _telemetry.OperationFinished(Plant, "P-80", Carrier.Electric, OperationKind.Forge, 100, 20, 1100, ElevenThirty.AddHours(-8.5));
        _telemetry.OperationFinished(Plant, "P-80", Carrier.Electric, OperationKind.Forge, 100, 20, 1100, ElevenThirty);
        _telemetry.OperationFinished(Plant, "P-80", Carrier.Electric, OperationKind.Forge, 4000, 20, 1100, ElevenThirty.AddMinutes(15));

        var s = await Scrape();
        Assert.Equal((57.03 + 45.624) * 1000, Exposition.Value(s, "forge_actual_co2_grams_total", ("resource", "P-80")), 6);
        Assert.Equal(60, Exposition.Value(s, "forge_actual_forged_tonnes_total", ("resource", "P-80")), 9);
        // A press is not a furnace: it is left out of the electric share.
        Assert.Equal(0, Exposition.Value(s, "forge_actual_furnace_energy_joules_total", ("carrier", "electric")));
    }

    [Fact]
    public async Task Hot_charges_count_heating_tonnes_at_or_above_the_plants_hot_charge_temperature()
    {
        _telemetry.OperationFinished(Plant, "HF-G2", Carrier.Gas, OperationKind.Heat, 1, 30, 400, ElevenThirty); // exactly 400 °C: hot
        _telemetry.OperationFinished(Plant, "HF-G2", Carrier.Gas, OperationKind.Heat, 1, 12, 399, ElevenThirty);

        var s = await Scrape();
        Assert.Equal(42, Exposition.Value(s, "forge_actual_heating_charge_tonnes_total"), 9);
        Assert.Equal(30, Exposition.Value(s, "forge_actual_hot_charge_tonnes_total"), 9);
        Assert.Equal(0, Exposition.Value(s, "forge_actual_tonnes_total"));
    }

    [Fact]
    public async Task Tonnes_are_counted_once_per_order_at_heat_treatment_and_hot_transfer_stays_below_the_furnaces_hottest_recipe()
    {
        // HT-G5 treats temper-640 (max charge 420 °C) and hydrogen-anneal-650 (450 °C); hot transfer from 300 °C.
        _telemetry.OperationFinished(Plant, "HT-G5", Carrier.Gas, OperationKind.HeatTreat, 500, 10, 440, ElevenThirty);
        _telemetry.OperationFinished(Plant, "HT-G5", Carrier.Gas, OperationKind.HeatTreat, 500, 20, 460, ElevenThirty);
        _telemetry.OperationFinished(Plant, "HT-G5", Carrier.Gas, OperationKind.HeatTreat, 500, 40, 290, ElevenThirty);

        var s = await Scrape();
        Assert.Equal(70, Exposition.Value(s, "forge_actual_tonnes_total"), 9);
        Assert.Equal(10, Exposition.Value(s, "forge_actual_hot_transfer_tonnes_total"), 9);
    }

    [Fact]
    public async Task A_published_schedule_sets_planned_and_baseline_in_base_units()
    {
        _telemetry.SchedulePublished(Plant, 3, Kpis(energyKwh: 1000, tonnes: 4, idleH: 2.5, late: 1),
            Kpis(energyKwh: 1500, tonnes: 4, idleH: 6, late: 2));

        var s = await Scrape();
        (string, string) planned = ("scenario", "planned"), baseline = ("scenario", "baseline");
        Assert.Equal(3, Exposition.Value(s, "forge_schedule_version"));
        Assert.Equal(250 * 3.6e6, Exposition.Value(s, "forge_schedule_energy_joules_per_tonne", planned), 3);
        Assert.Equal(375 * 3.6e6, Exposition.Value(s, "forge_schedule_energy_joules_per_tonne", baseline), 3);
        Assert.Equal(600 * 3.6e6, Exposition.Value(s, "forge_schedule_energy_joules", planned, ("carrier", "gas")), 3);
        Assert.Equal(400 * 3.6e6, Exposition.Value(s, "forge_schedule_energy_joules", planned, ("carrier", "electric")), 3);
        Assert.Equal(9_000, Exposition.Value(s, "forge_schedule_furnace_hot_idle_seconds", planned), 6);
        Assert.Equal(21_600, Exposition.Value(s, "forge_schedule_furnace_hot_idle_seconds", baseline), 6);
        Assert.Equal(2, Exposition.Value(s, "forge_schedule_late_orders", baseline));
        Assert.Equal(0.4, Exposition.Value(s, "forge_schedule_electric_share_ratio", planned), 9);
        // 0.3 kg/kWh × 1000 kWh = 300 kg = 300 000 g
        Assert.Equal(300_000, Exposition.Value(s, "forge_schedule_co2_grams", planned), 6);
        Assert.Equal(75_000, Exposition.Value(s, "forge_schedule_co2_grams_per_tonne", planned), 6);
        // Every resource of the plant has a series, zero where the schedule does not use it.
        Assert.Equal(19, Exposition.Series(s, "forge_schedule_resource_energy_joules", planned).Count);
        Assert.Equal(1000 * 3.6e6, Exposition.Value(s, "forge_schedule_resource_energy_joules", planned, ("resource", "HF-G1")), 3);
        Assert.Equal(0, Exposition.Value(s, "forge_schedule_resource_energy_joules", planned, ("resource", "P-40")));
    }

    [Fact]
    public async Task Savings_by_lever_are_published_per_lever_in_base_units()
    {
        var levers = new LeverSavings(
            [new LeverSaving(LeverSavings.HotTransfer, "hot transfer", 12.5, 30), new LeverSaving(LeverSavings.FurnaceChoice, "furnace choice", -2, 5)],
            10.5, 35);

        _telemetry.SchedulePublished(Plant, 2, Kpis(1, 1, 0, 0), Kpis(1, 1, 0, 0), levers);

        var s = await Scrape();
        Assert.Equal(12_500, Exposition.Value(s, "forge_schedule_co2_saved_grams", ("lever", "hot_transfer")), 6);
        Assert.Equal(-2_000, Exposition.Value(s, "forge_schedule_co2_saved_grams", ("lever", "furnace_choice")), 6);
        Assert.Equal(30 * 3.6e6, Exposition.Value(s, "forge_schedule_energy_saved_joules", ("lever", "hot_transfer")), 3);
        Assert.Equal(5 * 3.6e6, Exposition.Value(s, "forge_schedule_energy_saved_joules", ("lever", "furnace_choice")), 3);
    }

    [Fact]
    public async Task Grid_intensity_is_the_factor_of_the_current_local_hour_in_grams_per_joule()
    {
        _telemetry.OrdersCounted("ref-forge", 30);
        _telemetry.SchedulePublished(Plant, 1, Kpis(1, 1, 0, 0), Kpis(1, 1, 0, 0));

        // The reference grid is flat (its solar is a PV surplus, not a lower factor).
        Assert.Equal(0.5703 * 1000 / 3.6e6, Exposition.Value(await Scrape(), "forge_grid_co2_intensity_grams_per_joule"), 15);
        _time.Advance(TimeSpan.FromHours(12)); // 23:30 local: 0.5703
        var s = await Scrape();
        Assert.Equal(0.5703 * 1000 / 3.6e6, Exposition.Value(s, "forge_grid_co2_intensity_grams_per_joule"), 15);
        Assert.Equal(ThermalPhysics.GasCo2Kg(1, Plant.Gas) * 1000 / 3.6e6, Exposition.Value(s, "forge_gas_co2_intensity_grams_per_joule"), 15);
        Assert.Equal(30, Exposition.Value(s, "forge_orders"));
    }

    [Fact]
    public async Task Reschedules_feed_the_counter_the_histogram_and_the_last_known_gap()
    {
        _telemetry.RescheduleFinished("p1", 0.3, 0.05, SolverStatus.ImprovedBy(SolverStatus.Feasible));
        _telemetry.RescheduleFinished("p1", 12, null, SolverStatus.FellBack);
        _telemetry.EventReceived("p1", "resource_down");
        _telemetry.EventReceived("p1", "resource_down");

        var s = await Scrape();
        Assert.Equal(1, Exposition.Value(s, "forge_reschedules_total", ("status", "FALLBACK")));
        Assert.Equal(2, Exposition.Value(s, "forge_solve_duration_seconds_count"));
        Assert.Equal(12.3, Exposition.Value(s, "forge_solve_duration_seconds_sum"), 9);
        Assert.Equal(1, Exposition.Value(s, "forge_solve_duration_seconds_bucket", ("le", "0.4")));
        Assert.Equal(0.05, Exposition.Value(s, "forge_solver_gap_ratio"), 12);
        Assert.Equal(2, Exposition.Value(s, "forge_events_received_total", ("type", "resource_down")));
    }

    [Fact]
    public async Task Published_versions_count_the_operations_they_changed_by_kind_of_change()
    {
        _telemetry.ScheduleChanged("p1", moved: 5, reassigned: 3, added: 2, removed: 0, interrupted: 1);
        _telemetry.ScheduleChanged("p1", moved: 1, reassigned: 0, added: 0, removed: 3, interrupted: 0);

        var s = await Scrape();
        Assert.Equal(6, Exposition.Value(s, "forge_schedule_operations_changed_total", ("change", "moved")));
        Assert.Equal(3, Exposition.Value(s, "forge_schedule_operations_changed_total", ("change", "reassigned")));
        Assert.Equal(3, Exposition.Value(s, "forge_schedule_operations_changed_total", ("change", "removed")));
        Assert.Equal(1, Exposition.Value(s, "forge_schedule_operations_changed_total", ("change", "interrupted")));
    }

    [Fact]
    public void A_negative_meter_reading_is_refused_rather_than_counted()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            _telemetry.OperationFinished(Plant, "HF-G1", Carrier.Gas, OperationKind.Heat, -1, 5, 20, ElevenThirty));
    }

    [Fact]
    public async Task No_series_carries_an_order_id_label()
    {
        _telemetry.OperationFinished(Plant, "HF-G1", Carrier.Gas, OperationKind.Heat, 1, 5, 20, ElevenThirty);
        _telemetry.SchedulePublished(Plant, 1, Kpis(1, 1, 0, 0), Kpis(1, 1, 0, 0));
        _telemetry.RescheduleFinished("ref-forge", 1, 0.1, SolverStatus.Optimal);
        _telemetry.EventReceived("ref-forge", "operation_finished");
        var allowed = new HashSet<string> { "plant", "resource", "carrier", "scenario", "type", "status", "le", "lever" };

        var labels = (await Scrape()).SelectMany(x => x.Labels.Keys).ToHashSet();
        Assert.Subset(allowed, labels);
    }

    /// <summary>A KPI report with 60 % gas / 40 % electric energy, all on HF-G1, 0.3 kgCO2/kWh.</summary>
    internal static KpiReport Kpis(double energyKwh, double tonnes, double idleH, int late) => new()
    {
        Tonnes = tonnes,
        EnergyKwh = energyKwh,
        EnergyKwhPerT = energyKwh / tonnes,
        Co2Kg = energyKwh * 0.3,
        Co2KgPerT = energyKwh * 0.3 / tonnes,
        HotChargeRatio = 0.5,
        HotTransferRatio = 0.25,
        ElectricShare = 0.4,
        FurnaceHotIdleH = idleH,
        PressIdleH = idleH / 2,
        WeightedTardinessH = late * 3,
        LateOrders = late,
        MakespanH = 24,
        EnergyCost = 0,
        GasKwh = energyKwh * 0.6,
        ElectricKwh = energyKwh * 0.4,
        GasNm3 = 0,
        EnergyKwhByCarrier = new Dictionary<string, double> { ["gas"] = energyKwh * 0.6, ["electric"] = energyKwh * 0.4 },
        EnergyKwhByResource = new Dictionary<string, double> { ["HF-G1"] = energyKwh },
        Utilisation = new Dictionary<string, double>(),
        PeakElectricKw = 0,
    };
}
