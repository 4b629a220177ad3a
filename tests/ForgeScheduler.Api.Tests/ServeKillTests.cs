using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ForgeScheduler.Store.Tests;
using Xunit.Abstractions;

namespace ForgeScheduler.Api.Tests;

/// <summary><c>forge serve --store postgres</c> SIGKILLed while four writers post orders, then started
/// again on the same database and port: every acknowledged order is stored, and scheduled exactly once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ServeKillTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly List<(Process Process, StringBuilder Log)> _serves = [];

    [Fact]
    public async Task KillNineUnderFourWritersLosesNoAcknowledgedOrderAndSchedulesEachOnce()
    {
        var connection = await postgres.CreateDatabaseAsync();
        var port = FreePort();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Patience };
        var first = Start(connection, port);
        await ReadyAsync(client, first.Process);
        var writers = new AcknowledgedWriters(client, "ref-forge", writers: 4, ordersEach: 8, seed: 9);

        var run = writers.RunAsync();
        await writers.AcknowledgedAtLeastAsync(10);
        first.Process.Kill(entireProcessTree: true); // SIGKILL: no shutdown, requests in flight are cut
        await first.Process.WaitForExitAsync();
        var acknowledgedAtKill = writers.Acknowledged.Count;
        var second = Start(connection, port);
        await ReadyAsync(client, second.Process);
        await run;

        var figures = await IntegrityCheck.AssertEveryAcknowledgedOrderIsStoredAndScheduledOnceAsync(client, "ref-forge", writers.Acknowledged);
        output.WriteLine($"kill -9 of forge serve under 4 writers ({acknowledgedAtKill} acknowledged at the kill): {figures}, {writers.Retries} retries");
    }

    private (Process Process, StringBuilder Log) Start(string connection, int port)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "forge.dll"), "serve", "--urls", $"http://127.0.0.1:{port}", "--store", "postgres",
                     "--connection", connection, "--time-limit", "10", "--plant", Reference.PlantPath,
                 })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _serves.Add((process, log));
        return (process, log);
    }

    /// <summary>Polls until the service answers with the plant; the patience bounds the wait, it is not a speed test.</summary>
    private static async Task ReadyAsync(HttpClient client, Process process)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException("forge serve exited before it was ready");
            try
            {
                using var plant = await client.GetAsync("api/v1/plants/ref-forge");
                if (plant.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (waited.Elapsed > Patience) throw new TimeoutException("forge serve not ready with the plant");
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        foreach (var (process, log) in _serves)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            lock (log) output.WriteLine(log.ToString());
            process.Dispose();
        }
        return Task.CompletedTask;
    }
}
