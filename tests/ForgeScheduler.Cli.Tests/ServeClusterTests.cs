using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ForgeScheduler.Store.Tests;
using Xunit.Abstractions;

namespace ForgeScheduler.Cli.Tests;

/// <summary>Scale-out as a user runs it: two <c>forge serve</c> processes on one PostgreSQL form one
/// cluster; the plant answers through either; the process hosting the plant is SIGKILLed during a
/// reschedule and the other answers with every acknowledged write.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ServeClusterTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly List<Serve> _serves = [];

    private sealed record Serve(Process Process, HttpClient Http, int SiloPort, StringBuilder Log);

    [Fact]
    public async Task TwoServesOnOneDatabaseAreOneClusterAndSurviveASigkillMidReschedule()
    {
        var connection = await postgres.CreateDatabaseAsync();
        var clusterId = $"t-{Guid.NewGuid():N}";
        var a = Start(connection, clusterId);
        var b = Start(connection, clusterId);
        await Task.WhenAll(ReadyAsync(a), ReadyAsync(b));

        // Written through one, read through the other.
        var orders = await File.ReadAllTextAsync(RepositoryFiles.Path("datasets", "reference", "orders-day.json"));
        using (var posted = await a.Http.PostAsync("api/v1/plants/ref-forge/orders", Json(orders)))
            Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
        var count = JsonNode.Parse(await b.Http.GetStringAsync("api/v1/plants/ref-forge/orders"))!["orders"]!.AsArray().Count;
        Assert.Equal(30, count);

        // The process whose silo hosts the plant grain is the one to kill while it solves.
        var status = JsonNode.Parse(await b.Http.GetStringAsync("api/v1/plants/ref-forge/status"))!;
        var host = status["silo"]!.GetValue<string>().Contains($":{a.SiloPort}:", StringComparison.Ordinal) ? a : b;
        var survivor = host == a ? b : a;
        var inFlight = host.Http.PostAsync("api/v1/plants/ref-forge/reschedule", Json(""));
        await Eventually(async () => JsonNode.Parse(await survivor.Http.GetStringAsync("api/v1/plants/ref-forge/status"))!["solve_running"]!.GetValue<bool>(),
            "the reschedule is running");
        host.Process.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no hand-over
        await Assert.ThrowsAnyAsync<Exception>(() => inFlight);

        // The survivor takes the plant over: every acknowledged order is there, and it plans.
        var after = await Eventually(async () =>
        {
            using var response = await survivor.Http.GetAsync("api/v1/plants/ref-forge/status");
            return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
        }, "the survivor answers for the plant");
        Assert.Equal(30, after!["order_count"]!.GetValue<int>());
        Assert.Contains($":{survivor.SiloPort}:", after["silo"]!.GetValue<string>(), StringComparison.Ordinal);
        using var replanned = await survivor.Http.PostAsync("api/v1/plants/ref-forge/reschedule", Json(""));
        var body = await replanned.Content.ReadAsStringAsync();
        Assert.True(replanned.IsSuccessStatusCode, body);
        var result = JsonNode.Parse(body)!;
        Assert.Equal(0, result["violations"]!.GetValue<int>());
        Assert.Equal(1, result["version"]!.GetValue<int>()); // the killed solve never published
    }

    private Serve Start(string connection, string clusterId)
    {
        var (http, silo, gateway) = (FreePort(), FreePort(), FreePort());
        var forge = System.IO.Path.Combine(AppContext.BaseDirectory, "forge.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     forge, "serve", "--urls", $"http://127.0.0.1:{http}", "--store", "postgres", "--cluster", "postgres",
                     "--connection", connection, "--cluster-id", clusterId, "--silo-port", $"{silo}", "--gateway-port", $"{gateway}",
                     "--time-limit", "4", "--plant", RepositoryFiles.ReferencePlant,
                 })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var serve = new Serve(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}/"), Timeout = Patience }, silo, log);
        _serves.Add(serve);
        return serve;
    }

    private static async Task ReadyAsync(Serve serve) => await Eventually(async () =>
    {
        if (serve.Process.HasExited) throw new InvalidOperationException($"forge serve exited: {serve.Log}");
        try
        {
            using var ready = await serve.Http.GetAsync("health/ready");
            if (!ready.IsSuccessStatusCode) return false;
            using var plant = await serve.Http.GetAsync("api/v1/plants/ref-forge");
            return plant.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }, "forge serve is ready with the plant");

    /// <summary>Polls until <paramref name="read"/> gives a value that is not false/null; the patience is a
    /// bound on waiting, measured on the monotonic clock, not a speed assertion.</summary>
    private static async Task<T> Eventually<T>(Func<Task<T>> read, string what)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var value = await read();
                if (value is not null && value is not false) return value;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (waited.Elapsed > Patience) throw new TimeoutException($"not within {Patience.TotalSeconds:F0} s: {what}");
            await Task.Delay(100);
        }
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        foreach (var serve in _serves)
        {
            if (!serve.Process.HasExited) serve.Process.Kill(entireProcessTree: true);
            serve.Process.WaitForExit(10_000);
            output.WriteLine(serve.Log.ToString());
            serve.Http.Dispose();
            serve.Process.Dispose();
        }
        return Task.CompletedTask;
    }
}
