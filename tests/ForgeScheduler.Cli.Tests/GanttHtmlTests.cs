using System.Text.RegularExpressions;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;

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
        return GanttHtml.Render(plant, book, schedule, TestPlant.Kpis(0.8), baseline, withBaseline ? TestPlant.Kpis() : null);
    }

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
        Assert.Contains("ring &lt;b&gt;&amp;&quot;x&quot;", html, StringComparison.Ordinal);
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
}
