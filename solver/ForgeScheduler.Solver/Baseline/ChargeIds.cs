namespace ForgeScheduler.Solver.Baseline;

/// <summary>Numbers charges per furnace in booking order: "HF-3/h17" (heating), "HT-2/c5" (heat treatment).</summary>
internal sealed class ChargeIds
{
    private readonly Dictionary<string, int> _next = [];

    public string Next(string furnaceId, string prefix)
    {
        var n = _next.GetValueOrDefault(furnaceId) + 1;
        _next[furnaceId] = n;
        return $"{furnaceId}/{prefix}{n}";
    }
}
