using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Baseline;

/// <summary>A heat-treatment charge as booked: its pieces start and end together on one furnace.</summary>
internal sealed record BookedCharge(string ChargeId, Furnace Furnace, int Start, int End, IReadOnlyList<Piece> Pieces);

/// <summary>Today's practice for heat treatment: forgings wait in the yard until a charge of their
/// batching group is full or a shift has passed since the first of them was ready; then the charge goes
/// into the first free capable furnace once every piece has cooled to the recipe's charge limit.</summary>
internal static class HeatTreatmentCharges
{
    public static IReadOnlyList<BookedCharge> Book(DispatchBoard board, Plant plant, IReadOnlyList<Piece> forgings, ChargeIds ids)
    {
        var shiftMinutes = (int)Math.Round(plant.ShiftHours * 60);
        var released = new List<(int ReleaseMinute, string Group, int Seq, List<Piece> Pieces)>();
        foreach (var group in forgings.GroupBy(p => RecipeOf(plant, p).Group).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var pending = new List<Piece>();
            var opened = 0;
            var seq = 0;
            foreach (var piece in group.OrderBy(p => p.ReadyMinute).ThenBy(p => p.EddRank))
            {
                if (pending.Count > 0 && piece.ReadyMinute >= opened + shiftMinutes)
                {
                    released.Add((opened + shiftMinutes, group.Key, seq++, pending));
                    pending = [];
                }
                else if (pending.Count > 0 && FurnacesFor(plant, [.. pending, piece]).Count == 0)
                {
                    // Full: the next forging of the group would not fit, so the charge goes now.
                    released.Add((piece.ReadyMinute, group.Key, seq++, pending));
                    pending = [];
                }
                if (pending.Count == 0)
                {
                    if (FurnacesFor(plant, [piece]).Count == 0)
                        throw new InvalidOperationException($"baseline: no heat-treatment furnace can take order {piece.Order.Id}");
                    opened = piece.ReadyMinute;
                }
                pending.Add(piece);
            }
            if (pending.Count > 0) released.Add((opened + shiftMinutes, group.Key, seq, pending));
        }

        var booked = new List<BookedCharge>(released.Count);
        foreach (var (releaseMinute, _, _, pieces) in released.OrderBy(r => r.ReleaseMinute)
                     .ThenBy(r => r.Group, StringComparer.Ordinal).ThenBy(r => r.Seq))
        {
            var earliest = Math.Max(releaseMinute, pieces.Max(p => CooledEnoughMinute(plant, p)));
            var minutes = (int)Math.Ceiling(pieces.Max(p => RecipeOf(plant, p).CycleHours) * 60.0);
            // Every capable furnace's earliest start; among those free first, the rule picks.
            var options = FurnacesFor(plant, pieces).Select(f => (Furnace: f, Start: EarliestStart(board, plant, f, pieces, earliest, minutes))).ToList();
            var first = options.Min(o => o.Start.Start);
            var free = options.Where(o => o.Start.Start == first).ToList();
            var chosen = FurnaceChoice.Pick(board, free.Select(o => o.Furnace).ToList(),
                f => pieces.Sum(p => ThermalPhysics.HeatingEnergyKwh(p.Order.MassTonnes, RecipeOf(plant, p).SoakC, p.TempAt(plant, board.At(first)), f.Efficiency)),
                first, first + minutes);
            var (at, powerKw) = free.Single(o => o.Furnace == chosen).Start;
            for (var i = 0; i < pieces.Count; i++)
                board.Book(chosen.Id, new Slot(at, at + minutes, pieces[i].Order.MassTonnes, powerKw[i]), chosen.Carrier);
            booked.Add(new BookedCharge(ids.Next(chosen.Id, "c"), chosen, at, at + minutes, pieces));
        }
        return booked;
    }

