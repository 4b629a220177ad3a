using System.Collections.Concurrent;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Physics;
using Prometheus;

namespace ForgeScheduler.Metrics;

/// <summary>Turns the service's telemetry calls into Prometheus metrics (issue 7; names, units and
/// cardinality in docs/metrics.md). Base units throughout — joules, grams, seconds, ratios 0–1 — except
/// steel mass, which stays in tonnes, the plant's word for throughput. Labels are only plant,
/// resource, carrier, scenario, event type and reschedule status, never an order id, so the number
/// of series is bounded by the plants' configuration.
/// <para>The metrics are instance fields created once in the constructor rather than statics, so a
/// test can give each instance a fresh <see cref="CollectorRegistry"/>; the host registers one
/// singleton on <see cref="Prometheus.Metrics.DefaultRegistry"/> (<see cref="ForgePrometheusExtensions"/>).</para></summary>
public sealed class PrometheusTelemetry : IForgeTelemetry
{
    public const double JoulesPerKwh = 3_600_000;
    public const double GramsPerKg = 1_000;
    public const double SecondsPerHour = 3_600;

    public const string Planned = "planned";
    public const string Baseline = "baseline";

    private static readonly string[] _plant = ["plant"];
    private static readonly string[] _scenario = ["plant", "scenario"];

    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Plant> _plants = new();

    /// <summary>Metered electricity per plant and clock hour, for netting against the PV surplus;
    /// hours older than two days are dropped.</summary>
    private readonly ConcurrentDictionary<(string Plant, long Hour), double> _electricByHour = new();
    private readonly Lock _netting = new();

    // Planned, for the current schedule version: one series per scenario (planned|baseline).
    private readonly Gauge _scheduleVersion;
    private readonly Gauge _savedCo2;
    private readonly Gauge _savedEnergy;
    private readonly Gauge _scheduleEnergy;
    private readonly Gauge _scheduleResourceEnergy;
    private readonly Gauge _scheduleCo2;
    private readonly Gauge _scheduleTonnes;
    private readonly Gauge _scheduleEnergyPerTonne;
    private readonly Gauge _scheduleCo2PerTonne;
    private readonly Gauge _scheduleHotCharge;
    private readonly Gauge _scheduleHotTransfer;
    private readonly Gauge _scheduleElectricShare;
    private readonly Gauge _scheduleFurnaceHotIdle;
    private readonly Gauge _schedulePressIdle;
    private readonly Gauge _scheduleLateOrders;
    private readonly Gauge _scheduleWeightedTardiness;

    // Actual, from operation_finished.
    private readonly Counter _actualEnergy;
    private readonly Counter _actualCo2;
    private readonly Counter _actualFurnaceEnergy;
    private readonly Counter _actualTonnes;
    private readonly Counter _actualForgedTonnes;
    private readonly Counter _actualHeatingChargeTonnes;
    private readonly Counter _actualHotChargeTonnes;
    private readonly Counter _actualHotTransferTonnes;
    private readonly Gauge _gridIntensity;
    private readonly Gauge _gasIntensity;

    // Solver and service.
    private readonly Counter _reschedules;
    private readonly Histogram _solveDuration;
    private readonly Gauge _solverGap;
    private readonly Counter _eventsReceived;
    private readonly Gauge _orders;
    private readonly Counter _operationsChanged;

