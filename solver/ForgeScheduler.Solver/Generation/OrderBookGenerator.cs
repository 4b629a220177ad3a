using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Generation;

/// <summary>Draws a realistic order book for a plant from a seed: the same plant, count, seed, start
/// and horizon always give the same book (only <see cref="Random"/>(seed) is used). Every order fits
/// the plant: a heating furnace, a press and a heat-treatment furnace can take it
/// (<see cref="InputChecks.CheckOrders"/> finds nothing).</summary>
public static class OrderBookGenerator
{
    public const double SteelDensityTonnesPerM3 = 7.85;

    public static OrderBook Generate(Plant plant, int count, int seed, DateTimeOffset planStart, double horizonHours) =>
        Generate(plant, count, seed, planStart, horizonHours, ProductFamily.HeavyForgingShop);

    /// <param name="hotShare">Chance that an order is a hot ingot from the melt shop; null (the
    /// default) draws it by mass, as the shop does (big pieces are mostly cast for the order).</param>
    public static OrderBook Generate(Plant plant, int count, int seed, DateTimeOffset planStart, double horizonHours,
        IReadOnlyList<ProductFamily> families, double? hotShare = null)
    {
        if (hotShare is { } share && share is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(hotShare), share, "must be between 0 and 1");
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizonHours);
        if (families.Count == 0) throw new ArgumentException("needs at least one product family", nameof(families));
        var largest = LargestFeasibleTonnes(plant);
        if (largest <= 0)
            throw new ArgumentException($"plant '{plant.Id}' has no heating furnace, press and heat-treatment furnace that together take any piece", nameof(plant));

        var random = new Random(seed);
        var drafts = new List<Draft>(count);
        for (var i = 0; i < count; i++) drafts.Add(Draw(plant, families, random, largest, planStart, horizonHours, hotShare));

        // Ids follow release order so a planner reads the book top-down; at least one piece is ready
        // at plan start (cold stock in the yard), so a CSV export's earliest release is the plan start.
        var ordered = drafts.Select((d, i) => (d, i)).OrderBy(x => x.d.Release).ThenBy(x => x.i).Select(x => x.d).ToList();
        if (ordered.Count > 0 && ordered[0].Release > planStart)
        {
            var shift = ordered[0].Release - planStart;
            ordered[0] = ordered[0] with { Release = planStart, Due = ordered[0].Due - shift };
        }
        var width = Math.Max(3, count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        var orders = ordered.Select((d, i) => d.ToOrder($"FO-{(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0')}")).ToList();
        return new OrderBook(plant.Id, planStart, orders);
    }

    /// <summary>Heaviest piece that some heating furnace, some press and some heat-treatment furnace
    /// (for some recipe) can all take.</summary>
    public static double LargestFeasibleTonnes(Plant plant)
    {
        if (plant.HeatingFurnaces.Count == 0 || plant.Presses.Count == 0 || plant.HeatTreatmentFurnaces.Count == 0) return 0;
        var heating = plant.HeatingFurnaces.Max(f => f.CapacityTonnes);
        var press = plant.Presses.Max(p => p.MaxPieceTonnes);
        var treatment = plant.HeatTreatmentFurnaces.Where(f => f.Recipes.Any(r => plant.FindRecipe(r) is not null))
            .Select(f => f.CapacityTonnes).DefaultIfEmpty(0).Max();
        return Math.Min(heating, Math.Min(press, treatment));
    }

    /// <summary>Diameter of the long cylinder with the same volume-to-surface ratio as a cylinder of
    /// <paramref name="massTonnes"/> with length/diameter <paramref name="lengthOverDiameter"/>: 4V/A.
    /// For a shaft it is close to the real diameter; for a disc or tube sheet it is about twice its
    /// thickness, which is what governs heating and cooling (the τ of the physics contract is
    /// ρc·(d/4)/h, and d/4 = V/A).</summary>
    public static double ThermalDiameterMetres(double massTonnes, double lengthOverDiameter)
    {
        var volume = massTonnes / SteelDensityTonnesPerM3;
        var d = Math.Cbrt(4.0 * volume / (Math.PI * lengthOverDiameter));
        var length = lengthOverDiameter * d;
        return 2.0 * d * length / (2.0 * length + d);
    }

    private sealed record Draft(
        string Product, string Grade, double MassTonnes, double DiameterMetres, DateTimeOffset Release,
        double? ReleaseTempC, DateTimeOffset Due, double Weight, IReadOnlyList<ForgingHeat> Heats, string HeatTreatment)
    {
        public Order ToOrder(string id) => new(id, Product, Grade, MassTonnes, DiameterMetres, Release, ReleaseTempC,
            Due, Weight, Heats, HeatTreatment, null);
    }

