using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Physics;

namespace ForgeScheduler.Solver.Baseline;

internal sealed record HeatAndForgePlacement(
    Furnace Furnace, int HeatStart, int HeatEnd, double HeatPowerKw, Press Press, int ForgeStart, int ForgeEnd);

/// <summary>Books one heat and the forging that follows it: the earliest heat start at which a heating
/// furnace can take the piece and a press can take it within the transfer window after it comes out;
/// among the furnaces free then, the board's rule picks one. No look-ahead: whatever the piece's
/// temperature is when a furnace frees up, that is what it gets.</summary>
internal static class HeatAndForge
{
    public static HeatAndForgePlacement Place(DispatchBoard board, Plant plant, Piece piece, int heatIndex)
    {
        var order = piece.Order;
        var heat = order.Heats[heatIndex];
        var furnaces = HeatingFurnacesFor(plant, order, heat);
        var presses = PressesFor(plant, order, heat);
        var pressMinutes = (int)Math.Ceiling(heat.PressMinutes);
        var window = (int)Math.Floor(plant.FurnaceToPressMaxMin);
        if (furnaces.Count == 0 || presses.Count == 0)
            throw new InvalidOperationException($"baseline: order {order.Id} heat {heatIndex + 1} has no capable heating furnace or press");

        var t = piece.ReadyMinute;
        while (true)
        {
            var (minutes, _, chargeC) = HeatingAt(board, plant, piece, heat, t);
            var heatEnd = t + minutes;

            // Presses that can take the piece within the transfer window after it comes out.
            var pressChoices = new List<(Press Press, int Start)>();
            var earliestAnyPress = int.MaxValue;
            foreach (var candidate in presses)
            {
                var s = board.EarliestFreeStart(candidate.Id, heatEnd, pressMinutes);
                earliestAnyPress = Math.Min(earliestAnyPress, s);
                if (s <= heatEnd + window) pressChoices.Add((candidate, s));
            }
            if (pressChoices.Count == 0)
            {
                // Every press is busy past the window: start heating later, so the piece comes out when one frees.
                t = FirstStartEndingBy(board, plant, piece, heat, t + 1, earliestAnyPress - window);
                continue;
            }

            // The furnaces free for the piece now; the rule picks one. If none is, try again when the first could.
            var free = new List<Furnace>();
            var power = new Dictionary<string, double>();
            var retry = int.MaxValue;
            foreach (var furnace in furnaces)
            {
                var powerKw = furnace.Carrier == Carrier.Electric ? HeatPowerKw(order, heat, furnace, chargeC, minutes) : 0;
                if (board.HeatingFurnaceBlockedUntil(furnace, t, heatEnd, order.MassTonnes, powerKw) is not { } until)
                {
                    free.Add(furnace);
                    power[furnace.Id] = powerKw;
                }
                else retry = Math.Min(retry, until);
            }
            if (free.Count > 0)
            {
                var chosen = FurnaceChoice.Pick(board, free,
                    f => ThermalPhysics.HeatingEnergyKwh(order.MassTonnes, heat.ForgeTempC, chargeC, f.Efficiency), t, heatEnd);
                var (press, forgeStart) = FurnaceChoice.PickPress(board, pressChoices, order.MassTonnes, pressMinutes);
                return new HeatAndForgePlacement(chosen, t, heatEnd, power[chosen.Id], press, forgeStart, forgeStart + pressMinutes);
            }
            if (retry == int.MaxValue)
            {
                throw new InvalidOperationException(
                    $"baseline: no heating furnace can ever take order {order.Id} heat {heatIndex + 1} " +
                    $"({order.MassTonnes} t to {heat.ForgeTempC} °C); check electric power limits");
            }
            t = retry;
        }
    }

    /// <summary>Capable heating furnaces, in plant order (the rule picks among the free ones).</summary>
    public static IReadOnlyList<Furnace> HeatingFurnacesFor(Plant plant, Order order, ForgingHeat heat) =>
        plant.HeatingFurnaces
            .Where(f => Capability.CanHeat(f, order, heat))
            .ToList();

    /// <summary>Capable presses, smallest first (force, then piece limit, then id).</summary>
    public static IReadOnlyList<Press> PressesFor(Plant plant, Order order, ForgingHeat heat) =>
        plant.Presses
            .Where(p => Capability.CanForge(p, order, heat))
            .OrderBy(p => p.ForceMn).ThenBy(p => p.MaxPieceTonnes).ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>Whole minutes the piece needs if charged at minute <paramref name="t"/>, with the
    /// unrounded requirement and the charge temperature.</summary>
    private static (int Minutes, double Required, double ChargeC) HeatingAt(
        DispatchBoard board, Plant plant, Piece piece, ForgingHeat heat, int t)
    {
        var chargeC = piece.TempAt(plant, board.At(t));
        var required = ScheduleEvaluator.HeatingMinutes(plant, piece.Order, heat.ForgeTempC, chargeC);
        if (board.HeatingMinutes is { } rule)
        {
            var index = IndexOf(piece.Order, heat);
            var minutes = Math.Max((int)Math.Ceiling(required), rule(piece.Order, index, (board.At(t) - piece.Since).TotalMinutes));
            return (minutes, required, chargeC);
        }
        return ((int)Math.Ceiling(required), required, chargeC);
    }

    private static int IndexOf(Order order, ForgingHeat heat)
    {
        for (var i = 0; i < order.Heats.Count; i++) if (ReferenceEquals(order.Heats[i], heat)) return i;
        return order.Heats.ToList().IndexOf(heat);
    }

    /// <summary>Steel-heat draw of a heat, spread evenly over its booked minutes (the furnace's holding
    /// power is counted once per loaded furnace by the board).</summary>
    private static double HeatPowerKw(Order order, ForgingHeat heat, Furnace furnace, double chargeC, int minutes) =>
        ThermalPhysics.HeatingEnergyKwh(order.MassTonnes, heat.ForgeTempC, chargeC, furnace.Efficiency) / (minutes / 60.0);

    /// <summary>Smallest start ≥ <paramref name="from"/> whose heat ends at or after <paramref name="target"/>.
    /// Start + duration grows strictly with the start (a later start means a colder piece, never a
    /// shorter heat), so a binary search finds it.</summary>
    private static int FirstStartEndingBy(DispatchBoard board, Plant plant, Piece piece, ForgingHeat heat, int from, int target)
    {
        int lo = from, hi = Math.Max(from, target);
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (mid + HeatingAt(board, plant, piece, heat, mid).Minutes >= target) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }
}
