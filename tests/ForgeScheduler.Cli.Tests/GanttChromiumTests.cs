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

/// <summary>whatif.html in a real browser: the comparison and both plants' Gantts, at both sizes.</summary>
public sealed class WhatIfChromiumTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(1920, 1080)]
    public async Task WhatIfPageShowsBothPlantsGanttsWithoutSidewaysScroll(int width, int height)
    {
        var plant = PlantFile.Load(RepositoryFiles.ReferencePlant);
        var book = OrdersFile.Load(RepositoryFiles.Path("datasets", "reference", "orders-day.json"), plant);
        // The best dispatch rule stands in for CP-SAT: the page is the same whatever made the schedules.
        var result = Solver.WhatIf.ElectrificationStudy.Run(plant, book, new Solver.WhatIf.ElectrificationRequest(["HT-G2"]),
            (p, b) => new Solver.WhatIf.ScheduledCase(BaselinePortfolio.Run(p, b).Best, []));
        var path = _dir.File("whatif.html");
        WhatIfPage.Write(path, book, result);

        await using var browser = await HeadlessChromium.StartAsync();
        await browser.SizeAsync(width, height);
        await browser.OpenAsync(new Uri(path).AbsoluteUri);
        var layout = PageLayout.Parse(await browser.EvaluateStringAsync(HeadlessChromium.LayoutProbe));
        Assert.True(layout.ScrollWidth <= layout.InnerWidth, $"page scrolls sideways: {layout.ScrollWidth} > {layout.InnerWidth} px");
        Assert.Equal(2 * (plant.Furnaces.Count() + plant.Presses.Count), layout.Lanes);
        Assert.Equal(result.AsIs.Schedule.Operations.Count + result.Electrified.Schedule.Operations.Count, layout.Bars);
        Assert.True(layout.Ticks >= 24, $"{layout.Ticks} axis ticks");
        Assert.Equal(60, layout.LegendOrders);
        // The electrified HT-G2 lane says so.
        Assert.Contains("heat treatment · electric", await browser.EvaluateStringAsync(
            "document.querySelector('#gantt-electrified g.lane[data-resource=\"HT-G2\"] text').textContent"), StringComparison.Ordinal);
        await browser.ScreenshotAsync(Path.Combine(GanttChromiumTests.ScreenshotDir(_dir), $"whatif-{width}x{height}.png"));
    }
}