    private static Draft Draw(Plant plant, IReadOnlyList<ProductFamily> families, Random random, double largest,
        DateTimeOffset planStart, double horizonHours, double? hotShareOverride)
    {
        // The draw order below is fixed: changing it changes every book for a given seed.
        var family = Pick(families, random);
        var mass = DrawMass(family, random, largest);
        var lengthOverDiameter = Uniform(random, family.MinLengthOverDiameter, family.MaxLengthOverDiameter);
        var diameter = Math.Max(0.2, Math.Round(ThermalDiameterMetres(mass, lengthOverDiameter), 2));
        var grade = family.Grades[random.Next(family.Grades.Count)];
        var recipe = PickRecipe(plant, family, mass, random);

        // Big pieces are cast for the order and come hot from the melt shop; small ones are cut from
        // cold bars and blooms in the yard.
        var hotShare = hotShareOverride ?? (mass < 10 ? 0.35 : mass < 40 ? 0.55 : mass < 100 ? 0.75 : 0.9);
        var hot = random.NextDouble() < hotShare;
        double? releaseTemp = hot ? 700 + 10 * random.Next(0, 21) : null;
        var releaseHours = hot
            ? Uniform(random, 0, 0.85 * horizonHours)
            : random.NextDouble() < 0.5 ? 0 : Uniform(random, 0, 0.6 * horizonHours);
        var release = planStart.AddMinutes(5 * Math.Round(releaseHours * 12));

        var heats = DrawHeats(plant, mass, random);
        var weight = random.NextDouble() switch { < 0.6 => 1.0, < 0.9 => 2.0, _ => 3.0 };

        var workHours = RouteWorkHours(plant, diameter, releaseTemp, heats, recipe);
        // Slack factor 1.5-4, drawn toward the low end: most orders are promised tightly, a few leisurely.
        var slackHours = workHours * (1.5 + 2.5 * Math.Pow(random.NextDouble(), 2)) + Uniform(random, 2, 8);
        var due = release.AddMinutes(30 * Math.Ceiling(slackHours * 2));
        return new Draft(family.Name, grade, mass, diameter, release, releaseTemp, due, weight, heats, recipe.Id);
    }

    private static ProductFamily Pick(IReadOnlyList<ProductFamily> families, Random random)
    {
        var x = random.NextDouble() * families.Sum(f => f.Share);
        foreach (var f in families)
        {
            if (x < f.Share) return f;
            x -= f.Share;
        }
        return families[^1];
    }

    private static double DrawMass(ProductFamily family, Random random, double largest)
    {
        var hi = Math.Min(family.MaxTonnes, largest);
        var lo = Math.Min(family.MinTonnes, hi);
        var u = Math.Pow(random.NextDouble(), family.MassSkew);
        var mass = lo * Math.Pow(hi / lo, u);
        // Rounded down to 0.1 t so rounding never lifts a piece above what the plant can take.
        return Math.Max(0.1, Math.Floor(mass * 10) / 10);
    }

    private static Recipe PickRecipe(Plant plant, ProductFamily family, double mass, Random random)
    {
        bool Runs(Recipe r) => plant.HeatTreatmentFurnaces.Any(f => Capability.CanTreat(f, mass, r.Id));
        var preferred = family.Recipes.Select(plant.FindRecipe).OfType<Recipe>().Where(Runs).ToList();
        var choices = preferred.Count > 0 ? preferred : plant.Recipes.Where(Runs).ToList();
        return choices[random.Next(choices.Count)];
    }

    private static List<ForgingHeat> DrawHeats(Plant plant, double mass, Random random)
    {
        // Bigger pieces need more heats: the ingot loses temperature below forging range before the
        // press has worked it through (upset, draw, finish).
        var count = mass switch
        {
            < 8 => random.NextDouble() < 0.85 ? 1 : 2,
            < 30 => random.NextDouble() < 0.6 ? 1 : 2,
            < 80 => random.NextDouble() < 0.7 ? 2 : 3,
            < 150 => random.NextDouble() < 0.4 ? 2 : 3,
            _ => random.NextDouble() < 0.6 ? 3 : 4,
        };
        var furnaceMaxC = plant.HeatingFurnaces.Where(f => f.CapacityTonnes >= mass).Max(f => f.MaxTempC);
        var pressMaxMn = plant.Presses.Where(p => p.MaxPieceTonnes >= mass).Max(p => p.ForceMn);
        // Force grows with cross-section; rule of thumb fitted so that 40 t fits 40 MN and 100 t 80 MN.
        var baseForce = 12 + 0.68 * mass;
        var heats = new List<ForgingHeat>(count);
        for (var h = 0; h < count; h++)
        {
            var last = h == count - 1;
            // Later heats draw and finish at somewhat lower temperature than the first upsetting heat.
            var drawn = 1150 + 10 * random.Next(0, 11) - (h > 0 ? 10 * random.Next(0, 3) : 0);
            var forge = Math.Min(furnaceMaxC, Math.Max(1150, drawn));
            var finish = Math.Min(forge, last ? 750 + 10 * random.Next(0, 11) : 820 + 10 * random.Next(0, 9));
            var pressMin = Math.Clamp(Math.Round(16 + 0.45 * mass + Uniform(random, -4, 10)), 20, 120);
            var force = Math.Min(pressMaxMn, Math.Round(2 * baseForce * (h == 0 ? 1.0 : 0.85)) / 2);
            heats.Add(new ForgingHeat(forge, pressMin, force, finish));
        }
        return heats;
    }

    /// <summary>Hours the piece needs on its route with no waiting for resources: heating (the first
    /// heat from its release temperature, reheats from the previous finish), press time, cooling
    /// until the recipe accepts it, and the recipe cycle.</summary>
    private static double RouteWorkHours(Plant plant, double diameter, double? releaseTempC,
        IReadOnlyList<ForgingHeat> heats, Recipe recipe)
    {
        var soak = ThermalPhysics.SoakHours(diameter);
        var cold = ThermalPhysics.DefaultColdHeatingHours(diameter);
        var temp = releaseTempC ?? plant.AmbientC;
        var hours = 0.0;
        foreach (var heat in heats)
        {
            hours += ThermalPhysics.HeatingHours(soak, cold, heat.ForgeTempC, temp, plant.AmbientC) + heat.PressMinutes / 60.0;
            temp = heat.FinishTempC;
        }
        if (temp > recipe.MaxChargeC && recipe.MaxChargeC > plant.AmbientC)
            hours += ThermalPhysics.CoolingMinutes(plant, diameter, temp, recipe.MaxChargeC) / 60.0;
        return hours + recipe.CycleHours;
    }

    private static double Uniform(Random random, double lo, double hi) => lo + (hi - lo) * random.NextDouble();
}
