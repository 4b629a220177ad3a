using System.Text.Json;
using ForgeScheduler.Formats;
using ForgeScheduler.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ForgeScheduler.Api;

/// <summary>The <c>Idempotency-Key</c> header: a retry with the same key and the same request gets the
/// first answer again without doing the work twice; the same key with another request is a 409.</summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";

    public static async Task<Results<Ok<T>, ProblemHttpResult>> RunAsync<T>(HttpContext http, IPlantStore store, string plant,
        string body, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key)) return TypedResults.Ok(await work());
        if (key.Length > 200)
            return ApiProblems.Status(StatusCodes.Status400BadRequest, "Idempotency key too long.", "at most 200 characters", Header);
        var requestHash = ContentHash.Of($"{http.Request.Method} {http.Request.Path}\n{body}");
        var seen = await store.GetIdempotencyKeyAsync(plant, key, cancellationToken);
        if (seen is not null) return Answer<T>(seen.RequestHash == requestHash, seen.ResponseJson, key);
        var response = await work();
        var recorded = await store.TryRecordIdempotencyKeyAsync(plant, key, requestHash, JsonFiles.Serialize(response), cancellationToken);
        return recorded.Outcome switch
        {
            IdempotencyOutcome.Recorded => TypedResults.Ok(response),
            // Two retries raced: the first one's answer is the answer.
            _ => Answer<T>(recorded.Outcome == IdempotencyOutcome.Replayed, recorded.ResponseJson, key),
        };
    }

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(bool sameRequest, string? responseJson, string key) =>
        sameRequest && responseJson is not null
            ? TypedResults.Ok(JsonSerializer.Deserialize<T>(responseJson, JsonFiles.Options)!)
            : ApiProblems.Status(StatusCodes.Status409Conflict, "Idempotency key reused.",
                $"Idempotency-Key '{key}' was already used for a different request.", Header);
}
