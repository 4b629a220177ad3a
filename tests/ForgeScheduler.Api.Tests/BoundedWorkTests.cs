using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Cluster.Grains;
using Microsoft.Extensions.DependencyInjection;
using static ForgeScheduler.Api.Tests.Reference;

namespace ForgeScheduler.Api.Tests;

/// <summary>Solves are bounded: a pool of slots with a bounded waiting line (503 + Retry-After past it,
/// reported by /health/ready), and a solve nobody waits for any more is stopped.</summary>
public sealed class BoundedWorkTests
{
    private static readonly PlanningOptions OneSlot = new()
    {
        TimeLimitSeconds = 30, Workers = 1, Seed = 1, DeterministicTime = 2, MaxConcurrentSolves = 1, MaxWaitingSolves = 0,
    };

    [Fact]
    public async Task PoolRefusesASolveBeyondItsWaitingLineAndLetsTheWaitingOneInWhenASlotFrees()
    {
        var pool = new SolverPool(OneSlot with { MaxWaitingSolves = 1 });
        var first = await pool.EnterAsync("a", CancellationToken.None);
        var second = pool.EnterAsync("b", CancellationToken.None);
        Assert.False(second.IsCompleted);
        var refused = await Assert.ThrowsAsync<SolverSaturatedException>(() => pool.EnterAsync("c", CancellationToken.None));
        Assert.Contains("'c'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(new SolverPoolSnapshot(1, 1, 1, 1, 1, Saturated: true), pool.Snapshot());

        first.Dispose();
        using var lease = await second;
        Assert.Equal(new SolverPoolSnapshot(1, 1, 0, 1, 1, Saturated: false), pool.Snapshot());
    }

    [Fact]
    public async Task SaturatedPoolAnswers503WithRetryAfterAndReadinessSaysSo()
    {
        await using var host = await ApiTestHost.StartAsync(new ForgeApiOptions { Planning = OneSlot });
        await PutPlantAsync(host.Client);
        using (var posted = await PostAsync(host.Client, $"api/v1/plants/{Plant.Id}/orders", BookJson(FirstOrders(3))))
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var pool = host.App.Services.GetRequiredService<SolverPool>();

        // Another plant's solve holds the only slot, and the waiting line has no room.
        using (await pool.EnterAsync("other-plant", CancellationToken.None))
        {
            using var refused = await PostAsync(host.Client, $"api/v1/plants/{Plant.Id}/reschedule", "");
            await ServiceTests.AssertProblemAsync(refused, 503, "solver");
            Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "no Retry-After on the 503");

            using var request = new HttpRequestMessage(HttpMethod.Get, "health/ready");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var ready = await host.Client.SendAsync(request);
            var report = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
            Assert.Equal("Degraded", report["status"]!.GetValue<string>());
            var solver = report["checks"]!["solver"]!;
            Assert.Equal(1, solver["data"]!["running"]!.GetValue<long>());
            Assert.Equal(0, solver["data"]!["waiting"]!.GetValue<long>());
            Assert.Equal(1, solver["data"]!["refused"]!.GetValue<long>());
            Assert.StartsWith("Degraded (solver: ", await host.Client.GetStringAsync("health/ready"), StringComparison.Ordinal);
        }

        // The slot is free again: the same plant plans, and readiness is back to the plain word.
        using var planned = await PostAsync(host.Client, $"api/v1/plants/{Plant.Id}/reschedule", "");
        Assert.True(planned.StatusCode == HttpStatusCode.OK, await planned.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", await host.Client.GetStringAsync("health/ready"));
    }

    [Fact]
    public async Task SolveIsStoppedWhenItsOnlyRequestIsAbortedAndPublishesNothing()
    {
        // A search that would run for its whole budget (the hard cap, 60 s) unless stopped.
        var planning = new PlanningOptions { TimeLimitSeconds = 60, Workers = 1, Seed = 1, DeterministicTime = 10_000 };
        await using var host = await ApiTestHost.StartAsync(new ForgeApiOptions { Planning = planning });
        await PutPlantAsync(host.Client);
        using (var posted = await PostAsync(host.Client, $"api/v1/plants/{Plant.Id}/orders", BookJson(Day)))
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var pool = host.App.Services.GetRequiredService<SolverPool>();

        using var abort = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/plants/{Plant.Id}/reschedule") { Content = Json("") };
        var reschedule = host.Client.SendAsync(request, abort.Token);
        Assert.True(await UntilAsync(() => pool.Snapshot().Running == 1), "the solve never started");
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reschedule);

        // The slot comes back long before the search's budget would have run out, and no version was made.
        Assert.True(await UntilAsync(() => pool.Snapshot().Running == 0), "the solve was not stopped");
        var status = JsonNode.Parse(await host.Client.GetStringAsync($"api/v1/plants/{Plant.Id}/status"))!;
        Assert.Equal(0, status["current_version"]!.GetValue<int>());
        Assert.Equal(1, status["solves_started"]!.GetValue<int>());
    }

    /// <summary>Polls (every 50 ms, at most 30 s: half the search's budget) until the condition holds.</summary>
    private static async Task<bool> UntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600; i++)
        {
            if (condition()) return true;
            await Task.Delay(50);
        }
        return condition();
    }
}
