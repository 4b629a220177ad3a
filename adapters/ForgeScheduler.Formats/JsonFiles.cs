using System.Text.Json;
using System.Text.Json.Serialization;

namespace ForgeScheduler.Formats;

/// <summary>Shared JSON settings (snake_case, comments allowed) and file reading with errors that
/// name the file, line and column.</summary>
public static class JsonFiles
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
        // A misspelt field ("weigth") or one given twice must not be dropped silently: the value the
        // user meant would be replaced by a default without a word.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        MaxDepth = 32,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string ReadText(string path)
    {
        if (!File.Exists(path)) throw new ForgeInputException(path, "file", "not found");
        try { return File.ReadAllText(path); }
        catch (IOException e) { throw new ForgeInputException(path, "file", e.Message); }
        catch (UnauthorizedAccessException e) { throw new ForgeInputException(path, "file", e.Message); }
    }

    public static T Deserialize<T>(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                   ?? throw new ForgeInputException(source, "document", "is empty (null)");
        }
        catch (JsonException e)
        {
            // System.Text.Json counts lines and bytes from 0; people count from 1.
            var where = e.LineNumber is { } line
                ? $"line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}"
                : "document";
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" (field {e.Path.TrimStart('$', '.')})";
            throw new ForgeInputException(source, where + field, CleanMessage(e.Message));
        }
    }

    public static void Write<T>(string path, T value)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, JsonSerializer.Serialize(value, Options));
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static string CleanMessage(string message)
    {
        // Say what is wrong in the format's words, not in .NET's (type names, JsonNumberHandling …).
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return "is not a field of this format (misspelt?); see docs/formats.md";
        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
            return "is given more than once";
        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
            return "is nested too deeply";
        if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            var kind = message.Contains("Double", StringComparison.Ordinal) || message.Contains("Int32", StringComparison.Ordinal)
                ? "a finite number"
                : message.Contains("DateTimeOffset", StringComparison.Ordinal) ? "a date-time with an offset (ISO 8601)"
                : message.Contains("String", StringComparison.Ordinal) ? "a string"
                : message.Contains("List", StringComparison.Ordinal) ? "an array"
                : "an object or value of another kind";
            return $"must be {kind}";
        }
        // Drop System.Text.Json's own "Path: … | LineNumber: …" tail; we already said where.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = cut > 0 ? message[..cut] : message;
        return text.Replace("System.", "", StringComparison.Ordinal).Trim();
    }
}
