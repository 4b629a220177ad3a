using System.Text.Json;
using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Cluster.Grains;

// Order writes: upserts and cancels, one storage row per order, and the book the planner sees.
internal sealed partial class PlantGrain
{
    /// <summary>Checks only the orders sent (each against the plant and against what the floor already
    /// did with it), then writes one storage row per order, all in one transaction with the request's key:
    /// the cost of an upsert does not grow with the book. Memory changes only after the commit.</summary>
    public async Task<OrdersAccepted> UpsertOrders(OrderBook book, RequestClaim? claim = null, int? expectedVersion = null,
        CancellationToken cancellationToken = default)
    {
        if (book.Plant != PlantId) throw PlantRejectedException.Unprocessable([("plant", $"'{book.Plant}' does not match the plant '{PlantId}'")]);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (claim is not null && await EarlierAsync<OrdersAccepted>(claim, cancellationToken) is { } replay) return replay with { Replayed = true };
            if (_plant is null) throw PlantRejectedException.UnknownPlant(PlantId);
            CheckCondition(expectedVersion);
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
            Claim(expectedVersion);
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

    public async Task<bool> CancelOrder(string orderId, int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            CheckCondition(expectedVersion);
            if (!_orders.Any(o => o.Id == orderId)) return false;
            await storage.CommitAsync(PlantId, new PlantWrite { Removals = [orderId] }, cancellationToken);
            _orders.RemoveAll(o => o.Id == orderId);
            Claim(expectedVersion);
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

    private void Upsert(IEnumerable<Order> orders)
    {
        foreach (var order in orders)
        {
            var at = _orders.FindIndex(o => o.Id == order.Id);
            if (at < 0) _orders.Add(order);
            else _orders[at] = order;
        }
    }
}
