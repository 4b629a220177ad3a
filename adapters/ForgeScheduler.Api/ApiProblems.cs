using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Rescheduling;
using ForgeScheduler.Store;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

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

    /// <summary>The ETag of the current schedule version: <c>"N"</c>; <c>"0"</c> before the first.</summary>
    public static string ETagOf(int version) => $"\"{version}\"";

    /// <summary>412 when the client sent <c>If-Match</c> with a version that is no longer current: it
    /// decided on a schedule someone has since replaced.</summary>
    public static async Task<ProblemHttpResult?> StaleIfMatchAsync(HttpContext http, IGrainFactory grains, string plant)
    {
        var ifMatch = http.Request.Headers.IfMatch;
        if (ifMatch.Count == 0) return null;
        var current = await grains.CurrentVersionAsync(plant);
        var etag = ETagOf(current);
        var tags = ifMatch.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        if (tags.Any(t => t == "*" || t == etag || t == $"W/{etag}")) return null;
        http.Response.Headers.ETag = etag;
        return Status(StatusCodes.Status412PreconditionFailed, "The schedule has changed.",
            $"If-Match {ifMatch} is stale: the current schedule version is {current} (ETag {etag}). Reload and retry.", "If-Match");
    }
}

/// <summary>Turns exceptions into problem details: bad input is never a 500. Only what is left (a bug,
/// a dead database) is a 500, logged with the trace id.</summary>
internal sealed partial class ForgeExceptionHandler(IProblemDetailsService problems, ILogger<ForgeExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, errors) = Classify(exception);
        if (status >= 500) LogUnexpected(logger, exception, http.Request.Method, http.Request.Path);
        http.Response.StatusCode = status;
        var details = new ProblemDetails { Status = status, Title = title, Detail = status >= 500 ? null : Detail(exception, errors) };
        if (errors is not null) details.Extensions["errors"] = errors;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = details, Exception = exception });
    }

    private static string Detail(Exception e, IReadOnlyDictionary<string, string[]>? errors) =>
        errors is { Count: > 0 } ? string.Join("; ", errors.SelectMany(kv => kv.Value.Select(v => $"{kv.Key}: {v}"))) : e.Message;

    private static (int Status, string Title, IReadOnlyDictionary<string, string[]>? Errors) Classify(Exception e) => e switch
    {
        ApiInputException a => (a.Status, a.Title, a.Errors),
        PlantRejectedException p => (p.Rejection.Status, p.Rejection.Title,
            p.Rejection.Problems.GroupBy(x => x.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(x => x.Message).ToArray(), StringComparer.Ordinal)),
        ForgeInputException f => (StatusCodes.Status422UnprocessableEntity, "The request has fields that are missing or make no sense.",
            ApiInputException.FromInput(f).Errors),
        UnknownPlantException u => (StatusCodes.Status404NotFound, "Unknown plant.", One("plant", u.Message)),
        IdempotencyConflictException i => (StatusCodes.Status409Conflict, "Idempotency key reused.", One("Idempotency-Key", i.Message)),
        ScheduleVersionConflictException s => (StatusCodes.Status409Conflict, "Schedule version conflict.", One("version", s.Message)),
        BadHttpRequestException b => (b.StatusCode, "Bad request.", One("request", b.Message)),
        RescheduleInputException r => (StatusCodes.Status422UnprocessableEntity, "The events cannot be applied to the schedule in force.",
            r.Problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray())),
        // The grain checks again what the API checked; should it still refuse, it is the client's input.
        ArgumentException a => (StatusCodes.Status422UnprocessableEntity, "The plant refused the request.", One(a.ParamName ?? "body", a.Message)),
        _ => (StatusCodes.Status500InternalServerError, "Internal error.", null),
    };

    private static Dictionary<string, string[]> One(string field, string message) => new() { [field] = [message] };

    [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "Unexpected error on {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
