using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using Spectre.Console;

namespace ForgeScheduler.Cli;

/// <summary>The KPI table in the terminal: baseline, method, method ÷ baseline, and the energy/CO2
/// limit no schedule can beat (blank where the limit says nothing).</summary>
internal static class KpiConsoleTable
{
    /// <summary>A Spectre console on a writer: colours only on a real terminal; captured or
    /// redirected output stays plain text, 120 columns wide.</summary>
    public static IAnsiConsole ConsoleFor(TextWriter writer)
    {
        var terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = 120;
        return console;
    }

    public static void Write(TextWriter writer, string baselineName, KpiReport baseline, string? method, KpiReport? kpis,
        EnergyLimit? limit = null)
    {
        var console = ConsoleFor(writer);

        var table = new Table().Border(TableBorder.Rounded).AddColumn("KPI").AddColumn("unit");
        table.AddColumn(new TableColumn(Markup.Escape(baselineName)).RightAligned());
        if (method is not null)
        {
            table.AddColumn(new TableColumn(Markup.Escape(method)).RightAligned());
            table.AddColumn(new TableColumn(Markup.Escape($"{method} ÷ {baselineName}")).RightAligned());
        }
        if (limit is not null) table.AddColumn(new TableColumn(KpiBlocks.Limit).RightAligned());
        foreach (var row in KpiTable.Rows(baseline, kpis ?? baseline))
        {
            var cells = new List<string> { Markup.Escape(row.Label), Markup.Escape(row.Unit), KpiTable.FormatValue(row, row.Baseline) };
            if (method is not null)
            {
                cells.Add(KpiTable.FormatValue(row, row.Method));
                cells.Add(KpiTable.FormatRatio(row.Ratio));
            }
            if (limit is not null)
                cells.Add(KpiBlocks.LimitValue(limit, row.Key) is { } value ? KpiTable.FormatValue(row, value) : "");
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
    }

    /// <summary>What the method saves against the baseline, by lever (docs/kpis.md#savings-by-lever).</summary>
    public static void WriteLevers(TextWriter writer, string baselineName, LeverSavings levers)
    {
        var console = ConsoleFor(writer);
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"saved against {baselineName}, by lever"))
            .AddColumn("lever").AddColumn(new TableColumn("CO2 kg").RightAligned()).AddColumn(new TableColumn("energy kWh").RightAligned());
        var n0 = System.Globalization.CultureInfo.InvariantCulture;
        static double Z(double v) => Math.Round(v) == 0 ? 0 : v;
        foreach (var l in levers.Levers)
            table.AddRow(Markup.Escape(l.Label), Z(l.Co2SavedKg).ToString("N0", n0), Z(l.EnergySavedKwh).ToString("N0", n0));
        table.AddRow("[bold]total[/]", Z(levers.Co2SavedKg).ToString("N0", n0), Z(levers.EnergySavedKwh).ToString("N0", n0));
        console.Write(table);
    }
}
