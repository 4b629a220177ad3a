using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;
using Microsoft.Extensions.Logging;

namespace ForgeScheduler.Cluster.Grains;

// Schedule versions: one solve at a time with bursts coalesced, a plan published only when valid, and the resource grains told.
internal sealed partial class PlantGrain
{
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
            throw PlantRejectedException.PreconditionFailed($"If-Match \"{expectedVersion}\" is stale: the current schedule version is {current}. Reload and retry.", current);
        if (_claimedVersion == expectedVersion)
            throw PlantRejectedException.PreconditionFailed(
                $"another request with If-Match \"{expectedVersion}\" is already making the version after {expectedVersion}. Reload and retry.", current);
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
        LogPublished(logger, PlantId, number, schedule.Operations.Count, outcome.Status.Text, outcome.WallSeconds);
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

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Plant {Plant}: published schedule version {Version} ({Operations} operations, {Status}, {Seconds:F1} s)")]
    private static partial void LogPublished(ILogger logger, string plant, int version, int operations, string status, double seconds);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Plant {Plant}: plan with {Violations} violations not published ({Rules}); the version in force stays")]
    private static partial void LogRefused(ILogger logger, string plant, int violations, string rules);
}
