using System.Globalization;
using System.Text;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Formats;

/// <summary>schedule.csv: one row per operation, the same columns, order and rounding as the
/// operations of schedule.json (docs/formats.md), for spreadsheets.</summary>
public static class ScheduleCsv
{
    public static IReadOnlyList<string> Columns { get; } =
        ["order", "step", "kind", "resource", "charge", "start", "end", "charge_temp_c", "energy_kwh", "carrier"];

    public static string ToCsv(Schedule schedule)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', Columns)).Append('\n');
        foreach (var o in ScheduleFile.ToDocument(schedule, kpis: null).Operations ?? [])
        {
            string[] cells =
            [
                o.Order ?? "",
                Number(o.Step),
                o.Kind ?? "",
                o.Resource ?? "",
                o.Charge ?? "",
                Instant(o.Start),
                Instant(o.End),
                Number(o.ChargeTempC),
                Number(o.EnergyKwh),
                o.Carrier ?? "",
            ];
            sb.Append(string.Join(',', cells.Select(Quote))).Append('\n');
        }
        return sb.ToString();
    }

    public static void Write(string path, Schedule schedule)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, ToCsv(schedule));
    }

    // ISO 8601 with the offset, fractions of a second only when there are any.
    private static string Instant(DateTimeOffset? t) =>
        t?.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture) ?? "";

    private static string Number(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static string Number(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";

    // RFC 4180: quote a cell that holds a comma, a quote or a line break; double the quotes inside.
    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
