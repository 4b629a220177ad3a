using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Cluster.Grains;

/// <summary>Where a plant grain keeps what a write request changes: one row per order (not the whole book
/// as one blob, so an upsert writes only the orders it carries), one row per shop-floor event, and the
/// Idempotency-Keys of the requests that made them. One request is one <see cref="CommitAsync"/>: all of
/// it or none of it is stored. The rest of the plant's state (plant, versions, downs, progress) is the
/// grain's Orleans state, written after the commit and caught up from the event rows on activation.
/// Implementations: <see cref="InMemoryPlantStorage"/> and PostgreSQL (cluster hosting).</summary>
public interface IPlantStorage
{
    /// <summary>The plant's orders in the order they were first added.</summary>
    Task<IReadOnlyList<Order>> LoadOrdersAsync(string plantId, CancellationToken cancellationToken);

    /// <summary>The plant's events numbered after <paramref name="afterSequence"/>, oldest first.</summary>
    Task<IReadOnlyList<LoggedEvent>> LoadEventsAsync(string plantId, long afterSequence, CancellationToken cancellationToken);

    /// <summary>What an earlier request with this key was answered; null if the key is not (or no longer) known.</summary>
    Task<StoredRequest?> FindRequestAsync(string plantId, string key, CancellationToken cancellationToken);

    /// <summary>One request's writes in one transaction. With a claim whose key is already recorded nothing
    /// is written and <see cref="PlantCommit.Earlier"/> is the recorded request; concurrent commits with one
    /// key apply exactly one.</summary>
    Task<PlantCommit> CommitAsync(string plantId, PlantWrite write, CancellationToken cancellationToken);
}

/// <summary>What one request writes. Order upserts give per order "inserted", "updated" or "unchanged"
/// (same content as stored: nothing written); removals of unknown orders are no-ops.</summary>
public sealed record PlantWrite
{
    public IReadOnlyList<Order> Upserts { get; init; } = [];
    public IReadOnlyList<string> Removals { get; init; } = [];
    public IReadOnlyList<LoggedEvent> Events { get; init; } = [];
    /// <summary>The request's key: recorded with <see cref="Answer"/> in the same transaction.</summary>
    public RequestClaim? Claim { get; init; }
    /// <summary>The answer to record with the key, from the upserts' outcomes.</summary>
    public Func<IReadOnlyList<string>, string>? Answer { get; init; }
    /// <summary>When the key is recorded (the grain's clock); keys of the plant older than
    /// <see cref="ForgetKeysBefore"/> are dropped in the same transaction.</summary>
    public DateTimeOffset At { get; init; }
    public DateTimeOffset? ForgetKeysBefore { get; init; }
}

/// <summary>The outcome of a commit: per upserted order its outcome, how many removals hit an order, or —
/// when the claim's key was already recorded — that request, and nothing written.</summary>
public sealed record PlantCommit(IReadOnlyList<string> Outcomes, int Removed, StoredRequest? Earlier);

/// <summary>A recorded Idempotency-Key: the request's hash and the answer it got.</summary>
public sealed record StoredRequest(string RequestHash, string ResponseJson);

/// <summary>Single-purpose writes for callers that are not a request (tests, tools).</summary>
public static class PlantStorageWrites
{
    public static async Task<IReadOnlyList<string>> UpsertOrdersAsync(this IPlantStorage storage, string plantId, IReadOnlyList<Order> orders,
        CancellationToken cancellationToken) =>
        (await storage.CommitAsync(plantId, new PlantWrite { Upserts = orders }, cancellationToken)).Outcomes;

    /// <summary>False when there was no such order.</summary>
    public static async Task<bool> RemoveOrderAsync(this IPlantStorage storage, string plantId, string orderId, CancellationToken cancellationToken) =>
        (await storage.CommitAsync(plantId, new PlantWrite { Removals = [orderId] }, cancellationToken)).Removed > 0;
}

/// <summary>Order and event rows as the storage keeps them: JSON and a hash of it.</summary>
public static class OrderRow
{
    public static string Json(Order order) => DomainJson.Write(order);

    public static string Hash(string json) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    public static string EventJson(ShopFloorEvent e) => JsonSerializer.Serialize(e);

