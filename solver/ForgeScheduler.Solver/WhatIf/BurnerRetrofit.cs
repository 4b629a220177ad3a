using System.Globalization;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.WhatIf;

/// <summary>A change to one furnace's burners or lining, as a plant manager would price it: regenerative
/// burners raise the available-heat efficiency η, a new lining or door seals lower the holding power and
/// the energy of a cold start. A value left null keeps the furnace's own.</summary>
public sealed record BurnerRetrofit(string FurnaceId)
{
    public double? Efficiency { get; init; }

    public double? HoldingKw { get; init; }

    public double? RestartKwh { get; init; }

    /// <summary>How the planner would write it: <c>HF-G1:eta=0.62,holding_kw=300</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Efficiency is { } eta) parts.Add(string.Create(CultureInfo.InvariantCulture, $"eta={eta:0.###}"));
        if (HoldingKw is { } holding) parts.Add(string.Create(CultureInfo.InvariantCulture, $"holding_kw={holding:0.#}"));
        if (RestartKwh is { } restart) parts.Add(string.Create(CultureInfo.InvariantCulture, $"restart_kwh={restart:0.#}"));
        return $"{FurnaceId}:{string.Join(',', parts)}";
    }
}

/// <summary>One furnace before and after its retrofit.</summary>
public sealed record RetrofittedFurnace(Furnace Before, Furnace After, BurnerRetrofit Retrofit);

/// <summary>A retrofit the what-if cannot apply: unknown furnace, a value out of its physical range, or
/// nothing to change. <see cref="Field"/> names what was wrong (the furnace id or <c>id.eta</c>).</summary>
public sealed class RetrofitException(string field, string problem) : ArgumentException(problem)
{
    public string Field { get; } = field;
}

/// <summary>Applies burner and lining retrofits to a plant (docs/whatif.md, "A burner retrofit").
/// Heating times do not depend on the burner in our physics, so only energy, carbon and cost change.</summary>
public static class FurnaceRetrofit
{
    /// <summary>Highest available-heat efficiency a retrofit may claim: a gas furnace with the best
    /// regenerative burners reaches about 0.65–0.70 (DESIGN.md gives 0.45–0.65), a resistance furnace
    /// 0.90–0.95; above 0.98 the number is a typing error, not a burner.</summary>
    public const double MaxEfficiency = 0.98;

    public static (Plant Plant, IReadOnlyList<RetrofittedFurnace> Retrofitted) Apply(Plant plant, IReadOnlyList<BurnerRetrofit> retrofits)
    {
        var done = new List<RetrofittedFurnace>();
        var byId = new Dictionary<string, Furnace>(StringComparer.Ordinal);
        foreach (var retrofit in retrofits)
        {
            var id = retrofit.FurnaceId;
            var furnace = plant.FindFurnace(id);
            if (furnace is null)
            {
                var what = plant.FindPress(id) is not null ? "is a press, not a furnace" : $"is not a furnace of plant {plant.Id}";
                throw new RetrofitException(id, $"'{id}' {what} (furnaces: {string.Join(", ", plant.Furnaces.Select(f => f.Id))})");
            }
            if (byId.ContainsKey(id)) throw new RetrofitException(id, $"'{id}' is retrofitted twice; give each furnace once");
            if (retrofit.Efficiency is null && retrofit.HoldingKw is null && retrofit.RestartKwh is null)
                throw new RetrofitException(id, $"'{id}': give at least one of eta, holding_kw, restart_kwh");
            if (retrofit.Efficiency is { } eta && (!double.IsFinite(eta) || eta <= 0 || eta > MaxEfficiency))
                throw new RetrofitException($"{id}.eta", string.Create(CultureInfo.InvariantCulture, $"{id}.eta must be in (0, {MaxEfficiency}], got {eta}"));
            if (retrofit.HoldingKw is { } holding && (!double.IsFinite(holding) || holding < 0 || holding > 1e6))
                throw new RetrofitException($"{id}.holding_kw", string.Create(CultureInfo.InvariantCulture, $"{id}.holding_kw must be 0–1000000 kW, got {holding}"));
            if (retrofit.RestartKwh is { } restart && (!double.IsFinite(restart) || restart < 0 || restart > 1e7))
                throw new RetrofitException($"{id}.restart_kwh", string.Create(CultureInfo.InvariantCulture, $"{id}.restart_kwh must be 0–10000000 kWh, got {restart}"));

            var after = furnace with
            {
                Efficiency = retrofit.Efficiency ?? furnace.Efficiency,
                HoldingKw = retrofit.HoldingKw ?? furnace.HoldingKw,
                RestartKwh = retrofit.RestartKwh ?? furnace.RestartKwh,
            };
            byId[id] = after;
            done.Add(new RetrofittedFurnace(furnace, after, retrofit));
        }
        IReadOnlyList<Furnace> Swap(IReadOnlyList<Furnace> furnaces) => furnaces.Select(f => byId.GetValueOrDefault(f.Id, f)).ToList();
        return (plant with { HeatingFurnaces = Swap(plant.HeatingFurnaces), HeatTreatmentFurnaces = Swap(plant.HeatTreatmentFurnaces) }, done);
    }
}
