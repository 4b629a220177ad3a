using ForgeScheduler.Solver.Domain;
using Google.OrTools.Sat;

namespace ForgeScheduler.Solver.Optimisation;

internal sealed partial class ForgingModel
{
    /// <summary>Gives CP-SAT a known schedule (today's practice) as its starting point.</summary>
    public void AddHint(Schedule hint) => FollowSchedule(hint, pin: false);

    /// <summary>Forces the model onto a known schedule's decisions, so that a short solve fills in
    /// every other variable: a complete hint, which CP-SAT takes far better than a partial one.</summary>
    public void Pin(Schedule hint) => FollowSchedule(hint, pin: true);

    /// <summary>Replaces any hint with a complete assignment of every variable.</summary>
    public void SetCompleteHint(IReadOnlyList<long> values)
    {
        Model.ClearHints();
        var assignment = new PartialVariableAssignment();
        for (var i = 0; i < values.Count; i++)
        {
            assignment.Vars.Add(i);
            assignment.Values.Add(values[i]);
        }
        Model.Model.SolutionHint = assignment;
    }

    public int VariableCount => Model.Model.Variables.Count;

    private void Hint(IntVar v, long value, bool pin)
    {
        if (pin) Model.Add(v == value);
        else Model.AddHint(v, value);
    }

    private void FollowSchedule(Schedule hint, bool pin)
    {
        var byKey = hint.Operations.ToDictionary(o => (o.Order, o.Step));
        foreach (var ov in OrderVars)
        {
            for (var i = 0; i < ov.Heats.Count; i++)
            {
                if (!byKey.TryGetValue((ov.Order.Id, 2 * i + 1), out var heatOp)) continue;
                var h = ov.Heats[i];
                Hint(h.Start, Math.Clamp(Min(heatOp.Start), 0, Horizon), pin);
                foreach (var (f, x) in h.Furnaces) Hint(x, f.Id == heatOp.Resource ? 1 : 0, pin);
                if (byKey.TryGetValue((ov.Order.Id, 2 * i + 2), out var forgeOp))
                {
                    Hint(ov.Forges[i].Start, Math.Clamp(Min(forgeOp.Start), 0, Horizon), pin);
                    foreach (var (p, x) in ov.Forges[i].Presses) Hint(x, p.Id == forgeOp.Resource ? 1 : 0, pin);
                }
            }
        }
        // The k-th baseline charge of a group in a furnace becomes that furnace's k-th slot.
        var charges = hint.Operations.Where(o => o.Kind == OperationKind.HeatTreat)
            .GroupBy(o => (o.Resource, o.Charge)).Select(g => g.ToList()).ToList();
        foreach (var chain in charges.GroupBy(c => (c[0].Resource, _plant.FindRecipe(OrderById(c[0].Order)?.HeatTreatment ?? "")?.Group)))
        {
            var slots = Slots.Where(s => s.Furnace.Id == chain.Key.Resource && s.Group == chain.Key.Group).OrderBy(s => s.Index).ToList();
            var k = 0;
            foreach (var charge in chain.OrderBy(c => c[0].Start))
            {
                if (k >= slots.Count) break;
                var slot = slots[k++];
                Hint(slot.Present, 1, pin);
                // Only hinted: a model charge lasts its group's longest cycle, which may not fit
                // where the dispatcher put a shorter one.
                Model.AddHint(slot.Start, Math.Clamp(Min(charge[0].Start), 0, Horizon));
                foreach (var op in charge)
                {
                    var member = slot.Members.FirstOrDefault(m => m.Order.Order.Id == op.Order);
                    if (member.Assigned is not null) Hint(member.Assigned, 1, pin);
                }
            }
        }
    }

    private Order? OrderById(string id) => Orders.FirstOrDefault(o => o.Id == id);

    /// <summary>Reads the operations of the given orders from a solved model (status already checked).</summary>
    public List<ScheduledOperation> Read(CpSolver solver, ISet<string> commit) =>
        Read(v => solver.Value(v), l => solver.BooleanValue(l), commit);

    /// <summary>Reads the operations of the given orders from a solution as CP-SAT reports it, during the search.</summary>
    public List<ScheduledOperation> Read(CpSolverSolutionCallback solution, ISet<string> commit) =>
        Read(v => solution.Value(v), l => solution.BooleanValue(l), commit);

    private List<ScheduledOperation> Read(Func<IntVar, long> value, Func<BoolVar, bool> isTrue, ISet<string> commit)
    {
        var ops = new List<ScheduledOperation>();
        DateTimeOffset At(long minute) => _t0.AddMinutes(minute);
        foreach (var ov in OrderVars.Where(o => commit.Contains(o.Order.Id)))
        {
            var id = ov.Order.Id;
            for (var i = 0; i < ov.Heats.Count; i++)
            {
                var h = ov.Heats[i];
                var f = h.Furnaces.First(kv => isTrue(kv.Value)).Key;
                var s = value(h.Start);
                ops.Add(new ScheduledOperation(id, 2 * i + 1, OperationKind.Heat, f.Id, $"{f.Id}/{id}-h{i + 1}",
                    At(s), At(value(h.End)), double.NaN, 0, f.Carrier));
                var fv = ov.Forges[i];
                var p = fv.Presses.First(kv => isTrue(kv.Value)).Key;
                var fs = value(fv.Start);
                ops.Add(new ScheduledOperation(id, 2 * i + 2, OperationKind.Forge, p.Id, $"{p.Id}/{id}-f{i + 1}",
                    At(fs), At(fs + fv.Duration), double.NaN, 0, Carrier.Electric));
            }
            var ht = ov.HeatTreatment!;
            var slot = ht.Slots.First(kv => isTrue(kv.Value)).Key;
            var ss = value(slot.Start);
            ops.Add(new ScheduledOperation(id, 2 * ov.Heats.Count + 1, OperationKind.HeatTreat, slot.Furnace.Id,
                $"{slot.Furnace.Id}/c{ss}", At(ss), At(value(slot.End)), double.NaN, 0, slot.Furnace.Carrier));
        }
        return ops;
    }
}