    public static ShopFloorEvent ReadEvent(string json) =>
        JsonSerializer.Deserialize<ShopFloorEvent>(json) ?? throw new InvalidDataException("stored event is null");
}

/// <summary>This process's memory (lost on exit): the embedded silo's storage and the tests'. One lock per
/// plant makes a commit atomic. Only the last <see cref="KeptEvents"/> events are kept: with the grain's
/// state in the same memory, the rows only bridge a state write that has not happened yet.</summary>
public sealed class InMemoryPlantStorage : IPlantStorage
{
    public const int KeptEvents = 2000;

    private readonly ConcurrentDictionary<string, Book> _books = new(StringComparer.Ordinal);

    private sealed class Book
    {
        public readonly Lock Gate = new();
        public readonly List<string> Ids = [];
        public readonly Dictionary<string, (Order Order, string Hash)> Rows = new(StringComparer.Ordinal);
        public readonly List<LoggedEvent> Events = [];
        public readonly Dictionary<string, (StoredRequest Request, DateTimeOffset At)> Keys = new(StringComparer.Ordinal);
    }

    public Task<IReadOnlyList<Order>> LoadOrdersAsync(string plantId, CancellationToken cancellationToken)
    {
        if (!_books.TryGetValue(plantId, out var book)) return Task.FromResult<IReadOnlyList<Order>>([]);
        lock (book.Gate) return Task.FromResult<IReadOnlyList<Order>>(book.Ids.Select(id => book.Rows[id].Order).ToList());
    }

    public Task<IReadOnlyList<LoggedEvent>> LoadEventsAsync(string plantId, long afterSequence, CancellationToken cancellationToken)
    {
        if (!_books.TryGetValue(plantId, out var book)) return Task.FromResult<IReadOnlyList<LoggedEvent>>([]);
        lock (book.Gate) return Task.FromResult<IReadOnlyList<LoggedEvent>>(book.Events.Where(e => e.Sequence > afterSequence).ToList());
    }

    public Task<StoredRequest?> FindRequestAsync(string plantId, string key, CancellationToken cancellationToken)
    {
        if (!_books.TryGetValue(plantId, out var book)) return Task.FromResult<StoredRequest?>(null);
        lock (book.Gate) return Task.FromResult(book.Keys.TryGetValue(key, out var k) ? k.Request : null);
    }

    public Task<PlantCommit> CommitAsync(string plantId, PlantWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var book = _books.GetOrAdd(plantId, _ => new Book());
        lock (book.Gate)
        {
            if (write.Claim is { } claim && book.Keys.TryGetValue(claim.Key, out var earlier))
                return Task.FromResult(new PlantCommit([], 0, earlier.Request));
            if (write.Events.Select(e => e.Sequence).Intersect(book.Events.Select(e => e.Sequence)).Any())
                throw new InvalidOperationException($"plant '{plantId}': an event with one of these sequence numbers is already stored");
            var outcomes = new List<string>(write.Upserts.Count);
            foreach (var order in write.Upserts)
            {
                var hash = OrderRow.Hash(OrderRow.Json(order));
                if (book.Rows.TryGetValue(order.Id, out var row)) outcomes.Add(row.Hash == hash ? "unchanged" : "updated");
                else
                {
                    book.Ids.Add(order.Id);
                    outcomes.Add("inserted");
                }
                book.Rows[order.Id] = (order, hash);
            }
            var removed = 0;
            foreach (var id in write.Removals)
            {
                if (!book.Rows.Remove(id)) continue;
                book.Ids.Remove(id);
                removed++;
            }
            book.Events.AddRange(write.Events);
            if (book.Events.Count > KeptEvents) book.Events.RemoveRange(0, book.Events.Count - KeptEvents);
            if (write.Claim is { } recorded)
            {
                if (write.ForgetKeysBefore is { } cutoff)
                    foreach (var old in book.Keys.Where(k => k.Value.At < cutoff).Select(k => k.Key).ToList()) book.Keys.Remove(old);
                book.Keys[recorded.Key] = (new StoredRequest(recorded.RequestHash, write.Answer?.Invoke(outcomes) ?? "{}"), write.At);
            }
            return Task.FromResult(new PlantCommit(outcomes, removed, null));
        }
    }
}
