using System.Xml.Linq;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.WhatIf;

namespace ForgeScheduler.Reports;

/// <summary>whatif.html: the comparison page of <see cref="WhatIfHtml"/> (chart, table, sweep) followed by
/// the Gantt of each plant's schedule from the shared renderer — as is, and with the furnaces
/// electrified — so a planner sees where the electric work landed against the grid factor, PV
/// surplus and tariff. Each schedule is drawn on its own plant (the converted furnaces' carrier differs).</summary>
public static class WhatIfPage
{
    public static string Render(OrderBook book, ElectrificationResult result)
    {
        var comparison = WhatIfHtml.Render(result);
        var sections = new XElement("div", new XAttribute("class", "whatif-gantts"),
            Section(book, result.AsIs, "as-is"), Section(book, result.Electrified, "electrified"));
        var gantt = sections.ToString(SaveOptions.DisableFormatting)
                    + "<style>" + GanttPage.Css + "</style><script>" + GanttPage.Script + "</script>";
        var end = comparison.LastIndexOf("</body>", StringComparison.Ordinal);
        return end < 0 ? comparison + gantt : comparison[..end] + gantt + comparison[end..];
    }

    public static void Write(string path, OrderBook book, ElectrificationResult result)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, Render(book, result));
    }

    private static XElement Section(OrderBook book, PlantCase c, string role) =>
        new GanttPage
        {
            Plant = c.Plant,
            Orders = book,
            Title = $"{c.Name}: {GanttPage.Label(c.Schedule)} schedule",
            Schedules = [new GanttSchedule(role, $"{c.Name} ({GanttPage.Label(c.Schedule)})", c.Schedule)],
            Kpis = c.Kpis,
            ContentId = "gantt-" + role,
        }.Content();
}
