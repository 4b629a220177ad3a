using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Kpis;
using Spectre.Console;

namespace ForgeScheduler.Cli;

/// <summary>The KPI table in the terminal: baseline, method, and method ÷ baseline.</summary>
internal static class KpiConsoleTable
{
    public static void Write(TextWriter writer, string baselineName, KpiReport baseline, string? method, KpiReport? kpis)
    {
        // Colours only on a real terminal; captured or redirected output stays plain text.
        var terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = 120;

        var table = new Table().Border(TableBorder.Rounded).AddColumn("KPI").AddColumn("unit");
        table.AddColumn(new TableColumn(Markup.Escape(baselineName)).RightAligned());
        if (method is not null)
        {
            table.AddColumn(new TableColumn(Markup.Escape(method)).RightAligned());
            table.AddColumn(new TableColumn(Markup.Escape($"{method} ÷ {baselineName}")).RightAligned());
        }
        foreach (var row in KpiTable.Rows(baseline, kpis ?? baseline))
        {
            var cells = new List<string> { Markup.Escape(row.Label), Markup.Escape(row.Unit), KpiTable.FormatValue(row, row.Baseline) };
            if (method is not null)
            {
                cells.Add(KpiTable.FormatValue(row, row.Method));
                cells.Add(KpiTable.FormatRatio(row.Ratio));
            }
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
    }
}