    /// <summary>Furnaces that could hold these pieces as one charge, in plant order: every recipe
    /// supported, tonnes and pieces within capacity, and, for electric ones, even a charge of cold
    /// pieces (with the furnace's holding power) within the furnace's and the plant's power.</summary>
    public static IReadOnlyList<Furnace> FurnacesFor(Plant plant, IReadOnlyList<Piece> pieces)
    {
        var recipes = pieces.Select(p => RecipeOf(plant, p)).ToList();
        var mass = pieces.Sum(p => p.Order.MassTonnes);
        var hours = recipes.Max(r => Math.Ceiling(r.CycleHours * 60.0)) / 60.0;
        return plant.HeatTreatmentFurnaces
            .Where(f => recipes.All(r => f.Recipes.Contains(r.Id)) && mass <= f.CapacityTonnes && pieces.Count <= f.CapacityPieces)
            .Where(f => f.Carrier == Carrier.Gas || ColdChargePowerKw(plant, f, pieces, hours) + f.HoldingKw <= Math.Min(f.MaxPowerKw, plant.ElectricPowerCapKw) - 1e-6)
            .ToList();
    }

    /// <summary>First whole minute after forging at which the piece has cooled to its recipe's highest
    /// charge temperature (the yard cooling law solved for time, rounded up).</summary>
    public static int CooledEnoughMinute(Plant plant, Piece piece)
    {
        var maxC = RecipeOf(plant, piece).MaxChargeC;
        var sinceMinute = piece.ReadyMinute;
        if (piece.TempC <= maxC) return sinceMinute;
        if (maxC <= plant.AmbientC)
            throw new InvalidOperationException($"baseline: order {piece.Order.Id} can never cool to {maxC} °C at ambient {plant.AmbientC} °C");
        var minutes = (int)Math.Ceiling(ThermalPhysics.CoolingMinutes(plant, piece.Order, piece.TempC, maxC));
        // Guard against the logarithm landing a hair short of the limit.
        while (piece.TempAt(plant, piece.Since.AddMinutes(minutes)) > maxC) minutes++;
        return sinceMinute + minutes;
    }

    private static (int Start, double[] PowerKw) EarliestStart(
        DispatchBoard board, Plant plant, Furnace furnace, IReadOnlyList<Piece> pieces, int from, int minutes)
    {
        var start = from;
        while (true)
        {
            start = board.EarliestFreeStart(furnace.Id, start, minutes);
            var power = pieces.Select(p => PiecePowerKw(plant, furnace, p, board.At(start), minutes)).ToArray();
            if (furnace.Carrier == Carrier.Gas) return (start, power.Select(_ => 0.0).ToArray());
            // The charge draws the furnace's holding power once (the board books it with the first piece).
            var total = power.Sum() + furnace.HoldingKw;
            // The cold-charge check in FurnacesFor guarantees it fits once the plant's other load has gone.
            if (board.ElectricBlockedUntil(start, start + minutes, total) is not { } until) return (start, power);
            start = until < int.MaxValue ? until : throw new InvalidOperationException($"baseline: charge of {pieces.Count} pieces exceeds the power cap");
        }
    }

    private static double PiecePowerKw(Plant plant, Furnace furnace, Piece piece, DateTimeOffset at, int minutes)
    {
        var kwh = ThermalPhysics.HeatingEnergyKwh(piece.Order.MassTonnes, RecipeOf(plant, piece).SoakC, piece.TempAt(plant, at), furnace.Efficiency);
        return kwh / (minutes / 60.0);
    }

    private static double ColdChargePowerKw(Plant plant, Furnace furnace, IReadOnlyList<Piece> pieces, double hours) =>
        pieces.Sum(p => ThermalPhysics.HeatingEnergyKwh(p.Order.MassTonnes, RecipeOf(plant, p).SoakC, plant.AmbientC, furnace.Efficiency)) / hours;

    private static Recipe RecipeOf(Plant plant, Piece piece) =>
        plant.FindRecipe(piece.Order.HeatTreatment)
        ?? throw new InvalidOperationException($"baseline: order {piece.Order.Id} names unknown recipe '{piece.Order.HeatTreatment}'");
}
