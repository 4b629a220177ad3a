using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Rescheduling;
using ForgeScheduler.Store;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

namespace ForgeScheduler.Api;

/// <summary>Problem details (RFC 9457) for everything the API refuses, in one place.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult UnknownPlant(string plant) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Unknown plant.",
        Detail = $"Plant '{plant}' is not known: PUT /api/v1/plants/{plant} with its plant.json first.",
        Extensions = { ["errors"] = new Dictionary<string, string[]> { ["plant"] = [$"'{plant}' is not known"] } },
    });

    public static ProblemHttpResult Status(int status, string title, string detail, string field) => TypedResults.Problem(new ProblemDetails
    {
        Status = status,
        Title = title,
        Detail = detail,
        Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } },
    });

    /// <summary>Problem details for a status the pipeline set without a body: a URL no route matches (404),
    /// a method the route does not take (405), a body type it does not read (415), a route or query value
    /// that does not bind (400).</summary>
    public static Task WriteStatusCodeProblemAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var what = $"{request.Method} {request.Path}";
        var problem = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => Status(404, "No such resource.",
                $"no route for {what}: the API is under /api/v1 (the OpenAPI document is /openapi/v1.json)", "url"),
            StatusCodes.Status405MethodNotAllowed => Status(405, "Method not allowed.",
                $"{request.Method} is not allowed on {request.Path}" + (http.Response.Headers.Allow.Count > 0 ? $"; allowed: {http.Response.Headers.Allow}" : ""), "method"),
            StatusCodes.Status415UnsupportedMediaType => Status(415, "Unsupported content type.",
                $"Content-Type '{request.ContentType ?? "(none)"}' is not read here: send application/json (orders also take application/xml, B2MML)", "Content-Type"),
            StatusCodes.Status400BadRequest => Status(400, "Bad request.", $"{what}: a route or query value has the wrong form", "url"),
            var status => Status(status, ReasonPhrases.GetReasonPhrase(status), $"{what} was refused ({status})", "request"),
        };
        return problem.ExecuteAsync(http);
    }

    /// <summary>The ETag of the current schedule version: <c>"N"</c>; <c>"0"</c> before the first.</summary>
    public static string ETagOf(int version) => $"\"{version}\"";

    /// <summary>The version an <c>If-Match: "N"</c> names (the newest if it lists several), passed to the
    /// plant grain, which checks it in its own turn (orders, events, cancel, reschedule); null without the
    /// header, with <c>*</c>, or with tags that name no version (<see cref="UnmatchableIfMatchAsync"/>).</summary>
    public static int? IfMatchVersion(HttpRequest request)
    {
        var tags = IfMatchTags(request);
        if (tags.Count == 0 || tags.Contains("*")) return null;
        int? newest = null;
        foreach (var tag in tags)
        {
            var quoted = tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
            if (quoted.Length > 2 && quoted[0] == '"' && quoted[^1] == '"'
                && int.TryParse(quoted[1..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
                newest = Math.Max(newest ?? version, version);
        }
        return newest;
    }

    /// <summary>412 for an <c>If-Match</c> none of whose tags is a schedule version (<c>"abc"</c>): no state
    /// of the plant can match it, so this answer needs no check against the grain's state. A tag that is a
    /// version is checked by the plant grain, atomically with the write.</summary>
    public static async Task<ProblemHttpResult?> UnmatchableIfMatchAsync(HttpContext http, IGrainFactory grains, string plant)
    {
        var tags = IfMatchTags(http.Request);
        if (tags.Count == 0 || tags.Contains("*") || IfMatchVersion(http.Request) is not null) return null;
        var current = await grains.CurrentVersionAsync(plant);
        var etag = ETagOf(current);
        http.Response.Headers.ETag = etag;
        return Status(StatusCodes.Status412PreconditionFailed, "The schedule has changed.",
            $"If-Match {http.Request.Headers.IfMatch} names no schedule version: the current schedule version is {current} (ETag {etag}). Reload and retry.", "If-Match");
    }

    private static List<string> IfMatchTags(HttpRequest request) =>
        [.. request.Headers.IfMatch.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];
}

/// <summary>Turns exceptions into problem details: bad input is never a 500. Only what is left (a bug,
/// a dead database) is a 500, logged with the trace id.</summary>
internal sealed partial class ForgeExceptionHandler(IProblemDetailsService problems, ILogger<ForgeExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, errors) = Classify(exception);
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            // The database or the solver pool will be back: tell the client when to retry, log it once
            // as a warning (no stack: it is not a bug).
            LogUnavailable(logger, http.Request.Method, http.Request.Path, exception.GetType().Name, exception.Message);
            http.Response.Headers.RetryAfter = RetryAfterSeconds(exception).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (status >= 500) LogUnexpected(logger, exception, http.Request.Method, http.Request.Path);
        http.Response.StatusCode = status;
        var details = new ProblemDetails { Status = status, Title = title, Detail = status >= 500 && errors is null ? null : Detail(exception, errors) };
        if (errors is not null) details.Extensions["errors"] = errors;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = details, Exception = exception });
    }

    private static string Detail(Exception e, IReadOnlyDictionary<string, string[]>? errors) =>
        errors is { Count: > 0 } ? string.Join("; ", errors.SelectMany(kv => kv.Value.Select(v => $"{kv.Key}: {v}"))) : e.Message;

    /// <summary>Seconds a client should wait before retrying a 503.</summary>
    public const int DatabaseRetryAfterSeconds = 5;

    private static int RetryAfterSeconds(Exception e) => e is SolverSaturatedException s ? s.RetryAfterSeconds : DatabaseRetryAfterSeconds;

    private static (int Status, string Title, IReadOnlyDictionary<string, string[]>? Errors) Classify(Exception e) =>
        Unavailable(e) is { } unavailable ? unavailable : ClassifyInput(e);

    /// <summary>A database that does not answer (connection refused, reset, timed out, shutting down) or a
    /// saturated solver pool is a 503 with Retry-After, not a 500: nothing is wrong with the request. The
    /// cause may arrive wrapped (an aggregate, or across a grain call as Orleans' stand-in for a type it
    /// does not carry), so the chain is searched.</summary>
    private static (int, string, IReadOnlyDictionary<string, string[]>?)? Unavailable(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is SolverSaturatedException s)
                return (StatusCodes.Status503ServiceUnavailable, "The solver is busy.", One("solver", s.Message));
            var typeName = x is Orleans.Serialization.UnavailableExceptionFallbackException f ? f.ExceptionType ?? "" : x.GetType().FullName ?? "";
            if (x is TimeoutException && typeName.StartsWith("System.", StringComparison.Ordinal))
                return (StatusCodes.Status503ServiceUnavailable, "The service is busy.",
                    One("request", $"the request timed out inside the service: retry in {DatabaseRetryAfterSeconds} s"));
            if (x is NpgsqlException or System.Net.Sockets.SocketException
                || typeName.StartsWith("Npgsql.", StringComparison.Ordinal) || typeName.StartsWith("System.Net.Sockets.", StringComparison.Ordinal)
                || (x is Orleans.Runtime.OrleansException && x.Message.Contains("Npgsql", StringComparison.Ordinal)))
                return (StatusCodes.Status503ServiceUnavailable, "The database is not available.",
                    One("database", $"the plant database does not answer; nothing was changed by this request unless it says so: retry in {DatabaseRetryAfterSeconds} s"));
        }
        return null;
    }

    private static (int Status, string Title, IReadOnlyDictionary<string, string[]>? Errors) ClassifyInput(Exception e) => e switch
    {
        ApiInputException a => (a.Status, a.Title, a.Errors),
        PlantRejectedException p => (p.Rejection.Status, p.Rejection.Title,
            p.Rejection.Problems.GroupBy(x => x.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(x => x.Message).ToArray(), StringComparer.Ordinal)),
        ForgeInputException f => (StatusCodes.Status422UnprocessableEntity, "The request has fields that are missing or make no sense.",
            ApiInputException.FromInput(f).Errors),
        UnknownPlantException u => (StatusCodes.Status404NotFound, "Unknown plant.", One("plant", u.Message)),
        IdempotencyConflictException i => (StatusCodes.Status409Conflict, "Idempotency key reused.", One("Idempotency-Key", i.Message)),
        ScheduleVersionConflictException s => (StatusCodes.Status409Conflict, "Schedule version conflict.", One("version", s.Message)),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "The body is too large.",
            One("body", $"at most {ApiInput.MaxBodyBytes} bytes (chunked bodies too)")),
        BadHttpRequestException b => (b.StatusCode, "Bad request.", BadRequestErrors(b)),
        System.Text.DecoderFallbackException d => (StatusCodes.Status400BadRequest, "The body is not valid UTF-8.",
            One("body", d.Index >= 0 ? $"invalid UTF-8 near byte {d.Index}: send UTF-8 text" : "invalid UTF-8: send UTF-8 text")),
        RescheduleInputException r => (StatusCodes.Status422UnprocessableEntity, "The events cannot be applied to the schedule in force.",
            r.Problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray())),
        // The grain checks again what the API checked; should it still refuse, it is the client's input.
        // Its parameter name is a C# name (t, value, ordersJson), not a field of the format: name the body, and
        // say in the format's words what a framework message would only say in its own.
        ArgumentException a => (StatusCodes.Status422UnprocessableEntity, "The plant refused the request.", One("body", PlainMessage(a))),
        OverflowException => (StatusCodes.Status422UnprocessableEntity, "The plant refused the request.",
            One("body", "a number or date is beyond what the planner can work with (check masses, sizes, times and dates)")),
        _ => (StatusCodes.Status500InternalServerError, "Internal error.", null),
    };

    private static Dictionary<string, string[]> One(string field, string message) => new() { [field] = [message] };

    /// <summary>Minimal API binding failures say <c>Failed to bind parameter "int? version" from "x".</c>:
    /// the parameter's name is the route or query name the client used.</summary>
    private static Dictionary<string, string[]> BadRequestErrors(BadHttpRequestException b)
    {
        var bind = System.Text.RegularExpressions.Regex.Match(b.Message, "parameter \"(?:[^\"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\" from \"(?<value>.*)\"");
        if (bind.Success)
            return One(bind.Groups["name"].Value, $"'{bind.Groups["value"].Value}' has the wrong form (a whole number, e.g. ?version=3)");
        var required = System.Text.RegularExpressions.Regex.Match(b.Message, "parameter \"(?:[^\"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\" was not provided");
        return required.Success ? One(required.Groups["name"].Value, "is required") : One("request", b.Message);
    }

    /// <summary>An argument exception's message without the C# parameter suffix; a framework's own
    /// (DateTime arithmetic, collection sizes) becomes a sentence about the input.</summary>
    private static string PlainMessage(ArgumentException a)
    {
        if (a.Source is { } source && (source.StartsWith("System.", StringComparison.Ordinal) || source.StartsWith("Microsoft.", StringComparison.Ordinal)))
            return "a value is beyond what the planner can work with (check masses, sizes, times and dates)";
        var message = a.Message;
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "Unavailable on {Method} {Path}: {Kind}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string kind, string reason);

    [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "Unexpected error on {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
