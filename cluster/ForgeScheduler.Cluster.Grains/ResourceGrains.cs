using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;
using Orleans.Runtime;

namespace ForgeScheduler.Cluster.Grains;

/// <summary>A furnace or a press: its state follows the published schedule and the floor's events; what
/// the floor meters on it goes to the silo's <see cref="IActualsMeter"/>.</summary>
internal abstract class ResourceGrain(IPersistentState<ResourceGrainState> state, IActualsMeter meter) : Grain
{
    private string Key => this.GetPrimaryKeyString();

    public Task<ResourceState> GetState()
    {
        var (plant, resource) = ResourceKeys.Parse(Key);
        var s = state.State;
        var running = s.Running.FirstOrDefault();
        var started = s.Started.ToHashSet();
        return Task.FromResult(new ResourceState
        {
            Plant = plant,
            Resource = resource,
            IsDown = s.IsDown,
            DownSince = s.DownSince,
            DownUntil = s.DownUntil,
            ScheduleVersion = s.ScheduleVersion,
            CurrentCharge = running is null ? null
                : s.Charges.FirstOrDefault(c => c.Operations.Any(o => o.Order == running.Order && o.Step == running.Step)),
            NextCharge = s.Charges.FirstOrDefault(c => c.Operations.All(o => !started.Contains(OpKey(o.Order, o.Step)))),
            Running = s.Running,
            MeteredEnergyKwhByCarrier = s.MeteredKwhByCarrier,
            FinishedOperations = s.FinishedOperations,
        });
    }

    public async Task PublishPlan(int version, IReadOnlyList<PlannedCharge> charges, CancellationToken cancellationToken = default)
    {
        // Versions arrive in order from one plant grain; an older one (a retried call) must not win.
        if (version < state.State.ScheduleVersion) return;
        state.State = state.State with { ScheduleVersion = version, Charges = charges };
        await state.WriteStateAsync(cancellationToken);
    }

    public async Task RecordOperationStarted(OperationStarted started, CancellationToken cancellationToken = default)
    {
        var key = OpKey(started.Order, started.Step);
        if (state.State.Started.Contains(key)) return; // a repeated event
        state.State = state.State with
        {
            Started = [.. state.State.Started.Append(key).TakeLast(ResourceGrainLimits.KeptStarted)],
            Running = [.. state.State.Running, new RunningOperation { Order = started.Order, Step = started.Step, StartedAt = started.At, ChargeTempC = started.TempC }],
        };
        await state.WriteStateAsync(cancellationToken);
    }

    public async Task RecordOperationFinished(OperationFinished finished, CancellationToken cancellationToken = default)
    {
        var s = state.State;
        var metered = new Dictionary<string, double>(s.MeteredKwhByCarrier);
        if (finished.EnergyKwh is { } kwh) metered[finished.Carrier] = metered.GetValueOrDefault(finished.Carrier) + kwh;
        var key = OpKey(finished.Order, finished.Step);
        state.State = s with
        {
            Running = s.Running.Where(r => r.Order != finished.Order || r.Step != finished.Step).ToList(),
            // A finish without a start still means the operation is no longer "next".
            Started = s.Started.Contains(key) ? s.Started : [.. s.Started.Append(key).TakeLast(ResourceGrainLimits.KeptStarted)],
            MeteredKwhByCarrier = metered,
            FinishedOperations = s.FinishedOperations + 1,
        };
        await state.WriteStateAsync(cancellationToken);
        // Metered once the finish is recorded: the dashboards' actual energy, CO2 and tonnes are this grain's.
        if (finished is { Plant: { } plant, Kind: { } kind, EnergyKwh: { } energy })
        {
            var carrier = finished.Carrier == "gas" ? Carrier.Gas : Carrier.Electric;
            meter.OperationFinished(plant, ResourceKeys.Parse(Key).Resource, carrier, kind, energy, finished.MassTonnes,
                finished.ChargeTempC ?? double.NaN, finished.At);
        }
    }

    public async Task SetDown(DateTimeOffset at, DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        state.State = state.State with { IsDown = true, DownSince = at, DownUntil = until };
        await state.WriteStateAsync(cancellationToken);
    }

    public async Task SetUp(DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        state.State = state.State with { IsDown = false, DownSince = null, DownUntil = null };
        await state.WriteStateAsync(cancellationToken);
    }

    private static string OpKey(string order, int step) => $"{order}#{step}";
}

internal sealed class FurnaceGrain([PersistentState("resource", ForgeStorage.Name)] IPersistentState<ResourceGrainState> state, IActualsMeter meter)
    : ResourceGrain(state, meter), IFurnaceGrain;

internal sealed class PressGrain([PersistentState("resource", ForgeStorage.Name)] IPersistentState<ResourceGrainState> state, IActualsMeter meter)
    : ResourceGrain(state, meter), IPressGrain;

public static class ResourceGrainLimits
{
    /// <summary>Enough to recognise a repeated start for weeks of work on one furnace or press, without
    /// growing for ever.</summary>
    public const int KeptStarted = 5000;
}

public static class ForgeStorage
{
    /// <summary>The grain storage every forge grain persists to.</summary>
    public const string Name = "plant";
}
