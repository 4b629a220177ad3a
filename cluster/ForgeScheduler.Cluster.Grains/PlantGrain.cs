using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace ForgeScheduler.Cluster.Grains;

/// <summary>One plant: orders, schedule versions, event log. Reentrant so status, events and reads are
/// answered while a solve runs; every state change happens between awaits (one thread per activation),
/// write requests take turns behind one gate (check, commit, then memory), and state writes are chained
/// so two interleaved turns never write with the same ETag.</summary>
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
    /// <summary>Write requests (plant, orders, events, cancel) one at a time: each checks, commits and then
    /// changes memory without another write interleaving at its awaits (the grain is reentrant for reads
    /// and solves). Never disposed: it lives as long as the activation and has no wait handle.</summary>
    private readonly SemaphoreSlim _writes = new(1, 1);
    /// <summary>The version a conditional reschedule (If-Match) is making the successor of; -1: none.</summary>
    private int _claimedVersion = -1;

    /// <summary>How long an Idempotency-Key is remembered (a retry comes within minutes; a day is ample).</summary>
    public static readonly TimeSpan KeyRetention = TimeSpan.FromHours(24);

    private string PlantId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Orleans serves no call before this returns: no request sees a plant half loaded.
        if (state.State.PlantJson is { } plantJson) _plant = DomainJson.Read<Plant>(plantJson);
        _orders = [.. await storage.LoadOrdersAsync(PlantId, cancellationToken)];
        // Versions stored before the contracts were typed carry no schedule: drop them, the next
        // reschedule plans afresh (the event log and the orders are kept).
        if (state.State.Versions.Any(v => v.Schedule is null))
            state.State = state.State with { Versions = [.. state.State.Versions.Where(v => v.Schedule is not null)] };
        // Events committed after the last state write (the process died in between): their orders are in
        // the rows already; downs, progress and the log catch up here.
        var missed = await storage.LoadEventsAsync(PlantId, state.State.LastEventSequence, cancellationToken);
        if (missed.Count > 0)
        {
            state.State = PlantEventFold.AfterEvents(state.State, missed);
            await SaveAsync();
        }
    }

    public async Task<PlantAccepted> SetPlant(Plant plant, CancellationToken cancellationToken = default)
    {
        if (plant.Id != PlantId) throw PlantRejectedException.Unprocessable([("id", $"'{plant.Id}' does not match the plant '{PlantId}'")]);
        var problems = InputChecks.CheckPlant(plant);
        if (problems.Count > 0) throw PlantRejectedException.Unprocessable(problems.Select(p => (p.Field, p.Message)));
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var json = DomainJson.Write(plant);
            var outcome = state.State.PlantJson is null ? "inserted" : state.State.PlantJson == json ? "unchanged" : "updated";
            if (outcome == "unchanged") return new PlantAccepted { Outcome = outcome };
            // No poisoning: a revision under which the stored book could not be planned is refused, naming
            // the orders it would strand; the plant in force stays.
            var stranded = InputChecks.CheckOrders(plant, Book());
            if (stranded.Count > 0)
                throw PlantRejectedException.Conflict("The plant revision would leave stored orders that cannot be planned.",
                    stranded.Select(p => (p.Field, p.Message)));
            // The plant JSON (GET plant) and the parsed plant (IsKnown, checks) change together, or a reader
            // could see a plant that writes are told does not exist; a failed write puts both back.
            var (previousJson, previousPlant) = (state.State.PlantJson, _plant);
            state.State = state.State with { PlantJson = json };
            _plant = plant;
            try { await SaveAsync(); }
            catch
            {
                if (state.State.PlantJson == json) state.State = state.State with { PlantJson = previousJson };
                if (_plant == plant) _plant = previousPlant;
                throw;
            }
            return new PlantAccepted { Outcome = outcome };
        }
        finally { _writes.Release(); }
    }

    public Task<Plant?> GetPlant() => Task.FromResult(_plant);

    public Task<bool> IsKnown() => Task.FromResult(_plant is not null);

    public Task<OrderBook> GetOrders() => Task.FromResult(Book());

    public Task<IReadOnlyList<ScheduleVersion>> GetVersions() =>
        Task.FromResult<IReadOnlyList<ScheduleVersion>>([.. state.State.Versions.Reverse()]);

    /// <summary>Checks only the orders sent (each against the plant and against what the floor already
    /// did with it), then writes one storage row per order, all in one transaction with the request's key:
    /// the cost of an upsert does not grow with the book. Memory changes only after the commit.</summary>
    public async Task<OrdersAccepted> UpsertOrders(OrderBook book, RequestClaim? claim = null, CancellationToken cancellationToken = default)
    {
        if (book.Plant != PlantId) throw PlantRejectedException.Unprocessable([("plant", $"'{book.Plant}' does not match the plant '{PlantId}'")]);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (claim is not null && await EarlierAsync<OrdersAccepted>(claim, cancellationToken) is { } replay) return replay with { Replayed = true };
            if (_plant is null) throw PlantRejectedException.UnknownPlant(PlantId);
            var hot = book.FurnacesHotAtStart.Count > 0 ? book.FurnacesHotAtStart : state.State.FurnacesHotAtStart;
            var problems = InputChecks.CheckOrders(_plant, new OrderBook(PlantId, book.PlanStart, book.Orders) { FurnacesHotAtStart = hot });
            if (problems.Count > 0) throw PlantRejectedException.Unprocessable(problems.Select(p => (p.Field, p.Message)));
            // A piece forged, treated and retired is not planned again when the MES re-sends its book.
            var retired = state.State.Retired.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            var sent = book.Orders;
            var conflicts = sent.SelectMany((o, i) => !retired.Contains(o.Id) && Known(o.Id) is { } known
                ? OrderProgress.Conflicts(known, o, state.State.Progress, $"orders[{i}]") : []).ToList();
            if (conflicts.Count > 0) throw PlantRejectedException.Conflict("The order contradicts what the floor already did with it.", conflicts);
            IReadOnlyList<Order> orders = [.. sent.Where(o => !retired.Contains(o.Id))];
            var added = orders.Count(o => Known(o.Id) is null);
            var sentIds = orders.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            if (InputLimits.BookSizeProblem([.. _orders.Where(o => !sentIds.Contains(o.Id)), .. orders]) is { } tooLarge)
                throw PlantRejectedException.Unprocessable([("orders", tooLarge)]);
            OrdersAccepted Answer(IReadOnlyList<string> outcomes) => new()
            {
                Added = added,
                Changed = outcomes.Count(o => o == "updated"),
                Unchanged = outcomes.Count(o => o == "unchanged"),
                OrderCount = _orders.Count + added,
                Outcomes = [.. Merge(sent, orders, outcomes)],
            };
            var commit = await storage.CommitAsync(PlantId, Write(claim) with { Upserts = orders, Answer = o => JsonSerializer.Serialize(Answer(o)) },
                cancellationToken);
            if (commit.Earlier is { } earlier) return Replay<OrdersAccepted>(claim!, earlier) with { Replayed = true };
            var accepted = Answer(commit.Outcomes);
            Upsert(orders);
            var planStart = state.State.PlanStart is { } known && known < book.PlanStart ? known : book.PlanStart;
            if (planStart != state.State.PlanStart || !hot.SequenceEqual(state.State.FurnacesHotAtStart))
            {
                state.State = state.State with { PlanStart = planStart, FurnacesHotAtStart = hot };
                await SaveAsync();
            }
            return accepted;
        }
        finally { _writes.Release(); }
    }

    /// <summary>The outcome of every order sent, in its order: "retired" for a finished order the book
    /// no longer holds, else what the storage did.</summary>
    private static IEnumerable<OrderWriteOutcome> Merge(IReadOnlyList<Order> sent, IReadOnlyList<Order> written, IReadOnlyList<string> outcomes)
    {
        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < written.Count; i++) byId[written[i].Id] = outcomes[i];
        return sent.Select(o => new OrderWriteOutcome { Id = o.Id, Outcome = byId.GetValueOrDefault(o.Id, OrderRetirement.Outcome) });
    }

    public async Task<bool> CancelOrder(string orderId, CancellationToken cancellationToken = default)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (!_orders.Any(o => o.Id == orderId)) return false;
            await storage.CommitAsync(PlantId, new PlantWrite { Removals = [orderId] }, cancellationToken);
            _orders.RemoveAll(o => o.Id == orderId);
            if (state.State.Progress.Any(p => p.Order == orderId))
            {
                state.State = state.State with { Progress = OrderProgress.Forget(state.State.Progress, orderId) };
                await SaveAsync();
            }
            return true;
        }
        finally { _writes.Release(); }
    }

    private OrderBook Book() =>
        new(PlantId, state.State.PlanStart ?? (_orders.Count > 0 ? _orders.Min(o => o.Release) : DateTimeOffset.UnixEpoch), [.. _orders])
        {
            FurnacesHotAtStart = state.State.FurnacesHotAtStart,
        };

    private Order? Known(string id) => _orders.Find(o => o.Id == id);

    /// <summary>All or nothing: every event is checked and folded into a copy of the state first (a bad
    /// one, or one the fold cannot take, changes nothing and logs nothing); then the events, the orders
    /// they carry and the request's key are one transaction; memory and the resource grains follow it.</summary>
    public async Task<EventsAccepted> PostEvents(IReadOnlyList<ShopFloorEvent> events, RequestClaim? claim = null, CancellationToken cancellationToken = default)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (claim is not null && await EarlierAsync<EventsAccepted>(claim, cancellationToken) is { } replay) return replay with { Replayed = true };
            var orders = _orders.ToList();
            var retired = state.State.Retired.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < events.Count; i++)
            {
                Check(events[i], $"events[{i}]", orders);
                // An order_added for a finished, retired order is logged but not planned again.
                if (events[i].OrderData is { } o && retired.Contains(o.Id)) continue;
                PlantEventFold.FoldOrders(orders, events[i]);
            }
            if (InputLimits.BookSizeProblem(orders) is { } tooLarge) throw PlantRejectedException.Unprocessable([("events", tooLarge)]);
            var now = clock.GetUtcNow();
            var sequence = state.State.LastEventSequence;
            var logged = events.Select(e => new LoggedEvent { Sequence = ++sequence, ReceivedAt = now, Event = e }).ToList();
            // A dry run on a copy: a fold that cannot take an event throws here, before anything is written.
            var folded = PlantEventFold.AfterEvents(state.State, logged);
            // The orders' rows as the batch leaves them: the last event about an order decides.
            var touched = events.Where(e => e.Type is ShopFloorEventTypes.OrderAdded or ShopFloorEventTypes.OrderChanged or ShopFloorEventTypes.OrderCancelled)
                .Select(e => e.Type == ShopFloorEventTypes.OrderCancelled ? e.Order! : e.OrderData!.Id)
                .Distinct(StringComparer.Ordinal).ToList();
            var upserts = touched.Select(id => orders.Find(o => o.Id == id)).OfType<Order>().ToList();
            var removals = touched.Where(id => orders.All(o => o.Id != id)).ToList();
            // Orders finished a day of floor time ago leave the book in the same commit.
            var (floorNow, retiring) = Retiring(events, folded, orders);
            orders.RemoveAll(o => retiring.Any(r => r.Id == o.Id));
            removals.AddRange(retiring.Select(r => r.Id));
            var requested = _plant is not null && orders.Count > 0 && events.Count > 0;
            var accepted = new EventsAccepted { Accepted = events.Count, LastSequence = sequence, RescheduleRequested = requested };
            var commit = await storage.CommitAsync(PlantId, Write(claim) with
            {
                Upserts = upserts,
                Removals = removals,
                Events = logged,
                Answer = _ => JsonSerializer.Serialize(accepted),
            }, cancellationToken);
            if (commit.Earlier is { } earlier) return Replay<EventsAccepted>(claim!, earlier) with { Replayed = true };
            // Committed: memory follows. The state is folded again on what it is now (a solve may have
            // published a version meanwhile); the fold is the same for the fields the events touch.
            _orders = orders;
            state.State = Retire(PlantEventFold.AfterEvents(state.State, logged), floorNow, retiring);
            if (_plant is not null && events.Any(e => e.Type is ShopFloorEventTypes.OperationStarted or ShopFloorEventTypes.OperationFinished))
                state.State = state.State with { CoolingReadings = PlantCooling.Update(state.State.CoolingReadings, state.State.EventLog, _plant, _orders) };
            await SaveAsync();
            var resourceCalls = new List<Task>();
            foreach (var e in events) CallResources(e, resourceCalls);
            try { await Task.WhenAll(resourceCalls); }