    public PrometheusTelemetry(CollectorRegistry registry, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        var f = Prometheus.Metrics.WithCustomRegistry(registry);

        _scheduleVersion = f.CreateGauge("forge_schedule_version", "Version number of the plant's current schedule.", _plant);
        string[] lever = ["plant", "lever"];
        _savedCo2 = f.CreateGauge("forge_schedule_co2_saved_grams",
            "CO2 the current schedule saves against the best dispatch rule, by lever (the levers add up to the total; negative: the lever costs).", lever);
        _savedEnergy = f.CreateGauge("forge_schedule_energy_saved_joules",
            "Energy the current schedule saves against the best dispatch rule, by lever (the levers add up to the total).", lever);
        _scheduleEnergy = f.CreateGauge("forge_schedule_energy_joules",
            "Energy of the current schedule (planned) and of the baseline dispatch for the same orders, by carrier.",
            ["plant", "scenario", "carrier"]);
        _scheduleResourceEnergy = f.CreateGauge("forge_schedule_resource_energy_joules",
            "Energy of the current schedule and of the baseline per furnace or press, process plus idle.",
            ["plant", "scenario", "resource"]);
        _scheduleCo2 = f.CreateGauge("forge_schedule_co2_grams", "CO2 of the schedule (grid factor per hour, gas factor).", _scenario);
        _scheduleTonnes = f.CreateGauge("forge_schedule_tonnes", "Tonnes of steel in the schedule (orders with at least one operation).", _scenario);
        _scheduleEnergyPerTonne = f.CreateGauge("forge_schedule_energy_joules_per_tonne", "Energy intensity of the schedule.", _scenario);
        _scheduleCo2PerTonne = f.CreateGauge("forge_schedule_co2_grams_per_tonne", "Carbon intensity of the schedule.", _scenario);
        _scheduleHotCharge = f.CreateGauge("forge_schedule_hot_charge_ratio", "Share of tonnes charged hot into their first heat (0-1).", _scenario);
        _scheduleHotTransfer = f.CreateGauge("forge_schedule_hot_transfer_ratio", "Share of tonnes transferred hot into heat treatment (0-1).", _scenario);
        _scheduleElectricShare = f.CreateGauge("forge_schedule_electric_share_ratio", "Electric share of furnace energy (0-1).", _scenario);
        _scheduleFurnaceHotIdle = f.CreateGauge("forge_schedule_furnace_hot_idle_seconds", "Furnace time kept hot while empty, summed over furnaces.", _scenario);
        _schedulePressIdle = f.CreateGauge("forge_schedule_press_idle_seconds", "Press idle time within shifts, summed over presses.", _scenario);
        _scheduleLateOrders = f.CreateGauge("forge_schedule_late_orders", "Orders finishing after their due date.", _scenario);
        _scheduleWeightedTardiness = f.CreateGauge("forge_schedule_weighted_tardiness_seconds", "Sum over orders of weight times lateness.", _scenario);

        _actualEnergy = f.CreateCounter("forge_actual_energy_joules_total", "Metered energy of finished operations.",
            ["plant", "resource", "carrier"]);
        _actualCo2 = f.CreateCounter("forge_actual_co2_grams_total",
            "CO2 of metered energy: grid factor of the plant's local hour at the finish, or the gas factor.",
            ["plant", "resource", "carrier"]);
        _actualFurnaceEnergy = f.CreateCounter("forge_actual_furnace_energy_joules_total",
            "Metered energy of finished heating and heat-treatment operations (presses excluded), for the electric share.",
            ["plant", "carrier"]);
        _actualTonnes = f.CreateCounter("forge_actual_tonnes_total",
            "Tonnes finished: an order's mass counted once, when its heat treatment (the last step of every route) finishes.", _plant);
        _actualForgedTonnes = f.CreateCounter("forge_actual_forged_tonnes_total",
            "Tonnes through each press; a piece forged in two heats counts twice.", ["plant", "resource"]);
        _actualHeatingChargeTonnes = f.CreateCounter("forge_actual_heating_charge_tonnes_total",
            "Tonnes charged into heating furnaces (every heat, reheats included).", _plant);
        _actualHotChargeTonnes = f.CreateCounter("forge_actual_hot_charge_tonnes_total",
            "Tonnes charged into heating furnaces at or above hot_charge_min_c.", _plant);
        _actualHotTransferTonnes = f.CreateCounter("forge_actual_hot_transfer_tonnes_total",
            "Tonnes charged into heat treatment within [hot_transfer_min_c, the furnace's highest recipe max charge].", _plant);
        _gridIntensity = f.CreateGauge("forge_grid_co2_intensity_grams_per_joule",
            "Grid CO2 factor in force now (plant local hour); multiply by 3.6e6 for g/kWh.", _plant);
        _gasIntensity = f.CreateGauge("forge_gas_co2_intensity_grams_per_joule",
            "CO2 of natural gas per joule at the plant's lower heating value.", _plant);

        _reschedules = f.CreateCounter("forge_reschedules_total", "Reschedules finished, by outcome.", ["plant", "status"]);
        _solveDuration = f.CreateHistogram("forge_solve_duration_seconds", "Wall time of a reschedule.",
            new HistogramConfiguration
            {
                LabelNames = _plant,
                // 50 ms to ~7 min: a repair takes well under a second, a full CP-SAT day tens of seconds.
                Buckets = Histogram.ExponentialBuckets(0.05, 2, 14),
            });
        _solverGap = f.CreateGauge("forge_solver_gap_ratio", "Relative gap (objective vs bound) of the last reschedule that reported one.", _plant);
        _eventsReceived = f.CreateCounter("forge_events_received_total", "Shop-floor events accepted, by type.", ["plant", "type"]);
        _orders = f.CreateGauge("forge_orders", "Active orders of the plant.", _plant);
        _operationsChanged = f.CreateCounter("forge_schedule_operations_changed_total",
            "Operations a published version changed against the one before (ScheduleDiff), by change: moved, reassigned, added, removed, interrupted.",
            ["plant", "change"]);

        // The grid factor changes by the hour, not by event: set it at scrape time.
        registry.AddBeforeCollectCallback(UpdateIntensities);
    }

