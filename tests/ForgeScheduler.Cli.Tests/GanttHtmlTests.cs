using System.Text.RegularExpressions;
using ForgeScheduler.Reports;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Cli.Tests;

/// <summary>gantt.html from a hand-made schedule and KPI report, checked as text.</summary>
public sealed class GanttHtmlTests
{
    private static int Count(string html, string pattern) => Regex.Matches(html, pattern).Count;

    private static string Render(OrderBook? book = null, Plant? plant = null, bool withBaseline = false)
    {
        plant ??= TestPlant.Plant();
        book ??= TestPlant.Orders();
        var schedule = TestPlant.Schedule(plant, book, "cpsat");
        var baseline = withBaseline ? TestPlant.Schedule(plant, book, "baseline") : null;
        return Page(plant, book, schedule, baseline).Render();
    }

    internal static GanttPage Page(Plant plant, OrderBook book, Schedule schedule, Schedule? baseline = null, GanttSchedule? main = null) => new()
    {
        Plant = plant,
        Orders = book,
        Title = "test",
        Schedules = baseline is null
            ? [main ?? new GanttSchedule("method", GanttPage.Label(schedule), schedule)]
            : [main ?? new GanttSchedule("method", GanttPage.Label(schedule), schedule), new GanttSchedule("baseline", GanttPage.Label(baseline), baseline)],
        Kpis = TestPlant.Kpis(0.8),
        BaselineKpis = baseline is null ? null : TestPlant.Kpis(),
        BaselineLabel = baseline is null ? null : GanttPage.Label(baseline),
        Limit = new EnergyLimit(30, 6000, 200, 1500, 50),
    };

