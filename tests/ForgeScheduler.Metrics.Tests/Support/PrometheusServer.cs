using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace ForgeScheduler.Metrics.Tests.Support;

/// <summary>A real Prometheus (Debian's package) on a free loopback port with its own config and data
/// directory, scraping one target every second. Reusable against any scrape target — the tests point it
/// at a small Kestrel app, the lead at <c>forge serve</c>:
/// <code>await using var prometheus = await PrometheusServer.StartAsync("127.0.0.1:5080");
/// await prometheus.WaitForAsync("up{job=\"forge\"} == 1", r => r.Count > 0, TimeSpan.FromSeconds(20));</code></summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Job = "forge";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly Process _process;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _log;

    private PrometheusServer(Process process, string directory, ConcurrentQueue<string> log, Uri address, string configFile)
    {
        _process = process;
        _directory = directory;
        _log = log;
        Address = address;
        ConfigFile = configFile;
    }

    public Uri Address { get; }

    public string ConfigFile { get; }

    /// <summary>Prometheus's own output, for failure messages.</summary>
    public string Log => string.Join('\n', _log.TakeLast(40));

    public static string Binary => Tool("prometheus");

    public static string Promtool => Tool("promtool");

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (host:port) at
    /// <paramref name="metricsPath"/> and returns once it answers ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string target, string metricsPath = "/metrics",
        TimeSpan? scrapeInterval = null, TimeSpan? readyWithin = null)
    {
        var seconds = (scrapeInterval ?? TimeSpan.FromSeconds(1)).TotalSeconds.ToString(CultureInfo.InvariantCulture);
        var directory = Directory.CreateTempSubdirectory("forge-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: {seconds}s
              evaluation_interval: {seconds}s
            scrape_configs:
              - job_name: {Job}
                metrics_path: {metricsPath}
                scrape_interval: {seconds}s
                scrape_timeout: {seconds}s
                static_configs:
                  - targets: ["{target}"]
            """);
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(Binary)
        {
            ArgumentList =
            {
                $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var log = new ConcurrentQueue<string>();
        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, directory, log, new Uri($"http://127.0.0.1:{port}/"), config);

        var deadline = DateTime.UtcNow + (readyWithin ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (process.HasExited)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"prometheus exited with {process.ExitCode}:\n{server.Log}");
            }
            try
            {
                using var ready = await Http.GetAsync(new Uri(server.Address, "-/ready"));
                if (ready.StatusCode == HttpStatusCode.OK) return server;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new TimeoutException($"prometheus not ready at {server.Address}:\n{server.Log}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>An instant query (<c>/api/v1/query</c>): the series of the result vector (a scalar
    /// result becomes one series without labels).</summary>
    public async Task<IReadOnlyList<QueryResult>> QueryAsync(string promql)
    {
        var url = new Uri(Address, "api/v1/query?query=" + Uri.EscapeDataString(promql));
        using var response = await Http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.GetProperty("status").GetString() != "success")
            throw new InvalidOperationException($"query failed: {promql}\n{body}");
        var data = root.GetProperty("data");
        var result = data.GetProperty("result");
        if (data.GetProperty("resultType").GetString() == "scalar")
            return [new QueryResult(new Dictionary<string, string>(), ParseValue(result[1].GetString()!))];
        return result.EnumerateArray()
            .Select(r => new QueryResult(
                r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
                ParseValue(r.GetProperty("value")[1].GetString()!)))
            .ToList();
    }

    /// <summary>Polls a query until <paramref name="done"/> holds, at most for <paramref name="within"/>;
    /// returns the last result.</summary>
    public async Task<IReadOnlyList<QueryResult>> WaitForAsync(string promql, Func<IReadOnlyList<QueryResult>, bool> done,
        TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var result = await QueryAsync(promql);
            if (done(result)) return result;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"after {within.TotalSeconds} s, {promql} still gives " +
                                           $"[{string.Join(", ", result.Select(r => r.Value))}]\n{Log}");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a temp directory left behind is harmless
        }
    }

    /// <summary>Runs promtool with arguments (and optional standard input): exit code and all output.</summary>
    public static async Task<(int ExitCode, string Output)> RunPromtoolAsync(string? stdin, params string[] arguments)
    {
        var start = new ProcessStartInfo(Promtool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tool(string name)
    {
        var fromEnv = Environment.GetEnvironmentVariable(name.ToUpperInvariant());
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv)) return fromEnv;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException(
            $"{name} not found: install Debian's prometheus package (apt-get install -y prometheus; .ci/run does)");
    }

    private static double ParseValue(string v) => v switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(v, CultureInfo.InvariantCulture),
    };
}

public sealed record QueryResult(IReadOnlyDictionary<string, string> Labels, double Value);
