using ForgeScheduler.Solver.Domain;
using Google.OrTools.Sat;

namespace ForgeScheduler.Solver.Optimisation;

internal sealed partial class ForgingModel
{
    // ---- constraints: one method per family ----------------------------------------------------

    /// <summary>Release, heat → forge within the transfer window, forge → reheat, last forge → heat
    /// treatment; the waiting time before every charge feeds its temperature band.</summary>
    private void AddRouteConstraints()
    {
        var window = (long)Math.Floor(_plant.FurnaceToPressMaxMin);
        foreach (var ov in OrderVars)
        {
            var release = Min(ov.Order.Release);
            for (var i = 0; i < ov.Heats.Count; i++)
            {
                var heat = ov.Heats[i];
                var forge = ov.Forges[i];
                if (i == 0) Model.Add(heat.Wait == heat.Start - release);
                else Model.Add(heat.Wait == heat.Start - ov.Forges[i - 1].Start - ov.Forges[i - 1].Duration);
                Model.Add(forge.Start >= heat.End);
                Model.Add(forge.Start <= heat.End + window);
            }
            // A forged piece with only its heat treatment left (rescheduling) waits from its release.
            if (ov.Forges.Count == 0) Model.Add(ov.HeatTreatment!.Start >= release);
            else Model.Add(ov.HeatTreatment!.Start >= ov.Forges[^1].Start + ov.Forges[^1].Duration);
        }
    }

    /// <summary>Heating furnaces hold several pieces: tonnes and pieces are cumulative resources;
    /// downtime and already fixed pieces take their share.</summary>
    private void AddHeatingFurnaceCapacity()
    {
        foreach (var f in _plant.HeatingFurnaces)
        {
            var tonnes = Model.AddCumulative((long)Math.Round(f.CapacityTonnes * 10));
            var pieces = Model.AddCumulative(f.CapacityPieces);
            var users = OrderVars.SelectMany(o => o.Heats).Where(h => h.Furnaces.ContainsKey(f)).ToList();
            foreach (var h in users)
            {
                var interval = Model.NewOptionalIntervalVar(h.Start, h.Occupancy, h.End, h.Furnaces[f], $"iv_o{h.Order.Id}_h{h.HeatIndex + 1}_{f.Id}");
                h.Intervals[f] = interval;
                tonnes.AddDemand(interval, (long)Math.Ceiling(h.Order.MassTonnes * 10));
                pieces.AddDemand(interval, 1);
            }
            foreach (var (from, to) in Blocked(f.Id))
            {
                var iv = Model.NewFixedSizeIntervalVar(from, to - from, $"down_{f.Id}_{from}");
                tonnes.AddDemand(iv, (long)Math.Round(f.CapacityTonnes * 10));
                pieces.AddDemand(iv, f.CapacityPieces);
            }
            foreach (var op in _fixed.Where(o => o.Resource == f.Id))
            {
                var (s, e) = (Min(op.Start), MinCeil(op.End));
                if (e <= 0) continue;
                var iv = Model.NewFixedSizeIntervalVar(s, e - s, $"fixed_{f.Id}_{op.Order}_{op.Step}");
                var mass = FixedMass(op.Order);
                tonnes.AddDemand(iv, (long)Math.Ceiling(mass * 10));
                pieces.AddDemand(iv, 1);
            }
        }
    }

    private void AddPressNoOverlap()
    {
        foreach (var p in _plant.Presses)
        {
            var intervals = new List<IntervalVar>();
            foreach (var ov in OrderVars)
            {
                for (var i = 0; i < ov.Forges.Count; i++)
                {
                    var fv = ov.Forges[i];
                    if (!fv.Presses.TryGetValue(p, out var x)) continue;
                    intervals.Add(Model.NewOptionalFixedSizeIntervalVar(fv.Start, fv.Duration, x, $"iv_o{ov.Order.Id}_f{i + 1}_{p.Id}"));
                }
            }
            intervals.AddRange(FixedIntervals(p.Id));
            Model.AddNoOverlap(intervals);
        }
    }

    /// <summary>A heat-treatment charge holds pieces of one group up to capacity; charges in one
    /// furnace do not overlap; unused charges are pushed to the front to break symmetry.</summary>
    private void AddHeatTreatmentBatching()
    {
        foreach (var slot in Slots)
        {
            var assigned = slot.Members.Select(m => (ILiteral)m.Assigned).ToList();
            foreach (var (_, a) in slot.Members) Model.AddImplication(a, slot.Present);
            Model.AddBoolOr(assigned.Append(slot.Present.Not())); // present only if someone is in it
            Model.Add(LinearExpr.WeightedSum(slot.Members.Select(m => m.Assigned), slot.Members.Select(m => (long)Math.Ceiling(m.Order.Order.MassTonnes * 10)))
                      <= (long)Math.Round(slot.Furnace.CapacityTonnes * 10));
            Model.Add(LinearExpr.Sum(slot.Members.Select(m => m.Assigned)) <= slot.Furnace.CapacityPieces);
            Model.Add(slot.Start == 0).OnlyEnforceIf(slot.Present.Not());
            if (slot.Furnace.Carrier == Carrier.Electric) slot.ElectricPrice = ElectricPrice(slot.Start, HtBlockMinutes, slot.LongestCycle, $"slot_{slot.Furnace.Id}_{slot.Group}_{slot.Index}");
        }
        foreach (var chain in Slots.GroupBy(s => (s.Furnace.Id, s.Group)))
        {
            var ordered = chain.OrderBy(s => s.Index).ToList();
            for (var k = 1; k < ordered.Count; k++)
            {
                Model.AddImplication(ordered[k].Present, ordered[k - 1].Present);
                Model.Add(ordered[k].Start >= ordered[k - 1].End).OnlyEnforceIf(ordered[k].Present);
            }
        }
        foreach (var f in _plant.HeatTreatmentFurnaces)
        {
            var intervals = Slots.Where(s => s.Furnace == f).Select(s => s.Interval).ToList();
            intervals.AddRange(FixedIntervals(f.Id, batchByCharge: true));
            Model.AddNoOverlap(intervals);
        }
    }

