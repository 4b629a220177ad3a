using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Api;

/// <summary>
/// Folds concurrent order upserts of one plant into one grain call. The plant grain re-checks and
/// re-saves its whole book on every <c>UpsertOrders</c>, so one call per HTTP request made the grain the
/// bottleneck under load; the store write (the acknowledgement) stays per request. While a call is in
/// flight, newer orders queue for the next one (the last version of an order id wins), so the grain
/// sees the orders in the order their store writes finished.
/// </summary>
internal sealed class OrderBatcher(Func<DateTimeOffset, IReadOnlyList<Order>, Task<int>> send)
{
    private readonly Lock _lock = new();
    private Dictionary<string, Order> _pending = new(StringComparer.Ordinal);
    private DateTimeOffset? _planStart;
    private TaskCompletionSource<int>? _next;
    private bool _running;

    /// <summary>Returns the grain's order count after the call that carried these orders.</summary>
    public Task<int> SendAsync(DateTimeOffset planStart, IReadOnlyList<Order> orders)
    {
        lock (_lock)
        {
            foreach (var order in orders) _pending[order.Id] = order;
            _planStart = _planStart is { } p && p < planStart ? p : planStart;
            _next ??= new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var joined = _next.Task;
            if (!_running)
            {
                _running = true;
                _ = Task.Run(LoopAsync);
            }
            return joined;
        }
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            Dictionary<string, Order> batch;
            DateTimeOffset planStart;
            TaskCompletionSource<int> done;
            lock (_lock)
            {
                if (_pending.Count == 0 || _next is null)
                {
                    _running = false;
                    return;
                }
                (batch, planStart, done) = (_pending, _planStart!.Value, _next);
                _pending = new Dictionary<string, Order>(StringComparer.Ordinal);
                _planStart = null;
                _next = null;
            }
            try
            {
                done.SetResult(await send(planStart, batch.Values.ToList()));
            }
#pragma warning disable CA1031 // handed to every request of the batch, which turn it into problem details
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.SetException(e);
            }
        }
    }
}
