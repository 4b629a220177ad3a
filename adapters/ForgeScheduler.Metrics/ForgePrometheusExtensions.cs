using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace ForgeScheduler.Metrics;

/// <summary>The two lines a host adds: <c>builder.Services.AddForgePrometheus()</c> and
/// <c>app.UseForgePrometheus()</c>.</summary>
public static class ForgePrometheusExtensions
{
    public const string MetricsPath = "/metrics";

    private static int _defaultsSuppressed;

    /// <summary>Registers <see cref="PrometheusTelemetry"/> on the default registry as the
    /// <see cref="IForgeTelemetry"/> (replacing any earlier one, e.g. <see cref="NoTelemetry"/>), and
    /// drops prometheus-net's event-counter and meter bridges, whose names <c>promtool check metrics</c>
    /// rejects. Call it before anything touches the default registry.</summary>
    public static IServiceCollection AddForgePrometheus(this IServiceCollection services)
    {
        if (Interlocked.Exchange(ref _defaultsSuppressed, 1) == 0)
            Prometheus.Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
            {
                SuppressEventCounters = true,
                SuppressMeters = true,
            });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new PrometheusTelemetry(Prometheus.Metrics.DefaultRegistry, sp.GetService<TimeProvider>()));
        services.RemoveAll<IForgeTelemetry>();
        services.AddSingleton<IForgeTelemetry>(sp => sp.GetRequiredService<PrometheusTelemetry>());
        return services;
    }

    /// <summary>Request counts and durations for every endpoint (<c>http_request_duration_seconds</c>,
    /// <c>http_requests_received_total</c>) and the scrape endpoint at <c>/metrics</c>. Needs
    /// <see cref="AddForgePrometheus"/>.</summary>
    public static WebApplication UseForgePrometheus(this WebApplication app)
    {
        // Created now, not at the first event, so the families and the grid factor are scraped from the start.
        app.Services.GetRequiredService<PrometheusTelemetry>();
        app.UseHttpMetrics();
        app.MapMetrics(MetricsPath);
        return app;
    }
}
