using ForgeScheduler.Formats;
using ForgeScheduler.Mes.B2mml;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace ForgeScheduler.Api;

/// <summary>Reschedule, the published schedule (JSON or B2MML, with ETag = version), its history and KPIs.</summary>
public static class ScheduleApi
{
    public const string XmlType = "application/xml";

    public static IEndpointRouteBuilder MapScheduleApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/plants/{plant}").WithTags("Schedule");
        group.MapPost("/reschedule", Reschedule).WithName("Reschedule").AddEndpointFilter<ApiKeyFilter>();
        group.MapGet("/schedule", GetSchedule).WithName("GetSchedule")
            .Produces<ScheduleDocument>(StatusCodes.Status200OK, "application/json", XmlType);
        group.MapGet("/schedule/versions", ListVersions).WithName("ListScheduleVersions");
        group.MapGet("/kpis", GetKpis).WithName("GetKpis");
        return routes;
    }

    public static async Task<Results<Ok<RescheduleResponse>, ProblemHttpResult>> Reschedule(string plant, HttpContext http,
        PlantService plants, CancellationToken cancellationToken)
    {
        if (await plants.LoadAsync(plant, cancellationToken) is null) return ApiProblems.UnknownPlant(plant);
        if (await ApiProblems.StaleIfMatchAsync(http, plants, plant, cancellationToken) is { } stale) return stale;
        var result = await plants.RescheduleAsync(plant, cancellationToken);
        if (result is null) return ApiProblems.UnknownPlant(plant);
        http.Response.Headers.ETag = ApiProblems.ETagOf(result.Version);
        return TypedResults.Ok(result);
    }

    /// <summary>The current version (or <c>?version=N</c>) as schedule.json, or B2MML with
    /// <c>Accept: application/xml</c>. <c>If-None-Match</c> with the current ETag → 304.</summary>
    public static async Task<Results<ContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetSchedule(string plant, int? version,
        HttpContext http, PlantService plants, CancellationToken cancellationToken)
    {
        var current = await plants.CurrentVersionAsync(plant, cancellationToken);
        if (current is null) return ApiProblems.UnknownPlant(plant);
        if (current == 0)
            return ApiProblems.Status(StatusCodes.Status404NotFound, "No schedule yet.", $"plant '{plant}' has no schedule: POST …/reschedule", "version");
        var wanted = version ?? current.Value;
        var etag = ApiProblems.ETagOf(wanted);
        var ifNoneMatch = http.Request.Headers.IfNoneMatch.ToString();
        http.Response.Headers.ETag = etag;
        if (ifNoneMatch.Length > 0 && ifNoneMatch.Split(',', StringSplitOptions.TrimEntries).Any(t => t == etag || t == "*"))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var stored = await plants.Store.GetScheduleAsync(plant, wanted, cancellationToken);
        if (stored is null)
            return ApiProblems.Status(StatusCodes.Status404NotFound, "Unknown version.", $"plant '{plant}' has no schedule version {wanted}", "version");
        if (WantsXml(http.Request))
        {
            var (p, book) = (await plants.PlantAndBookAsync(plant, cancellationToken))!.Value;
            var schedule = ScheduleFile.Parse(stored.ScheduleJson, "stored schedule");
            return TypedResults.Content(B2mmlSchedule.Write(p, book, schedule), XmlType + "; charset=utf-8");
        }
        return TypedResults.Content(stored.ScheduleJson, "application/json; charset=utf-8");
    }

    public static async Task<Results<Ok<IReadOnlyList<VersionSummary>>, ProblemHttpResult>> ListVersions(string plant, PlantService plants,
        CancellationToken cancellationToken)
    {
        if (await plants.CurrentVersionAsync(plant, cancellationToken) is null) return ApiProblems.UnknownPlant(plant);
        var versions = await plants.Store.ListScheduleVersionsAsync(plant, 50, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<VersionSummary>>(versions.Select(v =>
        {
            var k = PlantService.ReadKpis(v.KpisJson);
            return new VersionSummary(v.Version, v.Method, v.SavedAt, k?.Diff, k?.SolverStatus, k?.Planned.EnergyKwh, k?.Planned.Co2Kg,
                k?.Planned.LateOrders, k?.Planned.WeightedTardinessH);
        }).ToList());
    }

    public static async Task<Results<Ok<KpisResponse>, ProblemHttpResult>> GetKpis(string plant, PlantService plants,
        CancellationToken cancellationToken)
    {
        var current = await plants.CurrentVersionAsync(plant, cancellationToken);
        if (current is null) return ApiProblems.UnknownPlant(plant);
        var stored = current == 0 ? null : await plants.Store.GetScheduleAsync(plant, current, cancellationToken);
        if (stored is null || PlantService.ReadKpis(stored.KpisJson) is not { } k)
            return ApiProblems.Status(StatusCodes.Status404NotFound, "No schedule yet.", $"plant '{plant}' has no schedule: POST …/reschedule", "version");
        return TypedResults.Ok(new KpisResponse(k.Version, k.Planned, k.Baseline, k.Limit, KpiComparison.Of(k.Planned, k.Baseline)) { BaselineRule = k.BaselineRule });
    }

    private static bool WantsXml(HttpRequest request) =>
        request.GetTypedHeaders().Accept is { Count: > 0 } accept
        && accept.Any(a => a.MediaType.Value is "application/xml" or "text/xml")
        && !accept.Any(a => a.MediaType.Value == "application/json" && (a.Quality ?? 1) >= (accept.First(x => x.MediaType.Value is "application/xml" or "text/xml").Quality ?? 1));
}
