using System.Net;
using ForgeScheduler.Store.Tests;
using Npgsql;
using static ForgeScheduler.Api.Tests.Reference;

namespace ForgeScheduler.Api.Tests;

/// <summary>A database that stops answering is a 503 with Retry-After (the request is fine, the service
/// will be back), never a 500; when it answers again the service carries on by itself.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseUnavailableTests(PostgresServer server)
{
    [Fact]
    public async Task DatabaseRefusingConnectionsIs503WithRetryAfterAndTheServiceRecoversByItself()
    {
        var connection = await server.CreateDatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(connection).Database!;
        await using var host = await ApiTestHost.StartAsync(new ForgeApiOptions { Store = StoreKind.Postgres, Connection = connection });
        await PutPlantAsync(host.Client);
        using (var first = await PostAsync(host.Client, $"api/v1/plants/{Plant.Id}/orders", BookJson(FirstOrders(2))))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        await using var admin = NpgsqlDataSource.Create(server.AdminConnectionString);
        // As a database being restarted looks from the service: its connections cut, new ones refused.
        await ExecuteAsync(admin, $"ALTER DATABASE {database} ALLOW_CONNECTIONS false");
        await ExecuteAsync(admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
        try
        {
            using var plant = await host.Client.PutAsync($"api/v1/plants/{Plant.Id}", Json(PlantJson));
            await ServiceTests.AssertProblemAsync(plant, 503, "database");
            Assert.True(plant.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, "no Retry-After on the 503");
            using var listed = await host.Client.GetAsync("api/v1/plants");
            await ServiceTests.AssertProblemAsync(listed, 503, "database");
            using var ready = await host.Client.GetAsync("health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }
        finally
        {
            await ExecuteAsync(admin, $"ALTER DATABASE {database} ALLOW_CONNECTIONS true");
        }

        // Back without a restart of the service. A pooled connection the database cut is found dead only
        // when used: a client that retries on 503, as Retry-After tells it to, gets through within a few.
        using var again = await UntilAvailableAsync(() => host.Client.PutAsync($"api/v1/plants/{Plant.Id}", Json(PlantJson)));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var more = await UntilAvailableAsync(() => PostAsync(host.Client, $"api/v1/plants/{Plant.Id}/orders", OrderJson(Day.Orders[2])));
        Assert.True(more.StatusCode == HttpStatusCode.OK, await more.Content.ReadAsStringAsync());
        var book = await host.Client.GetStringAsync($"api/v1/plants/{Plant.Id}/orders");
        Assert.Contains(Day.Orders[2].Id, book, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("health/ready")).StatusCode);
    }

    /// <summary>Sends again while the answer is 503 (at most 10 times; each 503 drops one dead pooled
    /// connection), as a client honouring Retry-After would, without waiting: the database is back.</summary>
    private static async Task<HttpResponseMessage> UntilAvailableAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 10) return response;
            response.Dispose();
        }
    }

    private static async Task ExecuteAsync(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
