using System.Collections.Concurrent;
using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Formats;
using ForgeScheduler.Metrics;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Store;

namespace ForgeScheduler.Api;

/// <summary>A plant as the service holds it between requests: its definition, plan start and the
/// version last published from the grain. One per plant known to the store (so the map is bounded by
/// the plants stored, not by requests).</summary>
internal sealed class PlantSlot(Plant plant)
{
    public SemaphoreSlim Gate { get; } = new(1, 1);
    public Plant Plant { get; set; } = plant;
    public DateTimeOffset? PlanStart { get; set; }
    /// <summary>Grain version last saved to the store (0: none since this process rebuilt the grain).</summary>
    public int PublishedGrainVersion { get; set; }
    public int LatestVersion { get; set; }
    public Schedule? CurrentSchedule { get; set; }
    public OrderBatcher? Orders { get; set; }
    /// <summary>Furnaces hot at plan start, as the last orders.json posted said (in memory here; the
    /// plant grain persists it).</summary>
    public IReadOnlyList<string> FurnacesHotAtStart { get; set; } = [];
}

/// <summary>
/// The one place that keeps the store and the plant grain in step. Writes go to the store first (an
/// order or event is acknowledged only once committed), then to the grain. The grain is rebuilt from
/// the store (plant, active orders) the first time this process touches the plant, and every new grain
/// version is published to the store under the service's own version numbers, which continue across
/// restarts (the grain's restart at 1).
/// </summary>
public sealed partial class PlantService(
    IGrainFactory grains,
    IPlantStore store,
    IForgeTelemetry telemetry,
    TimeProvider clock,
    ILogger<PlantService> logger)
{
    private readonly ConcurrentDictionary<string, PlantSlot> _slots = new(StringComparer.Ordinal);

    public IPlantStore Store => store;

    public IPlantGrain Grain(string plantId) => grains.GetGrain<IPlantGrain>(plantId);

    /// <summary>Stores the plant and hands it to the grain.</summary>
    public async Task<UpsertOutcome> PutPlantAsync(Plant plant, CancellationToken cancellationToken)
    {
        var json = JsonFiles.Serialize(PlantFile.ToDocument(plant));
        var outcome = await store.UpsertPlantAsync(plant.Id, json, cancellationToken);
        var slot = await LoadAsync(plant.Id, cancellationToken);
        if (slot is not null)
        {
            slot.Plant = plant;
            await Grain(plant.Id).SetPlant(DomainJson.WritePlant(plant), cancellationToken);
        }
        LogPlantStored(logger, plant.Id, outcome);
        return outcome;
    }

    /// <summary>The plant, rebuilt into the grain on first use; null if the store does not know it (404).</summary>
    internal async Task<PlantSlot?> LoadAsync(string plantId, CancellationToken cancellationToken)
    {
        if (_slots.TryGetValue(plantId, out var known)) return known;
        var stored = await store.GetPlantAsync(plantId, cancellationToken);
        if (stored is null) return null;
        var plant = PlantFile.Parse(stored.PlantJson, $"stored plant {plantId}");
        var slot = new PlantSlot(plant);
        slot.Orders = new OrderBatcher(async (start, orders) =>
            (await Grain(plantId).UpsertOrders(DomainJson.Write(new OrderBook(plantId, start, orders) { FurnacesHotAtStart = slot.FurnacesHotAtStart }),
                CancellationToken.None)).OrderCount);
        if (!_slots.TryAdd(plantId, slot)) return _slots[plantId];
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            var grain = Grain(plantId);
            var status = await grain.GetStatus();
            if (!status.HasPlant) await grain.SetPlant(DomainJson.WritePlant(plant), cancellationToken);
            var orders = await store.ListOrdersAsync(plantId, cancellationToken);
            var domain = orders.Select(o => OrdersFile.ToDomain(JsonFilesRead<OrderDocument>(o.OrderJson), o.OrderId, "store")).ToList();
            if (domain.Count > 0)
            {
                slot.PlanStart = domain.Min(o => o.Release);
                if (status.OrderCount == 0)
                    await grain.UpsertOrders(DomainJson.Write(new OrderBook(plantId, slot.PlanStart.Value, domain)), cancellationToken);
            }
            var latest = await store.GetScheduleAsync(plantId, null, cancellationToken);
            if (latest is not null)
            {
                slot.LatestVersion = latest.Version;
                slot.CurrentSchedule = ScheduleFile.Parse(latest.ScheduleJson, "stored schedule");
            }
            // A grain that kept running (same process) already has versions we may have published.
            slot.PublishedGrainVersion = latest is null ? 0 : ReadKpis(latest.KpisJson)?.GrainVersion ?? 0;
            if (status.CurrentVersion < slot.PublishedGrainVersion) slot.PublishedGrainVersion = 0;
            LogPlantLoaded(logger, plantId, domain.Count, slot.LatestVersion);
            return slot;
        }
        catch
        {
            _slots.TryRemove(plantId, out _);
            throw;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>Upserts orders: store first (idempotent by content hash), then the changed ones to the grain.</summary>
    public async Task<OrdersResponse?> UpsertOrdersAsync(string plantId, DateTimeOffset? planStart, IReadOnlyList<Order> orders,
        CancellationToken cancellationToken, IReadOnlyList<string>? hotAtStart = null)
    {
        var slot = await LoadAsync(plantId, cancellationToken);
        if (slot is null) return null;
        var problems = InputChecks.CheckOrders(slot.Plant, new OrderBook(plantId, planStart ?? orders.Min(o => o.Release), orders)
        {
            FurnacesHotAtStart = hotAtStart ?? slot.FurnacesHotAtStart,
        });
        if (problems.Count > 0) throw ApiInputException.FromChecks(problems);
        if (hotAtStart is not null) slot.FurnacesHotAtStart = hotAtStart;
        var outcomes = new List<OrderOutcome>(orders.Count);
        var changed = new List<Order>();
        foreach (var order in orders)
        {
            var json = JsonFiles.Serialize(OrdersFile.ToDocument(order));
            var outcome = await store.UpsertOrderAsync(plantId, order.Id, json, ContentHash.Of(json), cancellationToken);
            outcomes.Add(new OrderOutcome(order.Id, outcome.ToString().ToLowerInvariant()));
            if (outcome != UpsertOutcome.Unchanged) changed.Add(order);
        }
        var start = Min(slot.PlanStart, planStart ?? orders.Min(o => o.Release));
        slot.PlanStart = start;
        var count = changed.Count > 0
            ? await slot.Orders!.SendAsync(start, changed)
            : (await Grain(plantId).GetStatus()).OrderCount;
        telemetry.OrdersCounted(plantId, count);
        return new OrdersResponse(
            outcomes.Count(o => o.Outcome == "inserted"),
            outcomes.Count(o => o.Outcome == "updated"),
            outcomes.Count(o => o.Outcome == "unchanged"),
            count,
            outcomes);
    }

    /// <summary>Cancels an order; null if the plant is unknown, false if the order is.</summary>
    public async Task<bool?> CancelOrderAsync(string plantId, string orderId, CancellationToken cancellationToken)
    {
        var slot = await LoadAsync(plantId, cancellationToken);
        if (slot is null) return null;
        var cancelled = await store.CancelOrderAsync(plantId, orderId, cancellationToken);
        await Grain(plantId).CancelOrder(orderId, cancellationToken);
        telemetry.OrdersCounted(plantId, (await Grain(plantId).GetStatus()).OrderCount);
        return cancelled;
    }

    /// <summary>Commits the events to the store, mirrors order events into the order table (so a restart
    /// keeps them), then hands them to the grain.</summary>
    public async Task<EventsResponse?> PostEventsAsync(string plantId, IReadOnlyList<ParsedEvent> events, CancellationToken cancellationToken)
    {
        var slot = await LoadAsync(plantId, cancellationToken);
        if (slot is null) return null;
        long last = 0;
        foreach (var e in events)
        {
            last = (await store.AppendEventAsync(plantId, e.Json, null, cancellationToken)).Sequence;
            if (e.Order is { } order)
            {
                var json = JsonFiles.Serialize(OrdersFile.ToDocument(order));
                await store.UpsertOrderAsync(plantId, order.Id, json, ContentHash.Of(json), cancellationToken);
            }
            else if (e.Wire.Type == ShopFloorEventTypes.OrderCancelled && e.Wire.Order is { } id)
            {
                await store.CancelOrderAsync(plantId, id, cancellationToken);
            }
        }
        var accepted = await Grain(plantId).PostEvents(events.Select(e => e.Wire).ToList(), cancellationToken);
        foreach (var e in events)
        {
            telemetry.EventReceived(plantId, e.ReceivedType);
            if (e.Wire.Type == ShopFloorEventTypes.OperationFinished) ReportFinished(slot, e.Wire);
        }
        if (events.Any(e => e.Order is not null || e.Wire.Type == ShopFloorEventTypes.OrderCancelled))
            telemetry.OrdersCounted(plantId, (await Grain(plantId).GetStatus()).OrderCount);
        return new EventsResponse(events.Count, last, accepted.RescheduleRequested);
    }

    private void ReportFinished(PlantSlot slot, ShopFloorEvent e)
    {
        var op = slot.CurrentSchedule?.Operations.FirstOrDefault(o => o.Order == e.Order && o.Step == e.Step);
        var resource = e.Resource ?? op?.Resource;
        if (resource is null || e.EnergyKwh is not { } energy) return;
        var furnace = slot.Plant.FindFurnace(resource);
        var carrier = furnace?.Carrier ?? Carrier.Electric;
        var kind = op?.Kind ?? (furnace is null ? OperationKind.Forge
            : furnace.Kind == FurnaceKind.HeatTreatment ? OperationKind.HeatTreat : OperationKind.Heat);
        telemetry.OperationFinished(slot.Plant, resource, carrier, kind, energy, 0, op?.ChargeTempC ?? double.NaN, e.At);
    }

    /// <summary>Asks the grain for a reschedule and publishes the version it produced.</summary>
    public async Task<RescheduleResponse?> RescheduleAsync(string plantId, CancellationToken cancellationToken)
    {
        var slot = await LoadAsync(plantId, cancellationToken);
        if (slot is null) return null;
        var started = clock.GetTimestamp();
        RescheduleResult result;
        try
        {
            result = await Grain(plantId).Reschedule(cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new ApiInputException(StatusCodes.Status409Conflict, "Nothing to schedule yet.",
                new Dictionary<string, string[]> { ["orders"] = [e.Message] });
        }
        var previous = slot.LatestVersion == 0 ? (int?)null : slot.LatestVersion;
        var published = await PublishAsync(plantId, slot, cancellationToken);
        telemetry.RescheduleFinished(plantId, clock.GetElapsedTime(started).TotalSeconds, null, result.SolverStatus);
        if (published is null)
            throw new InvalidOperationException($"plant '{plantId}': the grain reported version {result.Version} but has no schedule");
        return new RescheduleResponse(published.Version, previous, published.Diff, published.SolverStatus, published.SolveSeconds,
            published.Violations, result.Operations, published.Planned, published.Baseline);
    }

    /// <summary>Publishes the grain's current version to the store if it is newer than the last one
    /// published (event-triggered solves run in the background; reads call this to catch up).</summary>
    internal async Task<PublishedKpis?> PublishAsync(string plantId, PlantSlot slot, CancellationToken cancellationToken)
    {
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            var grain = Grain(plantId);
            var current = await grain.GetSchedule();
            if (current is null) return null;
            if (current.Version <= slot.PublishedGrainVersion)
            {
                var stored = await store.GetScheduleAsync(plantId, slot.LatestVersion, cancellationToken);
                return stored is null ? null : ReadKpis(stored.KpisJson);
            }
            var schedule = DomainJson.ReadSchedule(current.ScheduleJson);
            var orders = await store.ListOrdersAsync(plantId, cancellationToken);
            var book = BookOf(plantId, slot, orders);
            var planned = KpiCalculator.Compute(slot.Plant, book, schedule);
            var portfolio = BaselinePortfolio.Run(slot.Plant, book);
            var baseline = portfolio.BestKpis;
            var version = slot.LatestVersion + 1;
            var kpis = new PublishedKpis
            {
                Version = version,
                GrainVersion = current.Version,
                Planned = planned,
                Baseline = portfolio.BestKpis,
                BaselineRule = portfolio.BestRule.Name,
                Limit = book.Orders.Count > 0 ? EnergyLimitCalculator.Compute(slot.Plant, book) : null,
                Diff = DiffDocument.Of(current.Diff),
                SolverStatus = current.SolverStatus,
                SolveSeconds = current.SolveSeconds,
                Violations = current.Violations,
                OrderCount = current.OrderCount,
                LateOrders = LateOrders(book, schedule),
                PublishedAt = clock.GetUtcNow(),
            };
            var kpisJson = JsonFiles.Serialize(kpis);
            var scheduleJson = JsonFiles.Serialize(ScheduleFile.ToDocument(schedule, planned, version));
            await store.SaveScheduleVersionAsync(plantId, version, schedule.Method, scheduleJson, kpisJson, cancellationToken);
            await store.AppendKpiHistoryAsync(plantId, version, "planned", JsonFiles.Serialize(planned), cancellationToken);
            await store.AppendKpiHistoryAsync(plantId, version, "baseline", JsonFiles.Serialize(baseline), cancellationToken);
            slot.LatestVersion = version;
            slot.PublishedGrainVersion = current.Version;
            slot.CurrentSchedule = schedule;
            telemetry.SchedulePublished(slot.Plant, version, planned, baseline);
            var d = current.Diff;
            telemetry.ScheduleChanged(plantId, d.Moved, d.Reassigned, d.Added, d.Removed, d.Interrupted);
            LogPublished(logger, plantId, version, current.Version, current.SolverStatus);
            return kpis;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>The current version number after catching up with the grain; 0 when none; null for an unknown plant.</summary>
    public async Task<int?> CurrentVersionAsync(string plantId, CancellationToken cancellationToken)
    {
        var slot = await LoadAsync(plantId, cancellationToken);
        if (slot is null) return null;
        var status = await Grain(plantId).GetStatus();
        if (status.CurrentVersion > slot.PublishedGrainVersion) await PublishAsync(plantId, slot, cancellationToken);
        return slot.LatestVersion;
    }

    public async Task<(Plant Plant, OrderBook Book)?> PlantAndBookAsync(string plantId, CancellationToken cancellationToken)
    {
        var slot = await LoadAsync(plantId, cancellationToken);
        if (slot is null) return null;
        return (slot.Plant, BookOf(plantId, slot, await store.ListOrdersAsync(plantId, cancellationToken)));
    }

    internal static PublishedKpis? ReadKpis(string json)
    {
        try { return JsonFilesRead<PublishedKpis>(json); }
        catch (ForgeInputException) { return null; }
    }

    private static T JsonFilesRead<T>(string json) => JsonFiles.Deserialize<T>(json, "store");

    private static OrderBook BookOf(string plantId, PlantSlot slot, IReadOnlyList<StoredOrder> orders)
    {
        var domain = orders.Select(o => OrdersFile.ToDomain(JsonFilesRead<OrderDocument>(o.OrderJson), o.OrderId, "store")).ToList();
        var start = slot.PlanStart ?? (domain.Count > 0 ? domain.Min(o => o.Release) : DateTimeOffset.UnixEpoch);
        return new OrderBook(plantId, start, domain) { FurnacesHotAtStart = slot.FurnacesHotAtStart };
    }

    private static IReadOnlyList<string> LateOrders(OrderBook book, Schedule schedule)
    {
        var ends = schedule.Operations.GroupBy(o => o.Order).ToDictionary(g => g.Key, g => g.Max(o => o.End), StringComparer.Ordinal);
        return book.Orders.Where(o => ends.TryGetValue(o.Id, out var end) && end > o.Due).Select(o => o.Id).ToList();
    }

    private static DateTimeOffset Min(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Plant {Plant} stored ({Outcome})")]
    private static partial void LogPlantStored(ILogger logger, string plant, UpsertOutcome outcome);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Plant {Plant} rebuilt from the store: {Orders} active orders, latest version {Version}")]
    private static partial void LogPlantLoaded(ILogger logger, string plant, int orders, int version);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Plant {Plant} published version {Version} (grain version {GrainVersion}, {Status})")]
    private static partial void LogPublished(ILogger logger, string plant, int version, int grainVersion, string status);
}
