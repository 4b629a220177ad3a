using ForgeScheduler.Formats;
using ForgeScheduler.Reports;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Tests.Shared;

namespace ForgeScheduler.Cli.Tests;

/// <summary>gantt.html of the reference day in a real browser (Debian's Chromium over the DevTools
/// protocol) at the two screen sizes planners use: structure, no sideways scroll, screenshots.
/// FORGE_SCREENSHOTS=DIR keeps the screenshots there (docs/img/ is made that way).</summary>
public sealed class GanttChromiumTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    internal static string ScreenshotDir(TempDir dir) =>
        Environment.GetEnvironmentVariable("FORGE_SCREENSHOTS") is { Length: > 0 } keep ? keep : dir.File("img");

    private (string Path, Plant Plant, Schedule Plan) WriteReferenceDayPage()
    {
        var plant = PlantFile.Load(RepositoryFiles.ReferencePlant);
        var book = OrdersFile.Load(RepositoryFiles.Path("datasets", "reference", "orders-day.json"), plant);
        // Two dispatch rules stand in for plan and baseline: the page is the same whatever made them.
        var portfolio = BaselinePortfolio.Run(plant, book);
        var plan = portfolio.Best;
        var baseline = BaselineDispatcher.Dispatch(plant, book, DispatchRule.PlantOrder) with { Method = "baseline", Rule = DispatchRule.PlantOrder.Name };
        var page = new GanttPage
        {
            Plant = plant,
            Orders = book,
            Title = $"Plant {plant.Id}: {GanttPage.Label(plan)} schedule",
            Schedules = [new GanttSchedule("method", GanttPage.Label(plan), plan), new GanttSchedule("baseline", GanttPage.Label(baseline), baseline)],
            Kpis = KpiCalculator.Compute(plant, book, plan),
            BaselineKpis = KpiCalculator.Compute(plant, book, baseline),
            BaselineLabel = GanttPage.Label(baseline),
            Limit = EnergyLimitCalculator.Compute(plant, book),
            Levers = LeverSavings.Compute(plant, book, baseline, plan),
        };
        var path = _dir.File("gantt.html");
        page.Write(path);
        return (path, plant, plan);
    }

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(1920, 1080)]
    public async Task GanttFitsTheWindowWithLanesTicksABarPerOperationAndTheLegendOnTop(int width, int height)
    {
        var (path, plant, plan) = WriteReferenceDayPage();
        await using var browser = await HeadlessChromium.StartAsync();
        await browser.SizeAsync(width, height);
        await browser.OpenAsync(new Uri(path).AbsoluteUri);
        var layout = PageLayout.Parse(await browser.EvaluateStringAsync(HeadlessChromium.LayoutProbe));

        Assert.True(layout.ScrollWidth <= layout.InnerWidth, $"page scrolls sideways: {layout.ScrollWidth} > {layout.InnerWidth} px");
        Assert.True(layout.ChartRight <= width, $"chart ends at {layout.ChartRight} px, window is {width}");
        Assert.Equal(plant.Furnaces.Count() + plant.Presses.Count, layout.Lanes);
        Assert.Equal(plan.Operations.Count, layout.Bars);
        Assert.True(layout.Ticks >= 12, $"{layout.Ticks} axis ticks");
        Assert.Equal(30, layout.LegendOrders);
        Assert.True(layout.LegendTop < layout.ChartTop, "legend above the chart");
        await browser.ScreenshotAsync(Path.Combine(ScreenshotDir(_dir), $"gantt-{width}x{height}.png"));

        // The toggle shows the baseline; zoom widens the chart inside its own scroller, not the page.
        await browser.EvaluateAsync("document.querySelector('button[data-show=baseline]').click(); document.querySelector('button[data-zoom=\"4\"]').click()");
        var zoomed = PageLayout.Parse(await browser.EvaluateStringAsync(HeadlessChromium.LayoutProbe));
        Assert.True(zoomed.ChartRight > 3 * width, "4× zoom widens the chart");
        Assert.True(zoomed.ScrollWidth <= zoomed.InnerWidth, "zoom scrolls the chart, not the page");
        Assert.Equal("baseline", await browser.EvaluateStringAsync("document.querySelector('section.schedule:not([hidden])').getAttribute('data-role')"));
    }

    [Fact]
    public async Task PageScriptRunsToTheEndAndPicksOutAnOrder()
    {
        var (path, _, plan) = WriteReferenceDayPage();
        await using var browser = await HeadlessChromium.StartAsync();
        await browser.OpenAsync(new Uri(path).AbsoluteUri);
        Assert.Equal(plan.Operations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            await browser.EvaluateStringAsync("document.body.getAttribute('data-ready')"));
        // Clicking an order's key picks out its bars and dims the rest.
        await browser.EvaluateAsync("document.querySelector('.order-key').click()");
        Assert.Equal("true", await browser.EvaluateStringAsync("String(document.querySelector('svg.gantt').classList.contains('dim') && document.querySelectorAll('rect.op.pick').length > 0)"));
    }
}
