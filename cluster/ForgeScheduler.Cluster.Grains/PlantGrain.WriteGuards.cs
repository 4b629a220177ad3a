using System.Text.Json;
using ForgeScheduler.Cluster.Contracts;

namespace ForgeScheduler.Cluster.Grains;

// What every write checks before it commits: If-Match (the version the client decided on) and the Idempotency-Key's earlier answer.
internal sealed partial class PlantGrain
{
    /// <summary>If-Match on a write, checked while this activation holds <see cref="_writes"/> (writes are
    /// one at a time, so the check and the claim after the commit cannot interleave with another write):
    /// the version named must be current, and no other conditional write may have been applied on it —
    /// that write changed the plant the client decided on. Unconditional writes neither check nor claim.</summary>
    private void CheckCondition(int? expectedVersion)
    {
        if (expectedVersion is not { } expected) return;
        var current = state.State.LastVersion;
        if (expected != current)
            throw PlantRejectedException.PreconditionFailed(
                $"If-Match \"{expected}\" is stale: the current schedule version is {current} (ETag \"{current}\"). Reload and retry.", current);
        if (_writtenOnVersion == expected)
            throw PlantRejectedException.PreconditionFailed(
                $"If-Match \"{expected}\": another conditional write was already applied on version {expected}; the plant has changed since. Reload and retry.", current);
    }

    /// <summary>A conditional write committed: its version is taken (see <see cref="CheckCondition"/>).</summary>
    private void Claim(int? expectedVersion)
    {
        if (expectedVersion is { } expected) _writtenOnVersion = expected;
    }

    /// <summary>The write every request starts from: its key, stamped with the grain's clock; keys older
    /// than <see cref="KeyRetention"/> are forgotten in the same transaction.</summary>
    private PlantWrite Write(RequestClaim? claim)
    {
        var now = clock.GetUtcNow();
        return new PlantWrite { Claim = claim, At = now, ForgetKeysBefore = claim is null ? null : now - KeyRetention };
    }

    /// <summary>The first answer if <paramref name="claim"/>'s key was used before with the same request; a
    /// 409 if with another; null if the key is new.</summary>
    private async Task<T?> EarlierAsync<T>(RequestClaim claim, CancellationToken cancellationToken) where T : class =>
        await storage.FindRequestAsync(PlantId, claim.Key, cancellationToken) is { } earlier ? Replay<T>(claim, earlier) : null;

    private static T Replay<T>(RequestClaim claim, StoredRequest earlier) =>
        earlier.RequestHash == claim.RequestHash
            ? JsonSerializer.Deserialize<T>(earlier.ResponseJson) ?? throw new InvalidDataException($"key '{claim.Key}': stored answer is empty")
            : throw PlantRejectedException.KeyReused(claim.Key);
}
