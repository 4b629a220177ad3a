using ForgeScheduler.Solver.Rescheduling;

namespace ForgeScheduler.Formats.Tests;

public sealed class EventsFileTests
{
    [Theory]
    [InlineData("""{"type": "order_cancelled", "at": "2026-11-26T08:45:00+08:00", "order": "D-0021"}""")]
    [InlineData("""{"type": "order_cancelled", "at": "2026-11-26T08:45:00+08:00", "id": "D-0021"}""")]
    public void OrderCancelledNamesTheOrderAsOrderLikeTheHttpBodyOrAsId(string e)
    {
        var events = EventsFile.Parse($$"""{"events": [{{e}}]}""", "events.json");

        Assert.Equal("D-0021", Assert.IsType<OrderCancelled>(Assert.Single(events)).Id);
    }

    [Fact]
    public void OrderCancelledWithoutTheOrderNamesTheField()
    {
        var error = Assert.Throws<ForgeInputException>(() =>
            EventsFile.Parse("""{"events": [{"type": "order_cancelled", "at": "2026-11-26T08:45:00+08:00"}]}""", "events.json"));

        Assert.Contains("events[0].id", error.Message, StringComparison.Ordinal);
    }
}
