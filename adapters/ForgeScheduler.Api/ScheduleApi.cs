using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Formats;
using ForgeScheduler.Metrics;
using ForgeScheduler.Mes.B2mml;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace ForgeScheduler.Api;

/// <summary>Reschedule, the published schedule (JSON or B2MML, with ETag = version), its history and KPIs.</summary>
public static partial class ScheduleApi
{
    public const string XmlType = "application/xml";

    public static IEndpointRouteBuilder MapScheduleApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/plants/{plant}").WithTags("Schedule");
        group.MapPost("/reschedule", Reschedule).WithName("Reschedule").AddEndpointFilter<ApiKeyFilter>().AddEndpointFilter<IfMatchFilter>();
        group.MapGet("/schedule", GetSchedule).WithName("GetSchedule")
            .Produces<ScheduleDocument>(StatusCodes.Status200OK, "application/json", XmlType);
        group.MapGet("/schedule/versions", ListVersions).WithName("ListScheduleVersions");
        group.MapGet("/kpis", GetKpis).WithName("GetKpis");
        return routes;
    }

    /// <summary>Solves now, or as of <c>now</c> (query <c>?now=</c> or body <c>{"now": "…"}</c>: replay,
    /// simulation, tests). A plan that breaks the plant's rules is not published: 422 naming the rules,
    /// the version in force stays current.</summary>
    public static async Task<Results<Ok<RescheduleResponse>, ProblemHttpResult>> Reschedule(string plant, HttpContext http,
        IGrainFactory grains, IForgeTelemetry telemetry, TimeProvider clock, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var grain = grains.Grain(plant);
        if (!(await grain.GetStatus()).HasPlant) return ApiProblems.UnknownPlant(plant);
        if (await ApiProblems.UnmatchableIfMatchAsync(http, grains, plant) is { } stale) return stale;
        var now = await ReadNowAsync(http, cancellationToken);
        var started = clock.GetTimestamp();
        RescheduleResult result;
        try
        {
            // The grain checks and claims the version in one turn, so of concurrent requests with one
            // If-Match exactly one makes the next version.
            result = ApiProblems.IfMatchVersion(http.Request) is { } expected
                ? await grain.RescheduleIfCurrent(expected, now, cancellationToken)
                : await grain.RescheduleAt(now, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            return ApiProblems.Status(StatusCodes.Status409Conflict, "Nothing to schedule yet.", e.Message, "orders");
        }
        telemetry.RescheduleFinished(plant, clock.GetElapsedTime(started).TotalSeconds, result.Gap, result.SolverStatus);
        LogRescheduled(logs.CreateLogger("ForgeScheduler.Api.Reschedule"), plant, result.Version, result.Published, result.SolverStatus.Text,
            result.SolveSeconds);
        if (!result.Published)
        {
            http.Response.Headers.ETag = ApiProblems.ETagOf(result.Version);
            return TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "The new plan breaks the plant's rules; it was not published.",
                Detail = $"{result.Violations} violations ({string.Join("; ", result.BrokenRules)}); version {result.Version} stays current.",
                Extensions =
                {
                    ["errors"] = new Dictionary<string, string[]> { ["violations"] = [.. result.BrokenRules] },
                    ["current_version"] = result.Version,
                },
            });
        }
        var version = (await grain.GetSchedule(result.Version))!;
        await grains.ReportPublishedAsync(telemetry, plant, version, changed: true);
        var report = result.Report
                     ?? throw new InvalidOperationException($"plant '{plant}': version {result.Version} has no KPI report");
        http.Response.Headers.ETag = ApiProblems.ETagOf(result.Version);
        return TypedResults.Ok(new RescheduleResponse(result.Version, result.PreviousVersion, DiffDocument.Of(result.Diff), result.SolverStatus.Text,
            result.SolveSeconds, result.Violations, result.Operations, report.Planned, report.Baseline));
    }

    private static async Task<DateTimeOffset?> ReadNowAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Request.Query.TryGetValue("now", out var query) && query.Count > 0)
            return DateTimeOffset.TryParse(query[0], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var q)
                ? q : throw ApiInputException.Unprocessable("now", $"'{query[0]}' is not an ISO 8601 date-time with an offset");
        var body = await ApiInput.ReadTextAsync(http.Request, cancellationToken);
        if (string.IsNullOrWhiteSpace(body)) return null;
        using var json = ApiInput.ParseJson(body);
        if (json.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object) throw ApiInputException.Unprocessable("body", "must be a JSON object {\"now\": …}");
        return ApiInput.Deserialize<RescheduleRequest>(json.RootElement).Now;
    }

    /// <summary>The current version (or <c>?version=N</c>) as schedule.json, or B2MML with
    /// <c>Accept: application/xml</c>. <c>If-None-Match</c> with the current ETag → 304.</summary>
    public static async Task<Results<ContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetSchedule(string plant, int? version,
        HttpContext http, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var status = await grains.Grain(plant).GetStatus();
        if (!status.HasPlant) return ApiProblems.UnknownPlant(plant);
        int? current = status.CurrentVersion;
        if (current == 0)
            return ApiProblems.Status(StatusCodes.Status404NotFound, "No schedule yet.", $"plant '{plant}' has no schedule: POST …/reschedule", "version");
        var wanted = version ?? current.Value;
        var etag = ApiProblems.ETagOf(wanted);
        var ifNoneMatch = http.Request.Headers.IfNoneMatch.ToString();
        http.Response.Headers.ETag = etag;
        if (ifNoneMatch.Length > 0 && ifNoneMatch.Split(',', StringSplitOptions.TrimEntries).Any(t => t == etag || t == "*"))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var stored = await grains.Grain(plant).GetSchedule(wanted);
        if (stored is null)
            return ApiProblems.Status(StatusCodes.Status404NotFound, "Unknown version.",
                $"plant '{plant}' has no schedule version {wanted} (the last {PlantGrainHistory.KeptVersions} versions are kept)", "version");
        if (WantsXml(http.Request))
        {
            var p = (await grains.PlantAsync(plant))!;
            var book = await grains.BookAsync(plant);
            return TypedResults.Content(B2mmlSchedule.Write(p, book, stored.Schedule), XmlType + "; charset=utf-8");
        }
        return TypedResults.Content(PlantReads.ScheduleDocumentJson(stored), "application/json; charset=utf-8");
    }

    public static async Task<Results<Ok<IReadOnlyList<VersionSummary>>, ProblemHttpResult>> ListVersions(string plant, IGrainFactory grains)
    {
        var grain = grains.Grain(plant);
        if (!(await grain.GetStatus()).HasPlant) return ApiProblems.UnknownPlant(plant);
        var versions = await grain.GetVersions();
        return TypedResults.Ok<IReadOnlyList<VersionSummary>>(versions.Select(v =>
        {
            var k = v.Report;
            return new VersionSummary(v.Version, v.Method, v.CreatedAt, DiffDocument.Of(v.Diff), v.SolverStatus.Text, k?.Planned.EnergyKwh, k?.Planned.Co2Kg,
                k?.Planned.LateOrders, k?.Planned.WeightedTardinessH);
        }).ToList());
    }

    public static async Task<Results<Ok<KpisResponse>, ProblemHttpResult>> GetKpis(string plant, IGrainFactory grains, IForgeTelemetry telemetry)
    {
        var grain = grains.Grain(plant);
        if (!(await grain.GetStatus()).HasPlant) return ApiProblems.UnknownPlant(plant);
        var current = await grain.GetSchedule();
        if (current is null || current.Report is not { } k)
            return ApiProblems.Status(StatusCodes.Status404NotFound, "No schedule yet.", $"plant '{plant}' has no schedule: POST …/reschedule", "version");
        // A version made in the background (after events) reaches the metrics when it is read.
        await grains.ReportPublishedAsync(telemetry, plant, current, changed: false);
        return TypedResults.Ok(new KpisResponse(current.Version, k.Planned, k.Baseline, k.Limit, KpiComparison.Of(k.Planned, k.Baseline)) { BaselineRule = k.BaselineRule });
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Plant {Plant}: reschedule → version {Version} (published {Published}, {Status}, {Seconds:F1} s)")]
    private static partial void LogRescheduled(ILogger logger, string plant, int version, bool published, string status, double seconds);

    private static bool WantsXml(HttpRequest request) =>
        request.GetTypedHeaders().Accept is { Count: > 0 } accept
        && accept.Any(a => a.MediaType.Value is "application/xml" or "text/xml")
        && !accept.Any(a => a.MediaType.Value == "application/json" && (a.Quality ?? 1) >= (accept.First(x => x.MediaType.Value is "application/xml" or "text/xml").Quality ?? 1));
}
