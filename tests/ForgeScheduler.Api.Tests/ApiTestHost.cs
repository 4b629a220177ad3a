using System.Net.Http.Json;
using System.Text;
using ForgeScheduler.Cluster.Grains;
using ForgeScheduler.Cluster.Hosting;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ForgeScheduler.Api.Tests;

/// <summary>The real service on a free 127.0.0.1 port (Kestrel, not TestServer) with a real HttpClient.
/// Short solver limits: 2 s per reschedule.</summary>
public sealed class ApiTestHost : IAsyncDisposable
{
    private ApiTestHost(WebApplication app, HttpClient client, ForgeApiOptions options)
    {
        App = app;
        Client = client;
        Options = options;
    }

    public WebApplication App { get; }
    public HttpClient Client { get; }
    public ForgeApiOptions Options { get; }

    public static async Task<ApiTestHost> StartAsync(ForgeApiOptions? options = null)
    {
        // Kestrel binds port 0 itself and the test reads back the port it got: asking the OS for a "free"
        // port and binding it later races with the other test assemblies running at the same time
        // (PostgreSQL, Prometheus, silos), which pick ports the same way.
        var o = (options ?? new ForgeApiOptions()) with
        {
            Urls = "http://127.0.0.1:0",
            SiloPort = 0,
            GatewayPort = 0,
            // A test that gives its own planning options (pool size, a long search to cancel) keeps them.
            Planning = options?.Planning is { } planning && planning != PlanningOptions.Default ? planning
                : PlanningOptions.Default with { TimeLimitSeconds = 30, Workers = 1, Seed = 1, DeterministicTime = 2 },
            // The service's "now" is the reference day's plan start, whatever today's date is.
            Clock = (options?.Clock is { } clock && clock != TimeProvider.System) ? clock : new FakeTimeProvider(Reference.Day.PlanStart),
        };
        var app = await ForgeApiHost.BuildAsync(o);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        o = o with { Urls = bound };
        var client = new HttpClient { BaseAddress = new Uri(bound.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(2) };
        return new ApiTestHost(app, client, o);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>The reference plant and small slices of the reference day.</summary>
public static class Reference
{
    public static string Root { get; } = FindRoot();

    public static string PlantPath => Path.Combine(Root, "datasets/reference/plant.json");

    public static Plant Plant { get; } = PlantFile.Load(PlantPath);

    public static string PlantJson { get; } = File.ReadAllText(PlantPath);

    public static OrderBook Day { get; } = OrdersFile.Load(Path.Combine(Root, "datasets/reference/orders-day.json"), Plant);

    public static OrderBook FirstOrders(int n) => Day with { Orders = Day.Orders.Take(n).ToList() };

    public static string BookJson(OrderBook book) => JsonFiles.Serialize(OrdersFile.ToDocument(book));

    public static string OrderJson(Order order) => JsonFiles.Serialize(OrdersFile.ToDocument(order));

    public static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    public static async Task PutPlantAsync(HttpClient client)
    {
        using var response = await client.PutAsync($"api/v1/plants/{Plant.Id}", Json(PlantJson));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await client.SendAsync(request);
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(JsonFiles.Options))!;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ForgeScheduler.sln"))) return dir.FullName;
        throw new InvalidOperationException("ForgeScheduler.sln not found above " + AppContext.BaseDirectory);
    }
}
