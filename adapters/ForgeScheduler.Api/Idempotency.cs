using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Store;

namespace ForgeScheduler.Api;

/// <summary>The <c>Idempotency-Key</c> header: a retry with the same key and the same request gets the
/// first answer again without doing the work twice; the same key with another request is a 409. The
/// plant grain records the key in the same transaction as the write it guards (orders, events), so of
/// concurrent requests with one key exactly one is applied — the API only reads the header.</summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";

    public const int MaxKeyLength = 200;

    /// <summary>The key and the hash of this request (method, path, body); null without the header.</summary>
    public static RequestClaim? ClaimOf(HttpContext http, string body)
    {
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key)) return null;
        if (key.Length > MaxKeyLength)
            throw new ApiInputException(StatusCodes.Status400BadRequest, "Idempotency key too long.",
                new Dictionary<string, string[]> { [Header] = [$"at most {MaxKeyLength} characters"] });
        return new RequestClaim { Key = key, RequestHash = ContentHash.Of($"{http.Request.Method} {http.Request.Path}\n{body}") };
    }
}
