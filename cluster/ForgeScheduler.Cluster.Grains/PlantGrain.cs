using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace ForgeScheduler.Cluster.Grains;

/// <summary>One plant: orders, schedule versions, event log. Reentrant so status, events and reads are
/// answered while a solve runs; every state change happens between awaits (one thread per activation),
/// and writes are chained so two interleaved turns never write with the same ETag.</summary>
[Reentrant]
internal sealed partial class PlantGrain(
    [PersistentState("plant", ForgeStorage.Name)] IPersistentState<PlantState> state,
    IPlantStorage storage,
    ILocalSiloDetails silo,
    SolverPool solverPool,
    TimeProvider clock,
    ILogger<PlantGrain> logger) : Grain, IPlantGrain
{
    public const int KeptVersions = 20;
    public const int KeptEvents = 500;

    /// <summary>A resource_down without 'until' is planned as down for this long; resource_up ends it earlier.</summary>
    private static readonly TimeSpan DefaultDownFor = TimeSpan.FromHours(24);

    private Plant? _plant;
    private List<Order> _orders = [];
    /// <summary>Callers waiting for the next solve that has not started yet: everything asked for while
    /// a solve runs is folded into this one follow-up.</summary>
    private SolveBatch? _nextSolve;
    /// <summary>The "now" the next solve plans from (null: the clock); the latest asked for wins.</summary>
    private DateTimeOffset? _nextNow;
    private bool _solveRunning;
    private int _solvesStarted;
    private Task _lastWrite = Task.CompletedTask;

    private string PlantId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.PlantJson is { } plantJson) _plant = DomainJson.ReadPlant(plantJson);
        _orders = [.. await storage.LoadOrdersAsync(PlantId, cancellationToken)];
    }

    public async Task<PlantAccepted> SetPlant(string plantJson, CancellationToken cancellationToken = default)
    {
        var plant = DomainJson.ReadPlant(plantJson);
        if (plant.Id != PlantId) throw PlantRejectedException.Unprocessable([("id", $"'{plant.Id}' does not match the plant '{PlantId}'")]);
        var problems = InputChecks.CheckPlant(plant);
        if (problems.Count > 0) throw PlantRejectedException.Unprocessable(problems.Select(p => (p.Field, p.Message)));
        var json = DomainJson.WritePlant(plant);
        var outcome = state.State.PlantJson is null ? "inserted" : state.State.PlantJson == json ? "unchanged" : "updated";
        if (outcome == "unchanged") return new PlantAccepted { Outcome = outcome };
        _plant = plant;
        state.State = state.State with { PlantJson = json };
        await SaveAsync();
        return new PlantAccepted { Outcome = outcome };
    }

    public Task<string?> GetPlant() => Task.FromResult(state.State.PlantJson);

    public Task<bool> IsKnown() => Task.FromResult(_plant is not null);

    public Task<string> GetOrders() => Task.FromResult(DomainJson.Write(Book()));

    public Task<IReadOnlyList<ScheduleVersion>> GetVersions() =>
        Task.FromResult<IReadOnlyList<ScheduleVersion>>([.. state.State.Versions.Reverse()]);

    /// <summary>Checks only the orders sent (each against the plant and against what the floor already
    /// did with it), then writes one storage row per order: the cost of an upsert does not grow with the book.</summary>
    public async Task<OrdersAccepted> UpsertOrders(string ordersJson, CancellationToken cancellationToken = default)
    {
        var book = DomainJson.Read<OrderBook>(ordersJson);
        if (book.Plant != PlantId) throw PlantRejectedException.Unprocessable([("plant", $"'{book.Plant}' does not match the plant '{PlantId}'")]);
        if (_plant is null) throw PlantRejectedException.UnknownPlant(PlantId);
        var hot = book.FurnacesHotAtStart.Count > 0 ? book.FurnacesHotAtStart : state.State.FurnacesHotAtStart;
        var problems = InputChecks.CheckOrders(_plant, new OrderBook(PlantId, book.PlanStart, book.Orders) { FurnacesHotAtStart = hot });
        if (problems.Count > 0) throw PlantRejectedException.Unprocessable(problems.Select(p => (p.Field, p.Message)));
        var conflicts = book.Orders.SelectMany((o, i) => Known(o.Id) is { } known
            ? OrderProgress.Conflicts(known, o, state.State.Progress, $"orders[{i}]") : []).ToList();
        if (conflicts.Count > 0) throw PlantRejectedException.Conflict("The order contradicts what the floor already did with it.", conflicts);
        var orders = book.Orders;
        var outcomes = await storage.UpsertOrdersAsync(PlantId, orders, cancellationToken);
        var (added, changed) = Upsert(orders);
        var planStart = state.State.PlanStart is { } known && known < book.PlanStart ? known : book.PlanStart;
        if (planStart != state.State.PlanStart || !hot.SequenceEqual(state.State.FurnacesHotAtStart))
        {
            state.State = state.State with { PlanStart = planStart, FurnacesHotAtStart = hot };
            await SaveAsync();
        }
        return new OrdersAccepted
        {
            Added = added,
            Changed = outcomes.Count(o => o == "updated"),
            Unchanged = outcomes.Count(o => o == "unchanged"),
            OrderCount = _orders.Count,
            Outcomes = [.. orders.Select((o, i) => new OrderWriteOutcome { Id = o.Id, Outcome = outcomes[i] })],
        };
    }

    public async Task<bool> CancelOrder(string orderId, CancellationToken cancellationToken = default)
    {
        if (!_orders.Any(o => o.Id == orderId)) return false;
        await storage.RemoveOrderAsync(PlantId, orderId, cancellationToken);
        _orders.RemoveAll(o => o.Id == orderId);
        if (state.State.Progress.Any(p => p.Order == orderId))
        {
            state.State = state.State with { Progress = OrderProgress.Forget(state.State.Progress, orderId) };
            await SaveAsync();
        }
        return true;
    }

    private OrderBook Book() =>
        new(PlantId, state.State.PlanStart ?? (_orders.Count > 0 ? _orders.Min(o => o.Release) : DateTimeOffset.UnixEpoch), [.. _orders])
        {
            FurnacesHotAtStart = state.State.FurnacesHotAtStart,
        };

    private Order? Known(string id) => _orders.Find(o => o.Id == id);

    public async Task<EventsAccepted> PostEvents(IReadOnlyList<ShopFloorEvent> events, CancellationToken cancellationToken = default)
    {
        // All or nothing: a batch with one bad event changes nothing and logs nothing.
        for (var i = 0; i < events.Count; i++) Check(events[i], $"events[{i}]");
        var now = clock.GetUtcNow();
        var sequence = state.State.LastEventSequence;
        var logged = events.Select(e => new LoggedEvent { Sequence = ++sequence, ReceivedAt = now, Event = e }).ToList();
        state.State = state.State with
        {
            EventLog = [.. state.State.EventLog.Concat(logged).TakeLast(KeptEvents)],
            LastEventSequence = sequence,
        };
        var resourceCalls = new List<Task>();
        var orderWrites = new List<Func<Task>>();
        foreach (var e in events) Apply(e, resourceCalls, orderWrites);
        foreach (var write in orderWrites) await write();
        if (_plant is not null && events.Any(e => e.Type is ShopFloorEventTypes.OperationStarted or ShopFloorEventTypes.OperationFinished))
            state.State = state.State with { CoolingReadings = PlantCooling.Update(state.State.CoolingReadings, state.State.EventLog, _plant, _orders) };
        await SaveAsync();
        await Task.WhenAll(resourceCalls);
        var requested = CanSolve && events.Count > 0;
        if (requested) ObserveInBackground(RequestSolve(background: true).Result.Task);
        return new EventsAccepted { Accepted = events.Count, LastSequence = sequence, RescheduleRequested = requested };
    }

    public Task<RescheduleResult> Reschedule(CancellationToken cancellationToken = default) => RescheduleAt(null, cancellationToken);

    public async Task<RescheduleResult> RescheduleAt(DateTimeOffset? now, CancellationToken cancellationToken = default)
    {
        if (_plant is null) throw new InvalidOperationException($"plant '{PlantId}' has no plant data yet: call SetPlant first");
        if (_orders.Count == 0) throw new InvalidOperationException($"plant '{PlantId}' has no orders to schedule");
        var batch = RequestSolve(background: !cancellationToken.CanBeCanceled, now);

        if (!cancellationToken.CanBeCanceled) return await batch.Result.Task;
        // The caller going away (request aborted or timed out) leaves the batch; when the last caller of a
        // batch has left, its solve is cancelled: nobody waits for it, and the slot is someone else's.
        try
        {
            return await batch.Result.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            batch.Leave();
            throw;
        }
    }

    public Task<ScheduleVersion?> GetSchedule(int? version = null)
    {
        var versions = state.State.Versions;
        var found = version is null ? versions.LastOrDefault() : versions.FirstOrDefault(v => v.Version == version);
        return Task.FromResult(found);
    }

    public Task<KpiSnapshot?> GetKpis() => Task.FromResult(state.State.Versions.LastOrDefault()?.Kpis);

    public Task<IReadOnlyList<LoggedEvent>> GetEventLog() => Task.FromResult(state.State.EventLog);

    public Task<PlantStatus> GetStatus() => Task.FromResult(new PlantStatus
    {
        Plant = PlantId,
        HasPlant = _plant is not null,
        OrderCount = _orders.Count,
        CurrentVersion = state.State.LastVersion,
        LastEventSequence = state.State.LastEventSequence,
        SolveRunning = _solveRunning,
        SolvesStarted = _solvesStarted,
        Silo = SiloName.Of(silo),
        DownResources = [.. state.State.Downs.Select(d => d.Resource).Distinct().Order(StringComparer.Ordinal)],
        CoolingFits = PlantCooling.Summaries(state.State.CoolingReadings, _plant),
    });

    private bool CanSolve => _plant is not null && _orders.Count > 0;

    /// <summary>Joins the next solve; starts the solve loop if none runs. A background request (events)
    /// keeps the batch from being cancelled; a caller that can leave counts as one waiter.</summary>
    private SolveBatch RequestSolve(bool background, DateTimeOffset? now = null)
    {
        if (now is not null) _nextNow = now;
        // A batch every caller has left is dropped before it starts: the next caller gets a fresh one.
        if (_nextSolve is { Cancellation.IsCancellationRequested: true } abandoned) abandoned.Result.TrySetCanceled();
        if (_nextSolve?.Cancellation.IsCancellationRequested != false)
        {
            var plant = PlantId;
            _nextSolve = new SolveBatch(() => solverPool.Cancel(plant));
        }
        _nextSolve.Join(background);
        var joined = _nextSolve;
        if (!_solveRunning) ObserveInBackground(SolveLoop());
        return joined;
    }

    /// <summary>Everyone waiting for one solve, and the switch that cancels it when all of them have left.</summary>
    private sealed class SolveBatch(Action stopRunningSolve)
    {
        private readonly CancellationTokenSource _cancel = new();
        private int _waiters;
        private bool _background;
        private bool _started;

        /// <summary>The solve of this batch has been handed to a worker.</summary>
        public void Start() => Volatile.Write(ref _started, true);

        public TaskCompletionSource<RescheduleResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken Cancellation => _cancel.Token;

        public void Join(bool background)
        {
            if (background) Volatile.Write(ref _background, true);
            else Interlocked.Increment(ref _waiters);
        }

        /// <summary>Called from a caller's cancellation (any thread): only thread-safe members are touched.</summary>
        public void Leave()
        {
            if (Interlocked.Decrement(ref _waiters) == 0 && !Volatile.Read(ref _background))
            {
                try { _cancel.Cancel(); } catch (ObjectDisposedException) { }
                if (Volatile.Read(ref _started)) stopRunningSolve();
            }
        }
    }

    /// <summary>One solve at a time; whatever was requested during a solve runs as one follow-up.</summary>
    private async Task SolveLoop()
    {
        _solveRunning = true;
        try
        {
            while (_nextSolve is { } batch)
            {
                _nextSolve = null;
                var now = _nextNow;
                _nextNow = null;
                if (batch.Cancellation.IsCancellationRequested) { batch.Result.TrySetCanceled(); continue; }
                batch.Start();
                try { batch.Result.TrySetResult(await SolveOnce(now ?? clock.GetUtcNow(), batch.Cancellation)); }
#pragma warning disable CA1031 // every waiter of this batch gets the failure; the loop goes on with the next batch
                catch (Exception e) { batch.Result.TrySetException(e); }
#pragma warning restore CA1031
            }
        }
        finally { _solveRunning = false; }
    }

    private async Task<RescheduleResult> SolveOnce(DateTimeOffset now, CancellationToken cancellationToken)
    {
        _solvesStarted++;
        var plant = PlanningPlant();
        var orders = _orders.ToList();
        var previous = state.State.Versions.LastOrDefault();
        var eventsThrough = state.State.LastEventSequence;
        var sincePrevious = state.State.EventLog.Where(e => e.Sequence > (previous?.EventsThrough ?? 0)).Select(e => e.Event).ToList();
        var worker = GrainFactory.GetGrain<ISolverWorkerGrain>(0);
        var outcome = await worker.Solve(new SolveRequest
        {
            PlantJson = DomainJson.WritePlant(plant),
            OrdersJson = DomainJson.WriteOrders(orders),
            PlanStart = state.State.PlanStart ?? orders.Min(o => o.Release),
            PreviousScheduleJson = previous?.ScheduleJson,
            Events = sincePrevious,
            Now = now,
            FurnacesHotAtStart = state.State.FurnacesHotAtStart,
        }, cancellationToken);
        if (outcome.Violations > 0)
        {
            // Never publish a plan that breaks the plant's rules: the version in force stays current.
            LogRefused(logger, PlantId, outcome.Violations, string.Join("; ", outcome.BrokenRules));
            return new RescheduleResult
            {
                Version = state.State.LastVersion,
                PreviousVersion = state.State.LastVersion == 0 ? null : state.State.LastVersion,
                Diff = ScheduleDiffSummary.Empty,
                SolverStatus = outcome.Status,
                SolveSeconds = outcome.WallSeconds,
                Violations = outcome.Violations,
                Operations = 0,
                Silo = SiloName.Of(silo),
                Published = false,
                BrokenRules = outcome.BrokenRules,
            };
        }
        var schedule = DomainJson.ReadSchedule(outcome.ScheduleJson);
        var number = state.State.LastVersion + 1;
        var diff = ScheduleViews.Summary(Solver.Rescheduling.ScheduleDiff.Between(previous is null ? null : DomainJson.ReadSchedule(previous.ScheduleJson), schedule));
        var version = new ScheduleVersion
        {
            Version = number,
            CreatedAt = clock.GetUtcNow(),
            ScheduleJson = outcome.ScheduleJson,
            Diff = diff,
            Kpis = outcome.Kpis with { Version = number },
            SolverStatus = outcome.Status,
            SolveSeconds = outcome.WallSeconds,
            Violations = outcome.Violations,
            OrderCount = orders.Count,
            EventsThrough = eventsThrough,
            ReportJson = outcome.ReportJson,
            Method = schedule.Method,
        };
        state.State = state.State with
        {
            Versions = [.. state.State.Versions.Append(version).TakeLast(KeptVersions)],
            LastVersion = number,
        };
        await SaveAsync();
        LogPublished(logger, PlantId, number, schedule.Operations.Count, outcome.Status, outcome.WallSeconds);
        await PublishToResources(plant, schedule, number);
        return new RescheduleResult
        {
            Version = number,
            Diff = diff,
            SolverStatus = outcome.Status,
            SolveSeconds = outcome.WallSeconds,
            Violations = outcome.Violations,
            Operations = schedule.Operations.Count,
            Silo = SiloName.Of(silo),
            PreviousVersion = previous?.Version,
            ReportJson = outcome.ReportJson,
            Gap = outcome.Gap,
        };
    }

    /// <summary>The plant as the planner must see it: the cooling constants learnt from the floor where
    /// their fit is good, its own downtime plus resources the floor reported down.</summary>
    private Plant PlanningPlant()
    {
        var plant = PlantCooling.WithGoodFits(_plant ?? throw new InvalidOperationException("no plant"), state.State.CoolingReadings);
        if (state.State.Downs.Count == 0) return plant;
        return plant with
        {
            Downtime = [.. plant.Downtime, .. state.State.Downs.Where(d => d.Until > d.From).Select(d => new Downtime(d.Resource, d.From, d.Until))],
        };
    }

    private async Task PublishToResources(Plant plant, Schedule schedule, int version)
    {
        var calls = plant.Furnaces.Select(f => ResourceGrain(plant, f.Id)!.PublishPlan(version, ScheduleViews.ChargesOn(schedule, f.Id)))
            .Concat(plant.Presses.Select(p => ResourceGrain(plant, p.Id)!.PublishPlan(version, ScheduleViews.ChargesOn(schedule, p.Id))));
        try { await Task.WhenAll(calls); }
#pragma warning disable CA1031 // the version is published; a resource grain that missed it catches up with the next one
        catch (Exception e) { LogResourceUpdateFailed(logger, e, PlantId, version); }
#pragma warning restore CA1031
    }

    private void Apply(ShopFloorEvent e, List<Task> resourceCalls, List<Func<Task>> orderWrites)
    {
        switch (e.Type)
        {
            case ShopFloorEventTypes.OrderAdded or ShopFloorEventTypes.OrderChanged:
                var order = DomainJson.Read<Order>(e.OrderJson ?? throw new ArgumentException($"{e.Type} needs 'order'"));
                Upsert([order]);
                orderWrites.Add(() => storage.UpsertOrdersAsync(PlantId, [order], CancellationToken.None));
                break;
            case ShopFloorEventTypes.OrderCancelled:
                var cancelled = e.Order;
                if (cancelled is not null && _orders.RemoveAll(o => o.Id == cancelled) > 0)
                {
                    orderWrites.Add(() => storage.RemoveOrderAsync(PlantId, cancelled, CancellationToken.None));
                    state.State = state.State with { Progress = OrderProgress.Forget(state.State.Progress, cancelled) };
                }
                break;
            case ShopFloorEventTypes.ResourceDown:
                var down = new ResourceDown { Resource = RequireResource(e), From = e.At, Until = e.Until ?? e.At + DefaultDownFor };
                state.State = state.State with { Downs = [.. state.State.Downs.Where(d => d.Resource != down.Resource), down] };
                AddCall(resourceCalls, e.Resource, g => g.SetDown(e.At, e.Until));
                break;
            case ShopFloorEventTypes.ResourceUp:
                var resource = RequireResource(e);
                // Up earlier than expected: the down ends now (kept as past downtime for the record).
                state.State = state.State with
                {
                    Downs = [.. state.State.Downs.Select(d => d.Resource == resource && d.Until > e.At ? d with { Until = e.At } : d)],
                };
                AddCall(resourceCalls, resource, g => g.SetUp(e.At));
                break;
            case ShopFloorEventTypes.OperationStarted:
                state.State = state.State with { Progress = OrderProgress.Record(state.State.Progress, e) };
                AddCall(resourceCalls, RequireResource(e), g => g.RecordOperationStarted(new OperationStarted
                {
                    Order = e.Order ?? throw new ArgumentException("operation_started needs 'order'"),
                    Step = e.Step ?? throw new ArgumentException("operation_started needs 'step'"),
                    At = e.At,
                    TempC = e.TempC,
                }));
                break;
            case ShopFloorEventTypes.OperationFinished:
                var orderId = e.Order ?? throw new ArgumentException("operation_finished needs 'order'");
                var step = e.Step ?? throw new ArgumentException("operation_finished needs 'step'");
                state.State = state.State with { Progress = OrderProgress.Record(state.State.Progress, e) };
                var on = e.Resource ?? PlannedResource(orderId, step);
                if (on is null) break; // nothing to meter against: logged only
                var carrier = _plant?.FindFurnace(on)?.Carrier ?? Carrier.Electric; // presses are electric
                AddCall(resourceCalls, on, g => g.RecordOperationFinished(new OperationFinished
                {
                    Order = orderId, Step = step, At = e.At, TempC = e.TempC, EnergyKwh = e.EnergyKwh,
                    Carrier = carrier == Carrier.Gas ? "gas" : "electric",
                }));
                break;
        }
    }

    private void Check(ShopFloorEvent e, string path)
    {
        void Need(bool present, string field)
        {
            if (!present) throw new ArgumentException($"{path} ({e.Type}): needs '{field}'");
        }
        if (!ShopFloorEventTypes.All.Contains(e.Type)) throw new ArgumentException($"{path}: unknown event type '{e.Type}'");
        switch (e.Type)
        {
            case ShopFloorEventTypes.OrderAdded or ShopFloorEventTypes.OrderChanged:
                Need(e.OrderJson is not null, "order");
                Order changed;
                try { changed = DomainJson.Read<Order>(e.OrderJson!); }
                catch (System.Text.Json.JsonException x) { throw new ArgumentException($"{path} ({e.Type}): 'order' is not an order: {x.Message}", x); }
                if (Known(changed.Id) is { } known && OrderProgress.Conflicts(known, changed, state.State.Progress, $"{path}.order") is { Count: > 0 } conflicts)
                    throw PlantRejectedException.Conflict("The order contradicts what the floor already did with it.", conflicts);
                break;
            case ShopFloorEventTypes.OrderCancelled:
                Need(e.Order is not null, "id");
                break;
            case ShopFloorEventTypes.ResourceDown or ShopFloorEventTypes.ResourceUp:
                Need(e.Resource is not null, "resource");
                break;
            case ShopFloorEventTypes.OperationStarted:
                Need(e.Resource is not null, "resource");
                Need(e.Order is not null, "order");
                Need(e.Step is not null, "step");
                break;
            case ShopFloorEventTypes.OperationFinished:
                Need(e.Order is not null, "order");
                Need(e.Step is not null, "step");
                break;
        }
        if (e.Resource is { } r && _plant is not null && !_plant.HasResource(r))
            throw new ArgumentException($"{path} ({e.Type}): unknown resource '{r}' on plant '{PlantId}'");
    }

    private void AddCall(List<Task> calls, string? resource, Func<IResourceGrain, Task> call)
    {
        if (_plant is null || resource is null) return;
        if (ResourceGrain(_plant, resource) is { } grain) calls.Add(call(grain));
    }

    private IResourceGrain? ResourceGrain(Plant plant, string resource)
    {
        var key = ResourceKeys.Of(PlantId, resource);
        if (plant.FindFurnace(resource) is not null) return GrainFactory.GetGrain<IFurnaceGrain>(key);
        if (plant.FindPress(resource) is not null) return GrainFactory.GetGrain<IPressGrain>(key);
        return null;
    }

    private string? PlannedResource(string order, int step)
    {
        var current = state.State.Versions.LastOrDefault();
        if (current is null) return null;
        return DomainJson.ReadSchedule(current.ScheduleJson).Operations.FirstOrDefault(o => o.Order == order && o.Step == step)?.Resource;
    }

    private string RequireResource(ShopFloorEvent e)
    {
        var resource = e.Resource ?? throw new ArgumentException($"{e.Type} needs 'resource'");
        if (_plant is not null && !_plant.HasResource(resource)) throw new ArgumentException($"{e.Type}: unknown resource '{resource}' on plant '{PlantId}'");
        return resource;
    }

    private (int Added, int Changed) Upsert(IEnumerable<Order> orders)
    {
        int added = 0, changed = 0;
        foreach (var order in orders)
        {
            var at = _orders.FindIndex(o => o.Id == order.Id);
            if (at < 0) { _orders.Add(order); added++; }
            else { _orders[at] = order; changed++; }
        }
        return (added, changed);
    }

    /// <summary>Writes after the previous write finished: interleaved turns must not write with the same ETag.</summary>
    private Task SaveAsync()
    {
        var previous = _lastWrite;
        _lastWrite = WriteAfter(previous);
        return _lastWrite;

        async Task WriteAfter(Task before)
        {
            try { await before; }
#pragma warning disable CA1031 // the earlier write's caller saw its failure; this write stands on its own
            catch (Exception) { }
#pragma warning restore CA1031
            await state.WriteStateAsync();
        }
    }

    private void ObserveInBackground(Task task) =>
        task.ContinueWith(t => LogBackgroundFailed(logger, t.Exception!, PlantId), CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Current);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Plant {Plant}: published schedule version {Version} ({Operations} operations, {Status}, {Seconds:F1} s)")]
    private static partial void LogPublished(ILogger logger, string plant, int version, int operations, string status, double seconds);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Plant {Plant}: plan with {Violations} violations not published ({Rules}); the version in force stays")]
    private static partial void LogRefused(ILogger logger, string plant, int violations, string rules);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Plant {Plant}: resource grains missed schedule version {Version}")]
    private static partial void LogResourceUpdateFailed(ILogger logger, Exception exception, string plant, int version);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Plant {Plant}: background reschedule failed")]
    private static partial void LogBackgroundFailed(ILogger logger, Exception exception, string plant);
}
