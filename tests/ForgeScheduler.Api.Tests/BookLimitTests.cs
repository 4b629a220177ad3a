using System.Net;
using System.Text.Json.Nodes;
using InputLimits = ForgeScheduler.Solver.Domain.InputLimits;
using Order = ForgeScheduler.Solver.Domain.Order;
using static ForgeScheduler.Api.Tests.Reference;

namespace ForgeScheduler.Api.Tests;

/// <summary>Bounded work at the edge (issue 15): a book larger than a plant plans is refused with a 422
/// naming <c>orders</c> and the limit, whether it comes in one request or grows by one more order; and an
/// events body takes no field beside <c>events</c>.</summary>
public sealed class BookLimitTests
{
    [Fact]
    public async Task ABookOverTheOrderLimitIsRefusedInOneRequestAndOneOrderAtATime()
    {
        await using var host = await ApiTestHost.StartAsync();
        await PutPlantAsync(host.Client);
        Order Numbered(int i) => Day.Orders[i % 5] with { Id = $"L-{i}" };

        using var tooMany = await PostAsync(host.Client, $"api/v1/plants/{Plant.Id}/orders",
            BookJson(Day with { Orders = [.. Enumerable.Range(0, InputLimits.MaxOrdersPerBook + 1).Select(Numbered)] }));
        var refused = await ProblemAsync(tooMany, HttpStatusCode.UnprocessableEntity);
        Assert.Contains($"{InputLimits.MaxOrdersPerBook + 1} orders", refused, StringComparison.Ordinal);
        Assert.Contains($"at most {InputLimits.MaxOrdersPerBook}", refused, StringComparison.Ordinal);

        using var full = await host.Client.PutAsync($"api/v1/plants/{Plant.Id}/orders",
            Json(BookJson(Day with { Orders = [.. Enumerable.Range(0, InputLimits.MaxOrdersPerBook).Select(Numbered)] })));
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        using var oneMore = await PostAsync(host.Client, $"api/v1/plants/{Plant.Id}/orders", OrderJson(Numbered(InputLimits.MaxOrdersPerBook)));
        Assert.Contains($"{InputLimits.MaxOrdersPerBook + 1} orders", await ProblemAsync(oneMore, HttpStatusCode.UnprocessableEntity), StringComparison.Ordinal);
        // A change of an order already in the book does not grow it.
        using var changed = await PostAsync(host.Client, $"api/v1/plants/{Plant.Id}/orders", OrderJson(Numbered(7) with { Weight = 3 }));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var status = JsonNode.Parse(await host.Client.GetStringAsync($"api/v1/plants/{Plant.Id}/status"))!;
        Assert.Equal(InputLimits.MaxOrdersPerBook, status["order_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnEventsBodyWithAnotherFieldBesideEventsIsRefusedNamingIt()
    {
        await using var host = await ApiTestHost.StartAsync();
        await PutPlantAsync(host.Client);

        using var response = await PostAsync(host.Client, $"api/v1/plants/{Plant.Id}/events", """{"mass_t": "dup", "events": []}""");

        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("not a field", problem["errors"]!["mass_t"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>The problem's <c>errors.orders</c> text, after checking the status.</summary>
    private static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["errors"]!["orders"]![0]!.GetValue<string>();
    }
}
