using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;
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

    /// <summary>The version a conditional write (If-Match on orders, events, cancel) was last applied on; -1: none.</summary>
    private int _writtenOnVersion = -1;

    /// <summary>How long an Idempotency-Key is remembered (a retry comes within minutes; a day is ample).</summary>
    public static readonly TimeSpan KeyRetention = TimeSpan.FromHours(24);

    private string PlantId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Orleans serves no call before this returns: no request sees a plant half loaded.
        if (state.State.PlantJson is { } plantJson) _plant = DomainJson.Read<Plant>(plantJson);
        _orders = [.. await storage.LoadOrdersAsync(PlantId, cancellationToken)];
        // Versions stored before the contracts were typed carry no schedule, and those stored while the
        // solver status was a string carry no status, and the oldest carry no KPI report from the solver
        // worker: drop them, the next reschedule plans afresh (the event log and the orders are kept).
        if (state.State.Versions.Any(v => v.Schedule is null || v.SolverStatus is null || v.Report is null))
            state.State = state.State with { Versions = [.. state.State.Versions.Where(v => v.Schedule is not null && v.SolverStatus is not null && v.Report is not null)] };
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

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Plant {Plant}: resource grains missed schedule version {Version}")]
    private static partial void LogResourceUpdateFailed(ILogger logger, Exception exception, string plant, int version);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Plant {Plant}: background reschedule failed")]
    private static partial void LogBackgroundFailed(ILogger logger, Exception exception, string plant);
}
