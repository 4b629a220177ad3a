using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Generation;

/// <summary>What the generator may vary besides the count: the product mix (which decides sizes and
/// recipes) and the share of hot ingots (null: by mass, as the shop does).</summary>
public sealed record GenerationMix(IReadOnlyList<ProductFamily> Families, double? HotShare = null)
{
    public static GenerationMix Shop { get; } = new(ProductFamily.HeavyForgingShop);
}

/// <summary>A generated book with the horizon its releases were spread over and the load it puts on
/// the plant (<see cref="PlantCapacity"/>).</summary>
public sealed record GeneratedBook(OrderBook Book, double HorizonHours, double Load, StageHours Required, StageHours Available);

/// <summary>
/// Order books at a chosen load: <c>count</c> orders are drawn, then their releases are spread over
/// the horizon at which their work loads the plant's bottleneck stage to the target (a light book
/// spreads out, an overloaded one crowds in). The work of an order does not depend on when it is
/// released, so the same seed draws the same pieces at any load and the load is met exactly.
/// </summary>
public static class OrderBookAtLoad
{
    /// <summary>Loads from 0.6 to 1.1 are what the benchmark covers; the generator accepts any load
    /// in this range (beyond it the horizon gets unrealistically long or short).</summary>
    public const double MinLoad = 0.1;
    public const double MaxLoad = 3.0;

    public static GeneratedBook Generate(Plant plant, int count, int seed, DateTimeOffset planStart, double load, GenerationMix? mix = null)
    {
        ArgumentNullException.ThrowIfNull(plant);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!double.IsFinite(load) || load < MinLoad || load > MaxLoad)
            throw new ArgumentOutOfRangeException(nameof(load), load, $"must be between {MinLoad} and {MaxLoad}");
        mix ??= GenerationMix.Shop;

        // The pieces first (any horizon gives the same ones), then the horizon that makes their work the target load.
        var pieces = OrderBookGenerator.Generate(plant, count, seed, planStart, 24.0, mix.Families, mix.HotShare);
        var horizon = PlantCapacity.HorizonHoursAtLoad(plant, pieces.Orders, load);
        var book = OrderBookGenerator.Generate(plant, count, seed, planStart, horizon, mix.Families, mix.HotShare);
        var required = PlantCapacity.Required(plant, book.Orders);
        var available = PlantCapacity.Available(plant, horizon);
        return new GeneratedBook(book, horizon, required.DividedBy(available).Max, required, available);
    }
}
