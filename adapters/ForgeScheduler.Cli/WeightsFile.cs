using System.Text.Json.Serialization;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Optimisation;

namespace ForgeScheduler.Cli;

/// <summary>weights.json: how much each goal counts in the optimiser's weighted objective, any
/// subset of the four keys; missing keys keep <see cref="ObjectiveWeights"/>' defaults.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record WeightsDocument
{
    public double? TardinessPerWeightedHour { get; init; }
    public double? Co2PerKg { get; init; }
    public double? CostPerCurrencyUnit { get; init; }
    public double? MakespanPerHour { get; init; }
}

public static class WeightsFile
{
    public static readonly string[] Keys = ["tardiness_per_weighted_hour", "co2_per_kg", "cost_per_currency_unit", "makespan_per_hour"];

    public static ObjectiveWeights Load(string path)
    {
        WeightsDocument doc;
        try { doc = JsonFiles.Deserialize<WeightsDocument>(JsonFiles.ReadText(path), path); }
        catch (ForgeInputException e) when (e.Problem.StartsWith("is not a field", StringComparison.Ordinal))
        {
            // System.Text.Json would name our .NET type; the planner needs the keys.
            throw new ForgeInputException(path, e.Location, $"unknown key; the keys are {string.Join(", ", Keys)}");
        }
        var defaults = ObjectiveWeights.Default;
        return new ObjectiveWeights
        {
            TardinessPerWeightedHour = Checked(doc.TardinessPerWeightedHour, defaults.TardinessPerWeightedHour, "tardiness_per_weighted_hour", path),
            Co2PerKg = Checked(doc.Co2PerKg, defaults.Co2PerKg, "co2_per_kg", path),
            CostPerCurrencyUnit = Checked(doc.CostPerCurrencyUnit, defaults.CostPerCurrencyUnit, "cost_per_currency_unit", path),
            MakespanPerHour = Checked(doc.MakespanPerHour, defaults.MakespanPerHour, "makespan_per_hour", path),
        };
    }

    private static double Checked(double? value, double fallback, string field, string path) => value switch
    {
        null => fallback,
        // A negative weight would reward lateness or CO2.
        { } v when !double.IsFinite(v) || v < 0 => throw new ForgeInputException(path, field, $"must be a number ≥ 0 (got {v})"),
        { } v => v,
    };
}