    public void SchedulePublished(Plant plant, int version, KpiReport planned, KpiReport baseline, LeverSavings? levers = null)
    {
        Know(plant);
        _scheduleVersion.WithLabels(plant.Id).Set(version);
        foreach (var l in levers?.Levers ?? [])
        {
            _savedCo2.WithLabels(plant.Id, l.Key).Set(l.Co2SavedKg * 1000);
            _savedEnergy.WithLabels(plant.Id, l.Key).Set(l.EnergySavedKwh * 3.6e6);
        }
        SetScenario(plant, Planned, planned);
        SetScenario(plant, Baseline, baseline);
    }

    public void OperationFinished(Plant plant, string resource, Carrier carrier, OperationKind kind, double energyKwh,
        double massTonnes, double chargeTempC, DateTimeOffset at)
    {
        // Counters only go up: a negative or NaN reading is a bad event the host must reject first.
        ArgumentOutOfRangeException.ThrowIfNegative(energyKwh);
        ArgumentOutOfRangeException.ThrowIfNegative(massTonnes);
        if (double.IsNaN(energyKwh) || double.IsInfinity(energyKwh)) throw new ArgumentOutOfRangeException(nameof(energyKwh));
        Know(plant);

        var carrierLabel = CarrierLabel(carrier);
        // The call carries only the finish time, so the energy is priced in the finish hour: gas at its
        // factor; electricity netted against that hour's PV surplus like the KPI calculator does.
        var co2Kg = carrier == Carrier.Gas ? ThermalPhysics.GasCo2Kg(energyKwh, plant.Gas) : NettedElectricCo2Kg(plant, energyKwh, at);
        _actualEnergy.WithLabels(plant.Id, resource, carrierLabel).Inc(energyKwh * JoulesPerKwh);
        _actualCo2.WithLabels(plant.Id, resource, carrierLabel).Inc(co2Kg * GramsPerKg);

        switch (kind)
        {
            case OperationKind.Heat:
                _actualFurnaceEnergy.WithLabels(plant.Id, carrierLabel).Inc(energyKwh * JoulesPerKwh);
                _actualHeatingChargeTonnes.WithLabels(plant.Id).Inc(massTonnes);
                if (ThermalPhysics.IsHotCharge(chargeTempC, plant.HotChargeMinC))
                    _actualHotChargeTonnes.WithLabels(plant.Id).Inc(massTonnes);
                break;
            case OperationKind.Forge:
                _actualForgedTonnes.WithLabels(plant.Id, resource).Inc(massTonnes);
                break;
            case OperationKind.HeatTreat:
                _actualFurnaceEnergy.WithLabels(plant.Id, carrierLabel).Inc(energyKwh * JoulesPerKwh);
                _actualTonnes.WithLabels(plant.Id).Inc(massTonnes);
                if (ThermalPhysics.IsHotTransfer(chargeTempC, plant.HotTransferMinC, HighestMaxChargeC(plant, resource)))
                    _actualHotTransferTonnes.WithLabels(plant.Id).Inc(massTonnes);
                break;
        }
    }

    /// <summary>The CO2 this much more electricity adds in its clock hour: what it imports beyond the
    /// hour's PV surplus (a 24-hour profile; a profile per horizon hour needs a plan start the meter
    /// does not know, so it counts as none here).</summary>
    private double NettedElectricCo2Kg(Plant plant, double kwh, DateTimeOffset at)
    {
        var hour = (long)Math.Floor(at.ToUnixTimeSeconds() / SecondsPerHour);
        var local = plant.LocalHour(at);
        var pv = plant.Grid.OnsitePvSurplusKw.Count == 24 ? plant.Grid.PvSurplusKwAt(local, 0) : 0;
        lock (_netting)
        {
            var before = _electricByHour.GetValueOrDefault((plant.Id, hour));
            var after = before + kwh;
            _electricByHour[(plant.Id, hour)] = after;
            foreach (var old in _electricByHour.Keys.Where(k => k.Hour < hour - 48).ToList()) _electricByHour.TryRemove(old, out _);
            return (Math.Max(0, after - pv) - Math.Max(0, before - pv)) * plant.Grid.Co2At(local);
        }
    }

    public void EventReceived(string plantId, string eventType) =>
        _eventsReceived.WithLabels(plantId, eventType).Inc();

    public void RescheduleFinished(string plantId, double seconds, double? gap, SolverStatus status)
    {
        // The label is the status's one text form (OPTIMAL, IMPROVED(FEASIBLE), …): a handful of values.
        _reschedules.WithLabels(plantId, status.Text).Inc();
        _solveDuration.WithLabels(plantId).Observe(seconds);
        if (gap is { } g) _solverGap.WithLabels(plantId).Set(g);
    }