    [Fact]
    public void EveryResourceHasALaneEvenUnusedOnes()
    {
        var html = Render();
        Assert.Equal(TestPlant.ResourceCount, Count(html, "<g class=\"lane\""));
        foreach (var id in new[] { "HF-1", "HF-2", "P-40", "P-80", "HT-1", "HT-2" })
            Assert.Contains($"data-resource=\"{id}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryOperationHasABarWithOrderStepAndTooltip()
    {
        var html = Render();
        Assert.Equal(6, Count(html, "<rect class=\"op "));
        Assert.Single(Regex.Matches(html, "<rect class=\"op op-forge[^\"]*\" data-order=\"O1\" data-step=\"2\""));
        // The tooltip gives times in plant local time (+08:00) and the physics' charge temperature.
        Assert.Contains("order O1 · step 1 (heat) on HF-1\n26 Nov 06:00 → ", html, StringComparison.Ordinal);
        Assert.Contains("charge 800 °C", html, StringComparison.Ordinal);
    }

    [Fact]
    public void HotChargeAndHotTransferAreMarkedAndColdChargeIsNot()
    {
        var html = Render();
        // O1 arrives at 800 °C (hot charge); O2 is cold stock. O2 reaches HT-1 at about 540 °C (hot
        // transfer); O1, forged hours earlier, waits in the yard for O2 — and with radiation and
        // convection (cooling law v2) is still above 300 °C when it goes in: a hot transfer too.
        Assert.Single(Regex.Matches(html, "class=\"op op-heat hot-charge[^\"]*\" data-order=\"O1\""));
        Assert.Single(Regex.Matches(html, "class=\"op op-heat\" data-order=\"O2\""));
        Assert.Single(Regex.Matches(html, "class=\"op op-heat_treat hot-transfer\" data-order=\"O2\""));
        Assert.Single(Regex.Matches(html, "class=\"op op-heat_treat hot-transfer\" data-order=\"O1\""));
        Assert.Equal(1 + 2, Count(html, "<path class=\"flame\""));
    }

    [Fact]
    public void HeatTreatmentChargeIsOutlinedOnce()
    {
        var html = Render();
        Assert.Single(Regex.Matches(html, "<rect class=\"batch\" data-charge=\"HT-1-c1\""));
        Assert.Contains("charge HT-1-c1: 2 piece(s), 30 t, recipe N1", html, StringComparison.Ordinal);
    }

    [Fact]
    public void DowntimeIsHatchedInItsLane()
    {
        var plant = TestPlant.Plant([new Downtime("HT-2", TestPlant.PlanStart.AddHours(2), TestPlant.PlanStart.AddHours(5))]);
        var html = Render(plant: plant);
        var lane = Regex.Match(html, "<g class=\"lane\" data-resource=\"HT-2\".*?</g>", RegexOptions.Singleline).Value;
        Assert.Contains("<rect class=\"downtime\"", lane, StringComparison.Ordinal);
        Assert.Contains("fill=\"url(#hatch-method)\"", lane, StringComparison.Ordinal);
        Assert.Contains("HT-2 down 26 Nov 08:00 → 26 Nov 11:00", lane, StringComparison.Ordinal);
        Assert.Equal(1, Count(html, "<rect class=\"downtime\""));
    }

    [Fact]
    public void LateOrderIsHighlightedAndListed()
    {
        // O2 due 6 h after release cannot be done: its heat treatment alone lasts 8 h.
        var html = Render(book: TestPlant.Orders(o2DueHours: 6));
        Assert.Equal(3, Count(html, "class=\"op [^\"]*late\" data-order=\"O2\""));
        Assert.Equal(0, Count(html, "class=\"op [^\"]*late\" data-order=\"O1\""));
        Assert.Matches("<p class=\"late-list\">Late orders: O2 \\(\\d+(\\.\\d)? h\\)</p>", html);
    }

    [Fact]
    public void TextFromTheFilesIsEscaped()
    {
        var html = Render();
        Assert.Contains("ring &lt;b&gt;&amp;\"x\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("ring <b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void PageIsSelfContained()
    {
        var html = Render(withBaseline: true);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        Assert.Equal(1, Count(html, "<script>"));
    }

    [Fact]
    public void WithABaselineBothSchedulesAndTheRatioColumnAreShown()
    {
        var html = Render(withBaseline: true);
        Assert.Equal(2, Count(html, "<section class=\"schedule\""));
        Assert.Equal(2 * TestPlant.ResourceCount, Count(html, "<g class=\"lane\""));
        Assert.Contains("<button type=\"button\" data-show=\"baseline\">baseline</button>", html, StringComparison.Ordinal);
        Assert.Contains("<th>cpsat ÷ baseline</th>", html, StringComparison.Ordinal);
        // energy_kwh_per_t: 400 baseline, 320 method → 0.800.
        Assert.Matches("<tr data-kpi=\"energy_kwh_per_t\">.*?<td class=\"num\">400.0</td><td class=\"num\">320.0</td><td class=\"num\">0.800</td>", html);
    }

    [Fact]
    public void EnergyChartStacksGasAndElectricPerHour()
    {
        var html = Render();
        // All furnaces used are gas; presses are electric.
        Assert.True(Count(html, "<rect class=\"energy-gas\"") >= 8, "an hour of gas energy per hour of heating or heat treatment");
        Assert.True(Count(html, "<rect class=\"energy-electric\"") >= 1, "press energy is electric");
        Assert.True(Count(html, "<rect class=\"co2\"") >= 8);
    }

    [Fact]
    public void LegendWithEveryOrderComesBeforeTheChart()
    {
        var html = Render();
        var legend = html.IndexOf("<section class=\"legend\"", StringComparison.Ordinal);
        Assert.True(legend >= 0 && legend < html.IndexOf("<svg", StringComparison.Ordinal), "legend above the chart");
        Assert.Equal(2, Count(html, "<span class=\"order-key\" data-order=\"O\\d\""));
    }

    [Fact]
    public void BarsCarryTheOrderIdWhereItFits()
    {
        var html = Render();
        // The heat-treatment bars last 8 h: wide enough for "O1" and "O2".
        Assert.True(Count(html, "<text class=\"bar-label\"[^>]*>O1</text>") >= 1);
        Assert.True(Count(html, "<text class=\"bar-label\"[^>]*>O2</text>") >= 1);
    }

    [Fact]
    public void ThirtyOrdersGetThirtyDistinctColours()
    {
        var colours = new OrderColours(Enumerable.Range(1, 30).Select(i => $"FO-{i:000}"));
        var fills = colours.Orders.Select(colours.Of).ToList();
        Assert.Equal(30, fills.Distinct().Count());
        // Neighbours differ in lightness as well as hue.
        Assert.NotEqual(Regex.Match(fills[0], @"\d+%\)$").Value, Regex.Match(fills[1], @"\d+%\)$").Value);
    }

    [Fact]
    public void OverlappingLoadsGetTheirOwnSubRows()
    {
        var html = Render();
        // Both pieces share charge HT-1-c1 (same start, same end): two different y in lane HT-1.
        var lane = Regex.Match(html, "<g class=\"lane\" data-resource=\"HT-1\".*?</g>", RegexOptions.Singleline).Value;
        var ys = Regex.Matches(lane, "<rect class=\"op [^\"]*\"[^>]* y=\"([\\d.]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, ys.Count);
        Assert.Equal(2, ys.Distinct().Count());
    }

    [Fact]
    public void KpiTableHasALimitColumn()
    {
        var html = Render(withBaseline: true);
        Assert.Contains("<th>limit</th>", html, StringComparison.Ordinal);
        Assert.Matches("<tr data-kpi=\"co2_kg_per_t\">.*?<td class=\"num\">50.0</td></tr>", html);
        Assert.Matches("<tr data-kpi=\"late_orders\">.*?<td class=\"num\">—</td></tr>", html);
    }

    [Fact]
    public void EnergyProfileShowsPvSurplusTariffAndGridFactorOnTheSameAxis()
    {
        var html = Render();
        Assert.Single(Regex.Matches(html, "<polyline class=\"tariff\""));
        Assert.Single(Regex.Matches(html, "<polyline class=\"grid-factor\""));
        Assert.Contains("grid kg/kWh", html, StringComparison.Ordinal);
        Assert.Contains("PV surplus kW", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeAxisIsInPlantLocalTime()
    {
        var html = Render();
        Assert.Contains("<text class=\"tick-zone\" x=\"4\" y=\"26\">UTC+08:00</text>", html, StringComparison.Ordinal);
        // Plan start 06:00 local is the first tick.
        Assert.Matches("<text class=\"tick-label\"[^>]*>06:00</text>", html);
        Assert.Contains("<text class=\"tick-date\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ViolationsAreShownInRedWithTheirRuleIds()
    {
        var plant = TestPlant.Plant();
        var book = TestPlant.Orders();
        var good = TestPlant.Schedule(plant, book, "cpsat");
        // O1's forging on the press before its heat ends breaks the route timing.
        var bad = good with { Operations = good.Operations.Select(o => o.Order == "O1" && o.Step == 2 ? o with { Start = o.Start.AddHours(-1), End = o.End.AddHours(-1) } : o).ToList() };
        var html = Page(plant, book, bad).Render();
        Assert.Contains("<div class=\"violations\">", html, StringComparison.Ordinal);
        Assert.Matches("<rect class=\"op op-forge[^\"]* violation\" data-order=\"O1\" data-step=\"2\"", html);
        Assert.Matches("<text class=\"rule-id\"[^>]*>precedence</text>", html);
        Assert.DoesNotContain("Valid: passes", html, StringComparison.Ordinal);
        Assert.Contains("Valid: passes every validator rule.", Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void RescheduleMarksNowFrozenMovedAndReassignedAndListsTheDiff()
    {
        var plant = TestPlant.Plant();
        var book = TestPlant.Orders();
        var before = TestPlant.Schedule(plant, book, "version 1");
        // O2's heat treatment moves 2 h later and to HT-2; now = plan start + 1 h freezes both first heats.
        var after = before with { Method = "version 2", Operations = before.Operations.Select(o => o.Order == "O2" && o.Step == 3
            ? o with { Resource = "HT-2", Charge = "HT-2-c1", Start = o.Start.AddHours(2), End = o.End.AddHours(2) } : o).ToList() };
        var now = TestPlant.PlanStart.AddHours(1);
        var main = new GanttSchedule("method", "version 2", after) { Previous = before, Now = now, FreezeMinutes = 60 };
        var html = Page(plant, book, after, before, main).Render();
        Assert.Matches("<g class=\"now\">.*?now 07:00</text>", html);
        Assert.Matches("<rect class=\"op op-heat_treat[^\"]* moved reassigned\" data-order=\"O2\" data-step=\"3\"", html);
        Assert.Single(Regex.Matches(html, "<rect class=\"ghost\" data-order=\"O2\" data-step=\"3\""));
        Assert.Equal(2, Count(html, "<rect class=\"op op-heat[^\"]* frozen\""));
        Assert.Contains("Changes: 1 changed (1 moved, 1 reassigned)", html, StringComparison.Ordinal);
        Assert.Contains("<td>HT-1 → HT-2</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">+120 min</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void LeverTableAddsUpToTheTotal()
    {
        var plant = TestPlant.Plant();
        var book = TestPlant.Orders();
        var plan = TestPlant.Schedule(plant, book, "cpsat");
        var baseline = plan with { Method = "baseline", Operations = plan.Operations.Select(o => o.Order == "O1" && o.Step == 1
            ? o with { Resource = "HF-2", Charge = "HF-2-O1" } : o).ToList() };
        var page = Page(plant, book, plan, baseline) with { Levers = LeverSavings.Compute(plant, book, baseline, plan) };
        var html = page.Render();
        Assert.Equal(6, Count(html, "<tr data-lever=\"[a-z_]+\"><td>"));
        Assert.Contains("<tr data-lever=\"total\">", html, StringComparison.Ordinal);
    }
}
