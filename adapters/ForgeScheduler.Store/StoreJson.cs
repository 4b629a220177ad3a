using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ForgeScheduler.Store;

/// <summary>SHA-256 of a document's text, lower-case hex: the content hash the order upsert compares.</summary>
public static class ContentHash
{
    public static string Of(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

internal static class StoreArgs
{
    // Both stores reject the same bad input, so the in-memory store cannot accept what PostgreSQL's
    // jsonb column would refuse.
    public static void Json(string json, string paramName)
    {
        ArgumentNullException.ThrowIfNull(json, paramName);
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Not valid JSON: {e.Message}", paramName, e);
        }
    }

    public static void Id(string value, string paramName) => ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);

    public static void Positive(int value, string paramName) => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, paramName);

    /// <summary>Equality as jsonb sees it: key order and whitespace do not matter.</summary>
    public static bool SameDocument(string a, string b) => JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b));
}