#pragma warning disable CA1031 // the events are committed; a resource grain that missed one catches up with the next plan
            catch (Exception e) { LogResourceUpdateFailed(logger, e, PlantId, state.State.LastVersion); }
#pragma warning restore CA1031
            if (requested) ObserveInBackground(RequestSolve(background: true).Result.Task);
            return accepted;
        }
        finally { _writes.Release(); }
    }

    /// <summary>The floor's clock after <paramref name="events"/> (the latest start or finish it reported)
    /// and the orders finished a day before it (<see cref="OrderRetirement"/>).</summary>
    private static (DateTimeOffset? FloorNow, IReadOnlyList<RetiredOrder> Retiring) Retiring(
        IReadOnlyList<ShopFloorEvent> events, PlantState folded, IReadOnlyList<Order> orders)
    {
        var reported = events.Where(e => e.Type is ShopFloorEventTypes.OperationStarted or ShopFloorEventTypes.OperationFinished)
            .Select(e => e.At).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var floorNow = folded.FloorTime is { } known && known > reported ? known : reported;
        if (floorNow == DateTimeOffset.MinValue) return (null, []);
        return (floorNow, OrderRetirement.Due(orders, folded.Progress, floorNow));
    }

    private static PlantState Retire(PlantState s, DateTimeOffset? floorNow, IReadOnlyList<RetiredOrder> retiring)
    {
        if (floorNow is not { } now) return s;
        var progress = s.Progress;
        foreach (var r in retiring) progress = OrderProgress.Forget(progress, r.Id);
        return s with { FloorTime = now, Progress = progress, Retired = OrderRetirement.Keep(s.Retired, retiring, now) };
    }

    /// <summary>The write every request starts from: its key, stamped with the grain's clock; keys older
    /// than <see cref="KeyRetention"/> are forgotten in the same transaction.</summary>
    private PlantWrite Write(RequestClaim? claim)
    {
        var now = clock.GetUtcNow();
        return new PlantWrite { Claim = claim, At = now, ForgetKeysBefore = claim is null ? null : now - KeyRetention };
    }

    /// <summary>The first answer if <paramref name="claim"/>'s key was used before with the same request; a
    /// 409 if with another; null if the key is new.</summary>
    private async Task<T?> EarlierAsync<T>(RequestClaim claim, CancellationToken cancellationToken) where T : class =>
        await storage.FindRequestAsync(PlantId, claim.Key, cancellationToken) is { } earlier ? Replay<T>(claim, earlier) : null;

    private static T Replay<T>(RequestClaim claim, StoredRequest earlier) =>
        earlier.RequestHash == claim.RequestHash
            ? JsonSerializer.Deserialize<T>(earlier.ResponseJson) ?? throw new InvalidDataException($"key '{claim.Key}': stored answer is empty")
            : throw PlantRejectedException.KeyReused(claim.Key);

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

    /// <summary>The check and the claim happen in one turn of this activation (no await between them), so
    /// of concurrent requests with one If-Match exactly one solves; a claim whose solve publishes nothing
    /// is released, so the client can try again on the same version.</summary>
    public async Task<RescheduleResult> RescheduleIfCurrent(int expectedVersion, DateTimeOffset? now, CancellationToken cancellationToken = default)
    {
        var current = state.State.LastVersion;
        if (expectedVersion != current)
            throw PlantRejectedException.PreconditionFailed($"If-Match \"{expectedVersion}\" is stale: the current schedule version is {current}. Reload and retry.");
        if (_claimedVersion == expectedVersion)
            throw PlantRejectedException.PreconditionFailed(
                $"another request with If-Match \"{expectedVersion}\" is already making the version after {expectedVersion}. Reload and retry.");
        var solve = RescheduleAt(now, cancellationToken);
        _claimedVersion = expectedVersion;
        try
        {
            var result = await solve;
            if (!result.Published) Release();
            return result;
        }
        catch
        {
            Release();
            throw;
        }

        void Release()
        {
            if (_claimedVersion == expectedVersion && state.State.LastVersion == expectedVersion) _claimedVersion = -1;
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
        RetiredOrders = state.State.Retired.Count,
        FloorTime = state.State.FloorTime,
    });


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
            Plant = plant,
            Orders = orders,
            PlanStart = state.State.PlanStart ?? orders.Min(o => o.Release),
            PreviousSchedule = previous?.Schedule,
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
        var schedule = outcome.Schedule;
        var number = state.State.LastVersion + 1;
        var diff = ScheduleViews.Summary(Solver.Rescheduling.ScheduleDiff.Between(previous?.Schedule, schedule));
        var version = new ScheduleVersion
        {
            Version = number,
            CreatedAt = clock.GetUtcNow(),
            Schedule = schedule,
            Diff = diff,
            Kpis = outcome.Kpis with { Version = number },
            SolverStatus = outcome.Status,
            SolveSeconds = outcome.WallSeconds,
            Violations = outcome.Violations,
            OrderCount = orders.Count,
            EventsThrough = eventsThrough,
            Report = outcome.Report,
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
            Report = outcome.Report,
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
            // A down of a resource a later plant revision removed is moot; kept, it would make every solve refuse the plant.
            Downtime = [.. plant.Downtime, .. state.State.Downs.Where(d => d.Until > d.From && plant.HasResource(d.Resource)).Select(d => new Downtime(d.Resource, d.From, d.Until))],
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

    /// <summary>Tells the furnace and press grains what the floor reported (after the commit).</summary>
    private void CallResources(ShopFloorEvent e, List<Task> resourceCalls)
    {
        switch (e.Type)
        {
            case ShopFloorEventTypes.ResourceDown:
                AddCall(resourceCalls, e.Resource, g => g.SetDown(e.At, e.Until));
                break;
            case ShopFloorEventTypes.ResourceUp:
                AddCall(resourceCalls, e.Resource, g => g.SetUp(e.At));
                break;
            case ShopFloorEventTypes.OperationStarted:
                AddCall(resourceCalls, e.Resource, g => g.RecordOperationStarted(new OperationStarted
                {
                    Order = e.Order!, Step = e.Step!.Value, At = e.At, TempC = e.TempC,
                }));
                break;
            case ShopFloorEventTypes.OperationFinished:
                var on = e.Resource ?? PlannedResource(e.Order!, e.Step!.Value);
                if (on is null) break; // nothing to meter against: logged only
                var carrier = _plant?.FindFurnace(on)?.Carrier ?? Carrier.Electric; // presses are electric
                AddCall(resourceCalls, on, g => g.RecordOperationFinished(new OperationFinished
                {
                    Order = e.Order!, Step = e.Step!.Value, At = e.At, TempC = e.TempC, EnergyKwh = e.EnergyKwh,
                    Carrier = carrier == Carrier.Gas ? "gas" : "electric",
                }));
                break;
        }
    }

    /// <summary>Checks one event against the plant and the orders as the batch has left them so far.</summary>
    private void Check(ShopFloorEvent e, string path, List<Order> orders)
    {
        void Need(bool present, string field)
        {
            if (!present) throw new ArgumentException($"{path} ({e.Type}): needs '{field}'");
        }
        if (!ShopFloorEventTypes.All.Contains(e.Type)) throw new ArgumentException($"{path}: unknown event type '{e.Type}'");
        switch (e.Type)
        {
            case ShopFloorEventTypes.OrderAdded or ShopFloorEventTypes.OrderChanged:
                Need(e.OrderData is not null, "order");
                var changed = e.OrderData!;
                if (_plant is not null && InputChecks.CheckOrders(_plant, new OrderBook(PlantId, changed.Release, [changed])) is { Count: > 0 } problems)
                    throw PlantRejectedException.Unprocessable(problems.Select(p => ($"{path}.order.{p.Field}", p.Message)));
                if (orders.Find(o => o.Id == changed.Id) is { } known
                    && OrderProgress.Conflicts(known, changed, state.State.Progress, $"{path}.order") is { Count: > 0 } conflicts)
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
        return current.Schedule.Operations.FirstOrDefault(o => o.Order == order && o.Step == step)?.Resource;
    }

    private void Upsert(IEnumerable<Order> orders)
    {
        foreach (var order in orders)
        {
            var at = _orders.FindIndex(o => o.Id == order.Id);
            if (at < 0) _orders.Add(order);
            else _orders[at] = order;
        }
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
