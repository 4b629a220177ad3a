using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ForgeScheduler.Tests.Shared;

/// <summary>Debian's Chromium, headless, driven over the DevTools protocol (a WebSocket): set the window
/// size, open a page, evaluate script in it, take screenshots. No browser download (Playwright's would
/// need the network); only /usr/bin/chromium, which scripts/install-test-deps.sh installs.</summary>
public sealed partial class HeadlessChromium : IAsyncDisposable
{
    public const string Path = "/usr/bin/chromium";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static async Task<HeadlessChromium> StartAsync()
    {
        if (!File.Exists(Path)) throw new InvalidOperationException($"{Path} is missing: install it (apt-get install -y chromium); scripts/install-test-deps.sh does.");
        var profile = Directory.CreateTempSubdirectory("forge-chromium-").FullName;
        var start = new ProcessStartInfo(Path) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--remote-debugging-port=0",
                     "--no-first-run", $"--user-data-dir={profile}", "about:blank" })
            start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var browser = new HeadlessChromium(process, profile);
        // Chromium says where its DevTools endpoint listens on stderr; the page's own socket is listed under /json.
        using var timeout = new CancellationTokenSource(Patience);
        string? port = null;
        while (port is null)
        {
            var line = await process.StandardError.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("chromium exited before DevTools listened");
            if (DevToolsLine().Match(line) is { Success: true } m) port = m.Groups[1].Value;
        }
        _ = process.StandardError.ReadToEndAsync();
        using var http = new HttpClient();
        var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list", timeout.Token))!.AsArray();
        var page = targets.First(t => (string?)t!["type"] == "page")!;
        await browser._socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), timeout.Token);
        await browser.SendAsync("Page.enable");
        await browser.SendAsync("Runtime.enable");
        return browser;
    }

    public Task SizeAsync(int width, int height) =>
        SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });

    /// <summary>Opens the page and waits until its script has set body[data-ready].</summary>
    public async Task OpenAsync(string url)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        await WaitForAsync("document.readyState === 'complete' && document.body && document.body.hasAttribute('data-ready')");
    }

    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var answer = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (answer["exceptionDetails"] is { } error) throw new InvalidOperationException($"page script failed: {error.ToJsonString()}");
        return answer["result"]?["value"];
    }

    public async Task<string> EvaluateStringAsync(string expression) => (await EvaluateAsync(expression))?.ToString() ?? "";

    /// <summary>Waits (up to a minute) until the expression is truthy in the page.</summary>
    public async Task WaitForAsync(string expression)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await EvaluateAsync($"!!({expression})");
            if (value?.GetValue<bool>() == true) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the page never satisfied: {expression}");
            await Task.Delay(100);
        }
    }

    /// <summary>A PNG of the window as the user sees it.</summary>
    public async Task ScreenshotAsync(string file)
    {
        var answer = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file))!);
        await File.WriteAllBytesAsync(file, Convert.FromBase64String((string)answer["data"]!));
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = ++_nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var stream = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await _socket.ReceiveAsync(buffer, timeout.Token);
                stream.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);
            var node = JsonNode.Parse(stream.ToArray())!;
            // Events (no id) and answers to other calls are skipped.
            if ((int?)node["id"] != id) continue;
            if (node["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
            return node["result"]!;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None); }
        catch (WebSocketException) { }
        _socket.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(_profile, recursive: true); }
        catch (IOException) { }
    }

    [GeneratedRegex(@"DevTools listening on ws://[^:]+:(\d+)/")]
    private static partial Regex DevToolsLine();

    /// <summary>What the structure checks of every page read at once.</summary>
    public const string LayoutProbe = """
        JSON.stringify({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
          lanes: document.querySelectorAll('section.schedule:not([hidden]) g.lane').length,
          ticks: document.querySelectorAll('section.schedule:not([hidden]) .axis .tick').length,
          bars: document.querySelectorAll('section.schedule:not([hidden]) rect.op').length,
          legendOrders: document.querySelectorAll('.legend .order-key').length,
          legendTop: document.querySelector('.legend') ? document.querySelector('.legend').getBoundingClientRect().top : -1,
          chartTop: document.querySelector('section.schedule:not([hidden]) svg.gantt') ? document.querySelector('section.schedule:not([hidden]) svg.gantt').getBoundingClientRect().top : -1,
          chartRight: document.querySelector('section.schedule:not([hidden]) svg.gantt') ? document.querySelector('section.schedule:not([hidden]) svg.gantt').getBoundingClientRect().right : -1
        })
        """;
}

/// <summary>What <see cref="HeadlessChromium.LayoutProbe"/> returns.</summary>
public sealed record PageLayout(double ScrollWidth, double InnerWidth, int Lanes, int Ticks, int Bars, int LegendOrders, double LegendTop, double ChartTop, double ChartRight)
{
    public static PageLayout Parse(string json) => JsonSerializer.Deserialize<PageLayout>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
}
