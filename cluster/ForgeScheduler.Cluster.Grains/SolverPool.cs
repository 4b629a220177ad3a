using System.Collections.Concurrent;
using ForgeScheduler.Cluster.Contracts;

namespace ForgeScheduler.Cluster.Grains;

/// <summary>The solves a silo runs at once: at most <see cref="Capacity"/> CP-SAT searches (each on its own
/// thread, <see cref="PlanningOptions.Workers"/> workers), at most <see cref="MaxWaiting"/> more waiting for
/// a slot; past that a solve is refused at once (<see cref="SolverSaturatedException"/>, a 503 with
/// Retry-After) rather than queued without end. A plant grain runs one solve at a time, so one plant holds
/// at most one slot: a runaway plant cannot take the slots of the others.</summary>
public sealed class SolverPool
{
    private readonly SemaphoreSlim _slots;
    /// <summary>The running solve of each plant (a plant grain runs one at a time), so the plant grain can
    /// stop it when nobody waits for it any more. A stateless worker always runs on its caller's silo, so
    /// the plant grain and its solve share this pool.</summary>
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _byPlant = new(StringComparer.Ordinal);
    private int _running;
    private int _waiting;
    private long _refused;

    public SolverPool(PlanningOptions options)
    {
        Capacity = options.MaxConcurrentSolves ?? Math.Max(1, Environment.ProcessorCount / Math.Max(1, options.Workers));
        MaxWaiting = Math.Max(0, options.MaxWaitingSolves);
        RetryAfterSeconds = (int)Math.Ceiling(Math.Clamp(options.TimeLimitSeconds, 1, options.MaxSolveSeconds));
        _slots = new SemaphoreSlim(Capacity, Capacity);
    }

    public int Capacity { get; }
    public int MaxWaiting { get; }
    /// <summary>What a refused client is told to wait: about one solve's time limit.</summary>
    public int RetryAfterSeconds { get; }

    /// <summary>Solves running, waiting for a slot, refused since start; and whether a new one would be refused.</summary>
    public SolverPoolSnapshot Snapshot()
    {
        var running = Volatile.Read(ref _running);
        var waiting = Volatile.Read(ref _waiting);
        return new SolverPoolSnapshot(Capacity, running, waiting, MaxWaiting, Interlocked.Read(ref _refused),
            Saturated: running >= Capacity && waiting >= MaxWaiting);
    }

    /// <summary>Stops the running solve of a plant (its waiters have all gone); false when none runs.</summary>
    public bool Cancel(string plant)
    {
        if (!_byPlant.TryGetValue(plant, out var running)) return false;
        try { running.Cancel(); } catch (ObjectDisposedException) { return false; }
        return true;
    }

    /// <summary>Takes a slot (waiting in line if there is room in it); dispose the lease to give it back.
    /// The lease's token is cancelled by <see cref="Cancel"/>.</summary>
    public async Task<SolverLease> EnterAsync(string plant, CancellationToken cancellationToken)
    {
        if (!_slots.Wait(0))
        {
            if (Interlocked.Increment(ref _waiting) > MaxWaiting)
            {
                Interlocked.Decrement(ref _waiting);
                Interlocked.Increment(ref _refused);
                throw new SolverSaturatedException(
                    $"the solver pool is full ({Capacity} solving, {MaxWaiting} waiting): plant '{plant}' cannot be planned now; retry in {RetryAfterSeconds} s",
                    RetryAfterSeconds);
            }
            try { await _slots.WaitAsync(cancellationToken).ConfigureAwait(false); }
            finally { Interlocked.Decrement(ref _waiting); }
        }
        Interlocked.Increment(ref _running);
        var cancel = new CancellationTokenSource();
        _byPlant[plant] = cancel;
        return new SolverLease(this, plant, cancel);
    }

    internal void Release(string plant, CancellationTokenSource cancel)
    {
        _byPlant.TryRemove(new KeyValuePair<string, CancellationTokenSource>(plant, cancel));
        cancel.Dispose();
        Interlocked.Decrement(ref _running);
        _slots.Release();
        // The solve's native memory is free now; without this glibc keeps it as RSS in the thread's arena.
        NativeHeap.Trim();
    }
}

/// <summary>A slot of the <see cref="SolverPool"/>; dispose it to give the slot back.</summary>
public sealed class SolverLease : IDisposable
{
    private readonly SolverPool _pool;
    private readonly string _plant;
    private readonly CancellationTokenSource _cancel;
    private int _disposed;

    internal SolverLease(SolverPool pool, string plant, CancellationTokenSource cancel)
    {
        _pool = pool;
        _plant = plant;
        _cancel = cancel;
        Token = cancel.Token;
    }

    /// <summary>Cancelled when the plant grain stops this solve (<see cref="SolverPool.Cancel"/>).</summary>
    public CancellationToken Token { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _pool.Release(_plant, _cancel);
    }
}

public sealed record SolverPoolSnapshot(int Capacity, int Running, int Waiting, int MaxWaiting, long Refused, bool Saturated);
