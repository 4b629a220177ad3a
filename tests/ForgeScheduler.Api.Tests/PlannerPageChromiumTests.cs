using System.Globalization;
using System.Text.RegularExpressions;
using ForgeScheduler.Formats;
using ForgeScheduler.Tests.Shared;
using static ForgeScheduler.Api.Tests.Reference;

namespace ForgeScheduler.Api.Tests;

/// <summary>The planner's page in a real browser (Debian's Chromium, headless, over the DevTools
/// protocol) against the real service: the shared Gantt at both screen sizes, and a new version shown
/// by the next poll without a reload. FORGE_SCREENSHOTS=DIR keeps the screenshots (docs/img/).</summary>
public sealed class PlannerPageChromiumTests(MemoryHostFixture fixture) : IClassFixture<MemoryHostFixture>
{
    private static string ScreenshotDir =>
        Environment.GetEnvironmentVariable("FORGE_SCREENSHOTS") is { Length: > 0 } keep ? keep : Path.Combine(Path.GetTempPath(), "forge-screenshots");

    [Fact]
    public async Task PageShowsTheGanttAtBothSizesAndTheNewVersionWithinOnePollWithoutReload()
    {
        var (plant, _) = await fixture.PlantWithScheduleAsync("page-plant", 8);
        var client = fixture.Host.Client;
        var first = ScheduleFile.Parse(await client.GetStringAsync($"api/v1/plants/{plant}/schedule"), "schedule");
        var url = new Uri(client.BaseAddress!, $"/?plant={plant}&poll=300").AbsoluteUri;

        await using var browser = await HeadlessChromium.StartAsync();
        foreach (var (width, height) in new[] { (1920, 1080), (1366, 768) })
        {
            await browser.SizeAsync(width, height);
            await browser.OpenAsync(url);
            var layout = PageLayout.Parse(await browser.EvaluateStringAsync(HeadlessChromium.LayoutProbe));
            Assert.True(layout.ScrollWidth <= layout.InnerWidth, $"page scrolls sideways at {width} px: {layout.ScrollWidth} > {layout.InnerWidth}");
            Assert.Equal(Plant.HeatingFurnaces.Count + Plant.Presses.Count + Plant.HeatTreatmentFurnaces.Count, layout.Lanes);
            Assert.Equal(first.Operations.Count, layout.Bars);
            Assert.True(layout.Ticks >= 6, $"{layout.Ticks} axis ticks");
            Assert.Equal(8, layout.LegendOrders);
            Assert.True(layout.LegendTop < layout.ChartTop, "legend above the chart");
            await browser.ScreenshotAsync(Path.Combine(ScreenshotDir, $"live-{width}x{height}.png"));
        }

        var dom = await browser.EvaluateStringAsync("document.documentElement.outerHTML");
        Assert.Contains("<b>version 1 (", dom, StringComparison.Ordinal);
        Assert.Matches("<th>limit</th>", dom);
        Assert.Matches("<tr data-kpi=\"co2_kg_per_t\"><td>CO2 intensity</td>", dom);
        Assert.Contains("Late orders: none", dom, StringComparison.Ordinal);
        Assert.Contains("<tr data-lever=\"total\">", dom, StringComparison.Ordinal);
        // The history shows times in plant local time (+08:00), with seconds, no fractions.
        Assert.Matches("Version history \\(plant local time, UTC\\+08:00\\)", dom);
        Assert.Matches("<td>\\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d</td>", dom);

        // A marker that a reload would lose; then a new version, and the poll that starts after it.
        await browser.EvaluateAsync("window.forgeMarker = 'kept'");
        using var replanned = await PostAsync(client, $"api/v1/plants/{plant}/reschedule", "");
        Assert.True(replanned.IsSuccessStatusCode, await replanned.Content.ReadAsStringAsync());
        var started = int.Parse(await browser.EvaluateStringAsync("document.body.getAttribute('data-poll-starts')"), CultureInfo.InvariantCulture);
        await browser.WaitForAsync($"Number(document.body.getAttribute('data-polls')) >= {started + 1}");
        Assert.Equal("2", await browser.EvaluateStringAsync("document.getElementById('live').getAttribute('data-version')"));
        Assert.Equal("kept", await browser.EvaluateStringAsync("window.forgeMarker"));
        var again = await browser.EvaluateStringAsync("document.documentElement.outerHTML");
        Assert.Contains("<b>version 2 (", again, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(Regex.Match(again, "<table id=\"history\".*?</table>", RegexOptions.Singleline).Value, "<tr data-version=").Count);
        // What changed between the versions: the solver's diff against version 1.
        Assert.Contains("<details class=\"diff\"", again, StringComparison.Ordinal);
        Assert.Equal(first.Operations.Count.ToString(CultureInfo.InvariantCulture), await browser.EvaluateStringAsync("document.body.getAttribute('data-ready')"));
    }
}
