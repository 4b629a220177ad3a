using System.Net;
using System.Text.Json.Nodes;
using ForgeScheduler.Formats;
using static ForgeScheduler.Api.Tests.Reference;

namespace ForgeScheduler.Api.Tests;

/// <summary>The plant grain as the one system of record, seen over HTTP: an MES re-sending its book,
/// order identity with progress, reschedule "now".</summary>
public sealed class SystemOfRecordTests(MemoryHostFixture fixture) : IClassFixture<MemoryHostFixture>
{
    private HttpClient Client => fixture.Host.Client;

    [Fact]
    public async Task AnMesResendingItsBookDuringASimulatedDayNeverLeavesAPlantThatCannotPlan()
    {
        await fixture.PutPlantCopyAsync("resend");
        var plant = Plant with { Id = "resend" };
        var book = FirstOrders(4) with { Plant = "resend" };
        var clock = new Mes.Simulation.FakePlantClock(book.PlanStart);
        var client = new MesSimulatorClient(Client, clock, new SimulatorSettings
        {
            Seed = 5,
            PostPlant = false,
            MaxReschedules = 3,
            ResendBookEvery = 3,
            Options = new Mes.Simulation.SimulationOptions { RushOrderProbability = 1.0, FurnaceTripProbability = 0 },
        });

        var day = await client.RunAsync(plant, book, CancellationToken.None);

        Assert.True(day.Ok, string.Join("\n", day.Failures));
        Assert.True(client.BooksResent >= 3, $"book re-sent {client.BooksResent} times");
        Assert.True(day.Reschedules >= 2, $"{day.Reschedules} reschedules");

        // The same book again at the end of the day: nothing changes. An order finished a day of floor
        // time before the day's last report has left the book ("retired") and is not planned again.
        using var again = await PostAsync(Client, "api/v1/plants/resend/orders", BookJson(book));
        var unchanged = await ReadAsync<OrdersResponse>(again);
        Assert.Equal(0, unchanged.Inserted + unchanged.Updated);
        Assert.All(unchanged.Orders, o => Assert.Contains(o.Outcome, new[] { "unchanged", "retired" }));
        Assert.Equal(book.Orders.Count, unchanged.Unchanged + unchanged.Orders.Count(o => o.Outcome == "retired"));
        var open = book.Orders.First(o => unchanged.Orders.Single(x => x.Id == o.Id).Outcome == "unchanged");
        var index = book.Orders.ToList().IndexOf(open);

        // Orders reusing ids of pieces the floor has worked on, as another day's book would: refused with
        // a 409 naming the field, nothing applied, and the plant still plans.
        var clash = book with { Orders = [.. book.Orders.Select(o => o with { MassTonnes = o.MassTonnes + 1 })] };
        using var refused = await PostAsync(Client, "api/v1/plants/resend/orders", BookJson(clash));
        await ServiceTests.AssertProblemAsync(refused, 409, $"orders[{index}].mass_t");
        var stored = await Client.GetFromJsonAsyncSnake<OrderBookDocument>("api/v1/plants/resend/orders");
        Assert.Equal(open.MassTonnes, stored.Orders!.Single(o => o.Id == open.Id).MassT);

        // A later due date for a started order is what an MES sends: accepted, progress kept.
        var later = open with { Due = open.Due.AddHours(6) };
        using var moved = await PostAsync(Client, "api/v1/plants/resend/orders", OrderJson(later));
        Assert.Equal(1, (await ReadAsync<OrdersResponse>(moved)).Updated);

        var now = new JsonObject { ["now"] = clock.Now.ToString("O") }.ToJsonString();
        using var replanned = await PostAsync(Client, "api/v1/plants/resend/reschedule", now);
        Assert.True(replanned.IsSuccessStatusCode, await replanned.Content.ReadAsStringAsync());
        var result = await ReadAsync<RescheduleResponse>(replanned);
        Assert.Equal(0, result.Violations);
        Assert.True(result.Version > day.LastVersion, $"version {result.Version} after {day.LastVersion}");
    }

    [Fact]
    public async Task RescheduleTakesNowFromTheBodyOrTheQueryAndABadOneIsA422NamingIt()
    {
        var (plant, _) = await fixture.PlantWithScheduleAsync("now-plant", 3);
        using var bad = await PostAsync(Client, $"api/v1/plants/{plant}/reschedule", "{\"now\": \"tomorrow\"}");
        await ServiceTests.AssertProblemAsync(bad, 422, "now");
        using var badQuery = await PostAsync(Client, $"api/v1/plants/{plant}/reschedule?now=soon", "");
        await ServiceTests.AssertProblemAsync(badQuery, 422, "now");

        var at = Day.PlanStart.AddHours(2).ToString("O");
        using var body = await PostAsync(Client, $"api/v1/plants/{plant}/reschedule", $"{{\"now\": \"{at}\"}}");
        Assert.Equal(2, (await ReadAsync<RescheduleResponse>(body)).Version);
        using var query = await PostAsync(Client, $"api/v1/plants/{plant}/reschedule?now={Uri.EscapeDataString(at)}", "");
        var third = await ReadAsync<RescheduleResponse>(query);
        Assert.Equal(3, third.Version);
        Assert.Equal(2, third.PreviousVersion);
    }
}
