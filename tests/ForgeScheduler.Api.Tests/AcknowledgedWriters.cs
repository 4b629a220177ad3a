using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ForgeScheduler.Formats;
using static ForgeScheduler.Api.Tests.Reference;

namespace ForgeScheduler.Api.Tests;

/// <summary>MES writers as a flaky network makes them: each posts its orders one at a time, each with its own
/// Idempotency-Key, and retries the same request (same key, same body) on a refused connection, a cut one or
/// a 5xx until it is acknowledged with a 200. What was acknowledged must be there afterwards.</summary>
public sealed class AcknowledgedWriters(HttpClient client, string plant, int writers, int ordersEach, int seed)
{
    /// <summary>A bound on how long one order may take to be acknowledged across a restart, not a speed target.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly ConcurrentDictionary<string, bool> _acknowledged = new(StringComparer.Ordinal);
    private int _retries;

    public IReadOnlyCollection<string> Acknowledged => [.. _acknowledged.Keys];

    public int Retries => _retries;

    public Task RunAsync() => Task.WhenAll(Enumerable.Range(0, writers).Select(WriteAsync));

    /// <summary>Waits until at least <paramref name="count"/> orders are acknowledged (so a fault lands mid-run).</summary>
    public async Task AcknowledgedAtLeastAsync(int count)
    {
        var waited = Stopwatch.StartNew();
        while (_acknowledged.Count < count)
        {
            if (waited.Elapsed > Patience) throw new TimeoutException($"only {_acknowledged.Count} of {count} orders acknowledged");
            await Task.Delay(20);
        }
    }

    private async Task WriteAsync(int writer)
    {
        // Seeded: the same templates every run; ids say who wrote what.
        var random = new Random(seed + writer);
        for (var n = 0; n < ordersEach; n++)
        {
            var id = $"W{writer}-{n:D2}";
            var body = OrderJson(Day.Orders[random.Next(Day.Orders.Count)] with { Id = id });
            var key = $"write-{id}";
            var waited = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var response = await PostAsync(client, $"api/v1/plants/{plant}/orders", body, ("Idempotency-Key", key));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        _acknowledged[id] = true;
                        break;
                    }
                    if ((int)response.StatusCode < 500)
                        throw new InvalidOperationException($"{id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                Interlocked.Increment(ref _retries);
                if (waited.Elapsed > Patience) throw new TimeoutException($"{id} not acknowledged within {Patience.TotalMinutes:F0} min");
                await Task.Delay(100);
            }
        }
    }
}

/// <summary>Every acknowledged order is in GET orders, and after a reschedule in the schedule with each of
/// its steps exactly once.</summary>
public static class IntegrityCheck
{
    public sealed record Figures(int Acknowledged, int Present, int Scheduled, int Version)
    {
        public override string ToString() => $"{Acknowledged} orders acknowledged, {Present} present, {Scheduled} scheduled (version {Version})";
    }

    public static async Task<Figures> AssertEveryAcknowledgedOrderIsStoredAndScheduledOnceAsync(HttpClient client, string plant,
        IReadOnlyCollection<string> acknowledged)
    {
        var book = await client.GetFromJsonAsyncSnake<OrderBookDocument>($"api/v1/plants/{plant}/orders");
        var ids = book.Orders!.Select(o => o.Id!).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        var missing = acknowledged.Except(ids, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"acknowledged but not stored: {string.Join(", ", missing)}");
        var status = JsonNode.Parse(await client.GetStringAsync($"api/v1/plants/{plant}/status"))!;
        Assert.Equal(ids.Count, status["order_count"]!.GetValue<int>());

        // Planned as of the book's day, so the check does not depend on today's date. Right after a database
        // restart the first write on a pooled connection that the restart cut fails once (a 5xx): a client
        // retries, so does the check, a few times.
        var path = $"api/v1/plants/{plant}/reschedule?now={Uri.EscapeDataString(Day.PlanStart.ToString("O"))}";
        var planned = await PostAsync(client, path, "");
        for (var attempt = 1; attempt < 5 && (int)planned.StatusCode >= 500; attempt++)
        {
            planned.Dispose();
            planned = await PostAsync(client, path, "");
        }
        var answer = await planned.Content.ReadAsStringAsync();
        Assert.True(planned.IsSuccessStatusCode, answer);
        planned.Dispose();
        var version = JsonNode.Parse(answer)!["version"]!.GetValue<int>();
        var operations = JsonNode.Parse(await client.GetStringAsync($"api/v1/plants/{plant}/schedule"))!["operations"]!.AsArray();
        var steps = operations.Select(o => (Order: o!["order"]!.GetValue<string>(), Step: o["step"]!.GetValue<int>())).ToList();
        Assert.Equal(steps.Count, steps.Distinct().Count());
        var scheduled = steps.Select(s => s.Order).ToHashSet(StringComparer.Ordinal);
        var unscheduled = acknowledged.Where(a => !scheduled.Contains(a)).ToList();
        Assert.True(unscheduled.Count == 0, $"acknowledged but not scheduled: {string.Join(", ", unscheduled)}");
        foreach (var order in book.Orders!)
            Assert.Equal(order.Heats!.Count * 2 + 1, steps.Count(s => s.Order == order.Id));
        return new Figures(acknowledged.Count, acknowledged.Count(ids.Contains), acknowledged.Count(scheduled.Contains), version);
    }
}