    /// <summary>Electric furnaces draw power: the plant's contracted cap over all of them, and each
    /// furnace's own maximum. Demands are the highest the piece could need (its coldest band), so the
    /// cap holds whatever band is chosen; every piece also counts its furnace's holding power, as if it
    /// were alone in it (the validator counts holding once per loaded furnace: this is on the safe side).</summary>
    private void AddPowerCap()
    {
        var cap = Model.AddCumulative((long)Math.Floor(_plant.ElectricPowerCapKw));
        foreach (var f in _plant.HeatingFurnaces.Where(f => f.Carrier == Carrier.Electric))
        {
            var own = Model.AddCumulative((long)Math.Floor(f.MaxPowerKw));
            foreach (var h in OrderVars.SelectMany(o => o.Heats).Where(h => h.Furnaces.ContainsKey(f)))
            {
                var kw = (long)Math.Ceiling(h.Table.Max(b => b.EnergyKwhAtUnitEfficiency / f.Efficiency / (b.DurationMin / 60.0)) + f.HoldingKw);
                if (kw > f.MaxPowerKw) { Model.Add(h.Furnaces[f] == 0); continue; }
                var iv = Model.NewOptionalIntervalVar(h.Start, h.Occupancy, h.End, h.Furnaces[f], $"pw_o{h.Order.Id}_h{h.HeatIndex + 1}_{f.Id}");
                cap.AddDemand(iv, kw);
                own.AddDemand(iv, kw);
            }
        }
        foreach (var slot in Slots.Where(s => s.Furnace.Carrier == Carrier.Electric))
        {
            var demand = LinearExpr.WeightedSum(slot.Members.Select(m => m.Assigned),
                slot.Members.Select(m => (long)Math.Ceiling(m.Order.HeatTreatment!.Table.Max(b => b.EnergyKwhAtUnitEfficiency) / slot.Furnace.Efficiency / (slot.ShortestCycle / 60.0))));
            // A cumulative demand may hold one variable only, so the charge's power gets its own.
            var kw = Model.NewIntVar(0, (long)Math.Floor(slot.Furnace.MaxPowerKw), $"kw_slot_{slot.Furnace.Id}_{slot.Group}_{slot.Index}");
            Model.Add(kw == demand + slot.Present * (long)Math.Ceiling(slot.Furnace.HoldingKw));
            cap.AddDemand(slot.Interval, kw);
        }
        foreach (var (iv, kw) in FixedElectricDemands()) cap.AddDemand(iv, kw);
    }

    // ---- fixed occupancy: downtime and operations decided earlier -----------------------------

    private IEnumerable<(long From, long To)> Blocked(string resource) =>
        _plant.Downtime.Where(d => d.Resource == resource)
            .Select(d => (From: Math.Max(0, Min(d.From)), To: Math.Min(Horizon, MinCeil(d.To))))
            .Where(d => d.To > d.From);

    private double FixedMass(string orderId) => FixedOrders.TryGetValue(orderId, out var o) ? o.MassTonnes : 0;

    public Dictionary<string, Order> FixedOrders { get; init; } = [];

    private List<IntervalVar> FixedIntervals(string resource, bool batchByCharge = false)
    {
        var list = Blocked(resource).Select(b => Model.NewFixedSizeIntervalVar(b.From, b.To - b.From, $"down_{resource}_{b.From}")).ToList();
        var ops = _fixed.Where(o => o.Resource == resource);
        var spans = batchByCharge
            ? ops.GroupBy(o => o.Charge).Select(g => (S: Min(g.Min(o => o.Start)), E: MinCeil(g.Max(o => o.End))))
            : ops.Select(o => (S: Min(o.Start), E: MinCeil(o.End)));
        foreach (var (s, e) in spans.Where(x => x.E > 0))
            list.Add(Model.NewFixedSizeIntervalVar(s, Math.Max(1, e - s), $"fixed_{resource}_{s}"));
        return list;
    }

    private IEnumerable<(IntervalVar Interval, long Kw)> FixedElectricDemands()
    {
        foreach (var op in _fixed)
        {
            var f = _plant.FindFurnace(op.Resource);
            if (f is null || f.Carrier != Carrier.Electric) continue;
            var (s, e) = (Min(op.Start), MinCeil(op.End));
            if (e <= 0 || e <= s) continue;
            // Energy claimed includes a share of holding; the furnace's whole holding is added on top.
            var kw = (long)Math.Ceiling(op.EnergyKwh / ((e - s) / 60.0) + f.HoldingKw);
            yield return (Model.NewFixedSizeIntervalVar(s, e - s, $"fixedpw_{op.Order}_{op.Step}"), kw);
        }
    }
}
