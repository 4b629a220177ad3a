using System.Globalization;
using ForgeScheduler.Solver.Learning;

namespace ForgeScheduler.Formats;

/// <summary>Cooling measurements for <c>forge fit-cooling</c> (docs/formats.md): one reading a line,
/// <c>piece,grade,diameter_m,ambient_c,t0_c,minutes,temp_c</c>. Errors name the line and column.</summary>
public static class CoolingMeasurementsCsv
{
    public static IReadOnlyList<string> Columns { get; } = ["piece", "grade", "diameter_m", "ambient_c", "t0_c", "minutes", "temp_c"];

    public static IReadOnlyList<CoolingMeasurement> Load(string path) => Parse(JsonFiles.ReadText(path), path);

    public static IReadOnlyList<CoolingMeasurement> Parse(string text, string source)
    {
        // Plain comma splitting: every field is a name or a number, none needs quoting.
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var headerLine = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerLine < 0) throw new ForgeInputException(source, "line 1", "the file is empty; it needs a header line");
        var header = lines[headerLine].Split(',').Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = Columns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new ForgeInputException(source, $"line {headerLine + 1}", $"missing column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}");
        var index = Columns.ToDictionary(c => c, c => header.IndexOf(c));
        var result = new List<CoolingMeasurement>();
        for (var n = headerLine + 1; n < lines.Length; n++)
        {
            if (lines[n].Trim().Length == 0) continue;
            var fields = lines[n].Split(',').Select(f => f.Trim()).ToArray();
            var line = n + 1;
            string Text(string column)
            {
                var i = index[column];
                var s = i < fields.Length ? fields[i] : "";
                return s.Length > 0 ? s : throw new ForgeInputException(source, $"line {line}, column {column}", "is required");
            }
            double Number(string column)
            {
                var s = Text(column);
                return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                    ? v
                    : throw new ForgeInputException(source, $"line {line}, column {column}", $"'{s}' is not a number");
            }
            var m = new CoolingMeasurement(Text("piece"), Text("grade"), Number("diameter_m"), Number("ambient_c"),
                Number("t0_c"), Number("minutes"), Number("temp_c"));
            if (m.DiameterMetres <= 0) throw new ForgeInputException(source, $"line {line}, column diameter_m", "must be positive");
            if (m.Minutes < 0) throw new ForgeInputException(source, $"line {line}, column minutes", "must not be negative");
            result.Add(m);
        }
        if (result.Count == 0) throw new ForgeInputException(source, "file", "has no measurements");
        return result;
    }
}
