using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ForgeScheduler.Api;

/// <summary><c>PUT /api/v1/plants/{plant}</c> (plant.json) and <c>GET /api/v1/plants</c>.</summary>
public static class PlantsApi
{
    public static RouteGroupBuilder MapPlantsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/plants").WithTags("Plants");
        group.MapGet("/", ListPlants).WithName("ListPlants");
        group.MapGet("/{plant}", GetPlant).WithName("GetPlant");
        group.MapGet("/{plant}/status", GetStatus).WithName("GetPlantStatus");
        group.MapPut("/{plant}", PutPlant).WithName("PutPlant").AddEndpointFilter<ApiKeyFilter>()
            .Accepts<PlantDocument>("application/json");
        return group;
    }

    public static async Task<Ok<IReadOnlyList<PlantSummary>>> ListPlants(IPlantStore store, CancellationToken cancellationToken)
    {
        var stored = await store.ListPlantsAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<PlantSummary>>(stored.Select(p => new PlantSummary(p.PlantId, p.Revision, p.UpdatedAt)).ToList());
    }

    /// <summary>The plant as the plant grain holds it, as plant.json.</summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetPlant(string plant, IGrainFactory grains)
    {
        var known = await grains.PlantAsync(plant);
        return known is null ? ApiProblems.UnknownPlant(plant)
            : TypedResults.Content(JsonFiles.Serialize(PlantFile.ToDocument(known)), "application/json; charset=utf-8");
    }

    /// <summary>The plant grain's status: orders, current version, a solve running, the silo that hosts it.</summary>
    public static async Task<Results<Ok<PlantStatus>, ProblemHttpResult>> GetStatus(string plant, IGrainFactory grains)
    {
        var status = await grains.Grain(plant).GetStatus();
        return status.HasPlant ? TypedResults.Ok(status) : ApiProblems.UnknownPlant(plant);
    }

    public static async Task<Results<Created<PlantResponse>, Ok<PlantResponse>, ProblemHttpResult>> PutPlant(
        string plant, HttpContext http, IGrainFactory grains, IPlantStore store, CancellationToken cancellationToken)
    {
        var body = await ApiInput.ReadBodyAsync(http.Request, cancellationToken);
        var domain = Read(body, plant);
        await grains.Grain(plant).SetPlant(domain, cancellationToken);
        // The store's plant row is the directory of plants (listing, revisions, idempotency keys); the
        // plant grain holds the plant the planner uses.
        var outcome = await store.UpsertPlantAsync(plant, JsonFiles.Serialize(PlantFile.ToDocument(domain)), cancellationToken);
        var stored = await store.GetPlantAsync(plant, cancellationToken);
        var response = new PlantResponse(plant, stored?.Revision ?? 1, outcome.ToString().ToLowerInvariant());
        return outcome == UpsertOutcome.Inserted
            ? TypedResults.Created($"/api/v1/plants/{plant}", response)
            : TypedResults.Ok(response);
    }

    /// <summary>plant.json → Plant: 400 for broken JSON, 422 for missing or senseless fields (InputChecks).</summary>
    public static Plant Read(string body, string plantId)
    {
        using var json = ApiInput.ParseJson(body);
        var doc = ApiInput.Deserialize<PlantDocument>(json.RootElement);
        doc.Id ??= plantId;
        if (doc.Id != plantId) throw ApiInputException.Unprocessable("id", $"'{doc.Id}' does not match the plant in the URL ('{plantId}')");
        var plant = ApiInput.Map(() => PlantFile.ToDomain(doc, "body"));
        var problems = InputChecks.CheckPlant(plant);
        if (problems.Count > 0) throw ApiInputException.FromChecks(problems);
        return plant;
    }
}