    public void OrdersCounted(string plantId, int activeOrders) => _orders.WithLabels(plantId).Set(activeOrders);

    public void ScheduleChanged(string plantId, int moved, int reassigned, int added, int removed, int interrupted)
    {
        foreach (var (change, count) in new[] { ("moved", moved), ("reassigned", reassigned), ("added", added), ("removed", removed), ("interrupted", interrupted) })
            _operationsChanged.WithLabels(plantId, change).Inc(Math.Max(0, count));
    }

    public static string CarrierLabel(Carrier carrier) => carrier == Carrier.Gas ? KpiCalculator.Gas : KpiCalculator.Electric;

    private void SetScenario(Plant plant, string scenario, KpiReport k)
    {
        var id = plant.Id;
        foreach (var carrier in new[] { KpiCalculator.Gas, KpiCalculator.Electric })
            _scheduleEnergy.WithLabels(id, scenario, carrier).Set(k.EnergyKwhByCarrier.GetValueOrDefault(carrier) * JoulesPerKwh);
        // Every resource of the plant, zero when unused, so a resource a new version no longer uses
        // does not keep the previous version's figure.
        foreach (var resource in Resources(plant))
            _scheduleResourceEnergy.WithLabels(id, scenario, resource).Set(k.EnergyKwhByResource.GetValueOrDefault(resource) * JoulesPerKwh);
        _scheduleCo2.WithLabels(id, scenario).Set(k.Co2Kg * GramsPerKg);
        _scheduleTonnes.WithLabels(id, scenario).Set(k.Tonnes);
        _scheduleEnergyPerTonne.WithLabels(id, scenario).Set(k.EnergyKwhPerT * JoulesPerKwh);
        _scheduleCo2PerTonne.WithLabels(id, scenario).Set(k.Co2KgPerT * GramsPerKg);
        _scheduleHotCharge.WithLabels(id, scenario).Set(k.HotChargeRatio);
        _scheduleHotTransfer.WithLabels(id, scenario).Set(k.HotTransferRatio);
        _scheduleElectricShare.WithLabels(id, scenario).Set(k.ElectricShare);
        _scheduleFurnaceHotIdle.WithLabels(id, scenario).Set(k.FurnaceHotIdleH * SecondsPerHour);
        _schedulePressIdle.WithLabels(id, scenario).Set(k.PressIdleH * SecondsPerHour);
        _scheduleLateOrders.WithLabels(id, scenario).Set(k.LateOrders);
        _scheduleWeightedTardiness.WithLabels(id, scenario).Set(k.WeightedTardinessH * SecondsPerHour);
    }

    /// <summary>First sight of a plant: publish its actual counters at zero, so the ratios on the
    /// dashboards (hot-charged / charged tonnes) have both sides before the first hot piece.</summary>
    private void Know(Plant plant)
    {
        _plants[plant.Id] = plant;
        _actualTonnes.WithLabels(plant.Id);
        _actualHeatingChargeTonnes.WithLabels(plant.Id);
        _actualHotChargeTonnes.WithLabels(plant.Id);
        _actualHotTransferTonnes.WithLabels(plant.Id);
        foreach (var carrier in new[] { KpiCalculator.Gas, KpiCalculator.Electric })
            _actualFurnaceEnergy.WithLabels(plant.Id, carrier);
    }

    private void UpdateIntensities()
    {
        var now = _time.GetUtcNow();
        foreach (var plant in _plants.Values)
        {
            _gridIntensity.WithLabels(plant.Id).Set(plant.Grid.Co2At(plant.LocalHour(now)) * GramsPerKg / JoulesPerKwh);
            _gasIntensity.WithLabels(plant.Id).Set(ThermalPhysics.GasCo2Kg(1.0, plant.Gas) * GramsPerKg / JoulesPerKwh);
        }
    }

    /// <summary>The call does not say which recipe the piece is treated to, so a hot transfer is judged
    /// against the hottest charge any recipe of that furnace accepts (all recipes if the furnace is unknown).</summary>
    private static double HighestMaxChargeC(Plant plant, string resource)
    {
        var recipes = plant.FindFurnace(resource)?.Recipes;
        var candidates = plant.Recipes.Where(r => recipes is null || recipes.Contains(r.Id)).ToList();
        return candidates.Count > 0 ? candidates.Max(r => r.MaxChargeC) : double.PositiveInfinity;
    }

    private static IEnumerable<string> Resources(Plant plant) =>
        plant.Furnaces.Select(f => f.Id).Concat(plant.Presses.Select(p => p.Id));
}
