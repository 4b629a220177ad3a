using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Cluster.Grains;

/// <summary>Where a plant grain keeps its order book: one row per order (not the whole book as one blob),
/// so an upsert writes only the orders it carries. The rest of the plant's state (plant, versions, event
/// tail, downs) is the grain's Orleans state. Implementations: <see cref="InMemoryPlantStorage"/> and
/// PostgreSQL (cluster hosting). Every write returns after it is durable in the implementation.</summary>
public interface IPlantStorage
{
    /// <summary>The plant's orders in the order they were first added.</summary>
    Task<IReadOnlyList<Order>> LoadOrdersAsync(string plantId, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces each order by id; per order "inserted", "updated" or "unchanged"
    /// (same content as stored: nothing written).</summary>
    Task<IReadOnlyList<string>> UpsertOrdersAsync(string plantId, IReadOnlyList<Order> orders, CancellationToken cancellationToken);

    /// <summary>False when there was no such order.</summary>
    Task<bool> RemoveOrderAsync(string plantId, string orderId, CancellationToken cancellationToken);
}

/// <summary>Order rows as the storage keeps them: the domain order as JSON and a hash of it.</summary>
public static class OrderRow
{
    public static string Json(Order order) => DomainJson.Write(order);

    public static string Hash(string json) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}

/// <summary>Orders in this process's memory (lost on exit): the embedded silo's storage and the tests'.</summary>
public sealed class InMemoryPlantStorage : IPlantStorage
{
    private readonly ConcurrentDictionary<string, Book> _books = new(StringComparer.Ordinal);

    private sealed class Book
    {
        public readonly Lock Gate = new();
        public readonly List<string> Ids = [];
        public readonly Dictionary<string, (Order Order, string Hash)> Rows = new(StringComparer.Ordinal);
    }

    public Task<IReadOnlyList<Order>> LoadOrdersAsync(string plantId, CancellationToken cancellationToken)
    {
        if (!_books.TryGetValue(plantId, out var book)) return Task.FromResult<IReadOnlyList<Order>>([]);
        lock (book.Gate) return Task.FromResult<IReadOnlyList<Order>>(book.Ids.Select(id => book.Rows[id].Order).ToList());
    }

    public Task<IReadOnlyList<string>> UpsertOrdersAsync(string plantId, IReadOnlyList<Order> orders, CancellationToken cancellationToken)
    {
        var book = _books.GetOrAdd(plantId, _ => new Book());
        var outcomes = new List<string>(orders.Count);
        lock (book.Gate)
        {
            foreach (var order in orders)
            {
                var hash = OrderRow.Hash(OrderRow.Json(order));
                if (book.Rows.TryGetValue(order.Id, out var row))
                {
                    outcomes.Add(row.Hash == hash ? "unchanged" : "updated");
                }
                else
                {
                    book.Ids.Add(order.Id);
                    outcomes.Add("inserted");
                }
                book.Rows[order.Id] = (order, hash);
            }
        }
        return Task.FromResult<IReadOnlyList<string>>(outcomes);
    }

    public Task<bool> RemoveOrderAsync(string plantId, string orderId, CancellationToken cancellationToken)
    {
        if (!_books.TryGetValue(plantId, out var book)) return Task.FromResult(false);
        lock (book.Gate)
        {
            if (!book.Rows.Remove(orderId)) return Task.FromResult(false);
            book.Ids.Remove(orderId);
            return Task.FromResult(true);
        }
    }
}
