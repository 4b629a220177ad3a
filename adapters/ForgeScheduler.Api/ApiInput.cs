using System.Text.Json;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Api;

/// <summary>Bad input found while reading a request: 400 when the body is not JSON (with line and
/// column), 422 when it is JSON but a field is missing, of the wrong type or makes no sense for the plant.
/// Thrown by the readers, turned into problem details by one filter (<see cref="ApiProblems"/>).</summary>
public sealed class ApiInputException(int status, string title, IReadOnlyDictionary<string, string[]> errors) : Exception(title)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static ApiInputException Unprocessable(IEnumerable<(string Field, string Problem)> problems) =>
        new(StatusCodes.Status422UnprocessableEntity, "The request has fields that are missing or make no sense.",
            problems.GroupBy(p => p.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Problem).ToArray(), StringComparer.Ordinal));

    public static ApiInputException Unprocessable(string field, string problem) => Unprocessable([(field, problem)]);

    public static ApiInputException FromInput(ForgeInputException e) =>
        Unprocessable(e.AllProblems.Count > 0 ? e.AllProblems : [(e.Location, e.Problem)]);

    public static ApiInputException FromChecks(IReadOnlyList<InputProblem> problems, string prefix = "") =>
        Unprocessable(problems.Select(p => (prefix + p.Field, p.Message)));
}

/// <summary>Reads request bodies: syntax first (400 with line/column), then the file format's DTOs
/// (422 naming the field), so nothing a client sends can reach a 500.</summary>
public static class ApiInput
{
    public const long MaxBodyBytes = 16 * 1024 * 1024;

    public static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
            throw new ApiInputException(StatusCodes.Status413PayloadTooLarge, "The body is too large.",
                new Dictionary<string, string[]> { ["body"] = [$"at most {MaxBodyBytes} bytes"] });
        var text = await ReadTextAsync(request, cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
            throw new ApiInputException(StatusCodes.Status400BadRequest, "The body is empty.",
                new Dictionary<string, string[]> { ["body"] = ["a JSON document is required"] });
        return text;
    }

    /// <summary>Strict UTF-8: an invalid byte is a 400 (<see cref="System.Text.DecoderFallbackException"/>),
    /// not a U+FFFD that would make two different ids one.</summary>
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The body as text, at most <see cref="MaxBodyBytes"/> (Kestrel stops a longer one, chunked or
    /// not, with a 413), decoded as strict UTF-8.</summary>
    public static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, StrictUtf8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>Parses the body as JSON or throws a 400 naming the line and column (1-based).</summary>
    public static JsonDocument ParseJson(string text)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            var where = $"line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}";
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            throw new ApiInputException(StatusCodes.Status400BadRequest, "The body is not valid JSON.",
                new Dictionary<string, string[]> { ["body"] = [$"{where}: {message.Trim()}"] });
        }
    }

    /// <summary>Maps JSON to a file-format DTO; a value of the wrong type is a 422 naming its field.</summary>
    public static T Deserialize<T>(JsonElement element, string prefix = "")
    {
        try
        {
            return element.Deserialize<T>(JsonFiles.Options)
                   ?? throw ApiInputException.Unprocessable(prefix.Length == 0 ? "body" : prefix, "is null");
        }
        catch (JsonException e)
        {
            var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : e.Path.TrimStart('$', '.');
            var field = prefix.Length == 0 ? (path.Length == 0 ? "body" : path) : (path.Length == 0 ? prefix : $"{prefix}.{path}");
            var message = e.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            throw ApiInputException.Unprocessable(field, Friendly(message.Replace("System.", "", StringComparison.Ordinal).Trim()));
        }
    }

    /// <summary>"could not be converted to Nullable`1[Double]" says nothing to a MES integrator; name the type.</summary>
    private static string Friendly(string message)
    {
        if (!message.Contains("could not be converted to", StringComparison.Ordinal)) return message;
        var expected = message switch
        {
            _ when message.Contains("Double", StringComparison.Ordinal) => "a number (in the unit the field's name says, e.g. mass_t in tonnes)",
            _ when message.Contains("Int32", StringComparison.Ordinal) => "a whole number",
            _ when message.Contains("DateTimeOffset", StringComparison.Ordinal) => "an ISO 8601 date-time with an offset (2026-11-26T06:00:00+08:00)",
            _ when message.Contains("List", StringComparison.Ordinal) => "an array",
            _ when message.Contains("String", StringComparison.Ordinal) => "a string",
            _ => "another type",
        };
        return $"has the wrong type: expected {expected}";
    }

    /// <summary>Runs a file-format mapping; its <see cref="ForgeInputException"/> becomes a 422.</summary>
    public static T Map<T>(Func<T> map)
    {
        try { return map(); }
        catch (ForgeInputException e) { throw ApiInputException.FromInput(e); }
    }
}
