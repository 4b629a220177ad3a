using ForgeScheduler.Solver.Domain;
using Google.OrTools.Sat;

namespace ForgeScheduler.Solver.Optimisation;

internal sealed partial class ForgingModel
{
    private readonly List<(Press Press, IntVar Minutes)> _pressIdle = [];

    /// <summary>Press idle kWh of a solved model, as its objective priced it.</summary>
    internal double PressIdleKwh(CpSolver solver) => _pressIdle.Sum(t => solver.Value(t.Minutes) * t.Press.IdleKw / 60.0);

    /// <summary>Press pump idle as the KPI calculator counts it: per press and shift (blocks of
    /// plant.ShiftHours from plan start; a forging belongs to the shift it starts in), idle power over
    /// the time between the shift's first and last forging that the press is not forging. Each forging
    /// gets one literal per shift it may start in (`inshift_…`); a forging on a press in a shift is
    /// their conjunction. Counting idle over a press's whole span instead, as a single first/last pair
    /// would, prices the night between two days' work as idle and drives the search away from the
    /// big press for no gain the KPIs see.</summary>
    private void AddPressIdleTerms()
    {
        var shift = Math.Max(1, (long)Math.Round(_plant.ShiftHours * 60));
        var shifts = (int)(Horizon / shift) + 1;
        var inShift = new Dictionary<ForgeVars, BoolVar?[]>();
        foreach (var ov in OrderVars)
        {
            for (var i = 0; i < ov.Forges.Count; i++)
            {
                var fv = ov.Forges[i];
                var literals = new BoolVar?[shifts];
                for (var k = (int)(fv.Earliest / shift); k <= Math.Min(shifts - 1, fv.Latest / shift); k++)
                {
                    var e = Model.NewBoolVar($"inshift_o{ov.Order.Id}_f{i + 1}_s{k}");
                    Model.Add(fv.Start >= k * shift).OnlyEnforceIf(e);
                    Model.Add(fv.Start <= (k + 1) * shift - 1).OnlyEnforceIf(e);
                    literals[k] = e;
                }
                Model.AddExactlyOne(literals.OfType<BoolVar>());
                inShift[fv] = literals;
            }
        }

        var perMinute = AverageElectricPointsPerKwh() / 60.0;
        foreach (var p in _plant.Presses)
        {
            var points = (long)Math.Round(p.IdleKw * perMinute);
            if (points <= 0) continue;
            var jobs = OrderVars.SelectMany(o => o.Forges).Where(fv => fv.Presses.ContainsKey(p)).ToList();
            // Forgings fixed on this press (an LNS neighbourhood, an earlier window) share its shifts:
            // a free forging placed among them fills or opens idle the KPIs count.
            var fixedByShift = _fixed.Where(o => o.Kind == OperationKind.Forge && o.Resource == p.Id)
                .Select(o => (Start: Min(o.Start), End: MinCeil(o.End)))
                .Where(o => o.Start >= 0 && o.Start < shifts * shift)
                .GroupBy(o => (int)(o.Start / shift)).ToDictionary(g => g.Key, g => g.ToList());
            for (var k = 0; k < shifts; k++)
            {
                var here = jobs.Where(j => inShift[j][k] is not null).ToList();
                var fixedHere = fixedByShift.GetValueOrDefault(k) ?? [];
                // One forging alone in a shift leaves no idle; fixed ones alone are a constant.
                if (here.Count == 0 || here.Count + fixedHere.Count < 2) continue;
                var longest = here.Max(j => j.Duration);
                var fixedEnd = fixedHere.Count == 0 ? k * shift : fixedHere.Max(o => o.End);
                var first = Model.NewIntVar(k * shift, (k + 1) * shift, $"pfirst_{p.Id}_s{k}");
                var last = Model.NewIntVar(k * shift, Math.Max((k + 1) * shift + longest, fixedEnd), $"plast_{p.Id}_s{k}");
                if (fixedHere.Count > 0)
                {
                    Model.Add(first <= fixedHere.Min(o => o.Start));
                    Model.Add(last >= fixedEnd);
                }
                var on = new List<(BoolVar Literal, long Duration)>();
                foreach (var j in here)
                {
                    var b = Model.NewBoolVar($"onshift_{p.Id}_s{k}_{j.Start.Name()}");
                    var x = j.Presses[p];
                    var e = inShift[j][k]!;
                    Model.AddImplication(b, x);
                    Model.AddImplication(b, e);
                    Model.AddBoolOr([x.Not(), e.Not(), b]);
                    Model.Add(first <= j.Start).OnlyEnforceIf(b);
                    Model.Add(last >= j.Start + j.Duration).OnlyEnforceIf(b);
                    on.Add((b, j.Duration));
                }
                var fixedBusy = fixedHere.Sum(o => o.End - o.Start);
                var idle = Model.NewIntVar(0, Math.Max(shift + longest, fixedEnd - k * shift), $"pidle_{p.Id}_s{k}");
                Model.Add(idle >= last - first - LinearExpr.WeightedSum(on.Select(o => o.Literal), on.Select(o => o.Duration)) - fixedBusy);
                _objective.Add((idle * points, "idle"));
                _pressIdle.Add((p, idle));
            }
        }
    }
}
