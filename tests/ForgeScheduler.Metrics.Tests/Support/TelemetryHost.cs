using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ForgeScheduler.Metrics.Tests.Support;

/// <summary>A small Kestrel app on a free loopback port wired the way <c>forge serve</c> is: the two lines
/// <c>AddForgePrometheus</c> / <c>UseForgePrometheus</c>, plus two endpoints to give the HTTP metrics
/// something to count (one answers 500).</summary>
public sealed class TelemetryHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TelemetryHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>host:port, as a Prometheus target.</summary>
    public string Target => $"{Address.Host}:{Address.Port}";

    public IForgeTelemetry Telemetry => _app.Services.GetRequiredService<IForgeTelemetry>();

    public static async Task<TelemetryHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddForgePrometheus();
        var app = builder.Build();
        app.UseForgePrometheus();
        app.MapGet("/api/v1/ping", () => "pong");
        app.MapGet("/api/v1/broken", () => Results.Problem("simulated failure", statusCode: 500));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TelemetryHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
