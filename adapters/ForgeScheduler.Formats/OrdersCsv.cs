using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Formats;

/// <summary>Orders from a CSV export, one order a line (docs/formats-csv.md). The four per-heat
/// columns hold one value per heat separated by ';'. Errors name the file, the line and the column.</summary>
public static partial class OrdersCsv
{
    public static IReadOnlyList<string> Columns { get; } =
    [
        "id", "product", "grade", "mass_t", "diameter_m", "release", "release_temp_c", "due", "weight",
        "heat_treatment", "cold_heating_h", "forge_temp_c", "press_min", "min_force_mn", "finish_temp_c",
    ];

    private const char HeatSeparator = ';';

    public static OrderBook Parse(string text, string source, string plantId)
    {
        var options = new CsvReaderOptions
        {
            // Fixed, not detected: the per-heat columns contain ';', which detection might take.
            Separator = ',',
            TrimWhitespace = true,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            FormatProvider = CultureInfo.InvariantCulture,
        };
        using var csv = CsvReader.Create(new StringReader(text), options, false);
        var orders = new List<Order>();
        try
        {
            csv.ReadHeader();
            var header = csv.Headers;
            if (header.Count == 0) throw new ForgeInputException(source, "line 1", "the file is empty; it needs a header line");
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++) index.TryAdd(header[i].Trim().ToLowerInvariant(), i);
            var missing = Columns.Where(c => !index.ContainsKey(c)).ToList();
            if (missing.Count > 0)
                throw new ForgeInputException(source, "line 1", $"missing column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))}");

            while (csv.Read())
            {
                var row = new Row(csv, index, source, csv.LineNumber);
                orders.Add(row.ToOrder());
            }
        }
        catch (CsvFormatException e)
        {
            throw new ForgeInputException(source, $"line {e.LineNumber}", FirstLine(e.Message));
        }

        if (orders.Count == 0) throw new ForgeInputException(source, "file", "has no orders");
        var duplicate = orders.GroupBy(o => o.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ForgeInputException(source, "column id", $"order id '{duplicate.Key}' appears more than once");
        return new OrderBook(plantId, orders.Min(o => o.Release), orders);
    }

    /// <summary>Writes a book in the same CSV layout that <see cref="Parse"/> reads. Numbers are written
    /// in their shortest round-trip form, so parsing the text gives the same book back.</summary>
    public static string Write(OrderBook book)
    {
        var text = new StringBuilder();
        using (var writer = new StringWriter(text, CultureInfo.InvariantCulture))
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture }, true))
        {
            csv.WriteHeader(Columns.ToArray());
            foreach (var o in book.Orders)
            {
                csv.WriteField(o.Id);
                csv.WriteField(o.Product);
                csv.WriteField(o.Grade);
                csv.WriteField(Number(o.MassTonnes));
                csv.WriteField(Number(o.DiameterMetres));
                csv.WriteField(o.Release.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
                csv.WriteField(o.ReleaseTempC is { } t ? Number(t) : "");
                csv.WriteField(o.Due.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
                csv.WriteField(Number(o.Weight));
                csv.WriteField(o.HeatTreatment);
                csv.WriteField(o.ColdHeatingHours is { } ch ? Number(ch) : "");
                csv.WriteField(PerHeat(o, h => h.ForgeTempC));
                csv.WriteField(PerHeat(o, h => h.PressMinutes));
                csv.WriteField(PerHeat(o, h => h.MinForceMn));
                csv.WriteField(PerHeat(o, h => h.FinishTempC));
                csv.EndRecord();
            }
            csv.Flush();
        }
        return text.ToString();
    }

    public static void Save(string path, OrderBook book)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, Write(book));
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string PerHeat(Order o, Func<ForgingHeat, double> value) =>
        string.Join(HeatSeparator, o.Heats.Select(h => Number(value(h))));

    private static string FirstLine(string message)
    {
        var cut = message.IndexOfAny(['\r', '\n']);
        return cut > 0 ? message[..cut] : message;
    }

    // An ISO 8601 instant must carry its offset: without one it would be read in the machine's zone.
    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex OffsetSuffix();

    /// <summary>One data line: reads fields by column name and says where a bad value is.</summary>
    private sealed class Row(CsvReader csv, Dictionary<string, int> index, string source, long line)
    {
        private string Text(string column)
        {
            var i = index[column];
            return i < csv.FieldCount ? (csv.GetString(i) ?? "").Trim() : "";
        }

        private ForgeInputException Error(string column, string problem) => new(source, $"line {line}, column {column}", problem);

        private string RequiredText(string column)
        {
            var s = Text(column);
            return s.Length > 0 ? s : throw Error(column, "is required");
        }

        private double ParseNumber(string column, string s) =>
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                ? v
                : throw Error(column, $"'{s}' is not a number");

        private double RequiredNumber(string column) => ParseNumber(column, RequiredText(column));

        private double? OptionalNumber(string column)
        {
            var s = Text(column);
            return s.Length == 0 ? null : ParseNumber(column, s);
        }

        private DateTimeOffset Instant(string column)
        {
            var s = RequiredText(column);
            if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var v))
                throw Error(column, $"'{s}' is not a date and time (e.g. 2026-11-26T06:00:00+08:00)");
            if (!OffsetSuffix().IsMatch(s))
                throw Error(column, $"'{s}' has no UTC offset (e.g. 2026-11-26T06:00:00+08:00)");
            return v;
        }

        private List<double>? PerHeat(string column, bool required)
        {
            var s = required ? RequiredText(column) : Text(column);
            if (s.Length == 0) return null;
            return s.Split(HeatSeparator).Select(p => p.Trim()).Select((p, k) => p.Length == 0
                ? throw Error(column, $"value {k + 1} of '{s}' is empty")
                : ParseNumber(column, p)).ToList();
        }

        public Order ToOrder()
        {
            var id = RequiredText("id");
            var forge = PerHeat("forge_temp_c", required: true)!;
            var press = PerHeat("press_min", required: true)!;
            var force = PerHeat("min_force_mn", required: false);
            var finish = PerHeat("finish_temp_c", required: false);
            void SameCount(string column, List<double>? values)
            {
                if (values is not null && values.Count != forge.Count)
                    throw Error(column, $"has {values.Count} value{(values.Count == 1 ? "" : "s")} but forge_temp_c has {forge.Count} (one per heat, separated by ';')");
            }
            SameCount("press_min", press);
            SameCount("min_force_mn", force);
            SameCount("finish_temp_c", finish);
            // Same defaults as orders.json when a column is left empty.
            var heats = forge.Select((f, k) => new ForgingHeat(f, press[k], force?[k] ?? 0, finish?[k] ?? ForgingHeat.DefaultFinishTempC)).ToList();
            return new Order(
                id,
                Text("product"),
                Text("grade"),
                RequiredNumber("mass_t"),
                RequiredNumber("diameter_m"),
                Instant("release"),
                OptionalNumber("release_temp_c"),
                Instant("due"),
                OptionalNumber("weight") ?? 1.0,
                heats,
                RequiredText("heat_treatment"),
                OptionalNumber("cold_heating_h"));
        }
    }
}
