using System.Globalization;
using ForgeScheduler.Solver.Fjsp;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Optimisation.Lns;

namespace ForgeScheduler.Cli;

/// <summary>One stderr line per improving plan, in what a planner reads: CO2/t, kWh/t, late orders and
/// weighted tardiness against the best rule (and the LNS neighbourhood that found it). Raw CP-SAT
/// solutions (objective and bound in model points) only with <paramref name="verbose"/>.
/// Lines (not a live display) so that a redirected log and a terminal read the same.</summary>
internal sealed class ProgressLog(TextWriter writer, string prefix, bool verbose = false)
{
    // CP-SAT calls back from its own threads; keep lines whole.
    private readonly Lock _lock = new();
    private PlanFigures? _start;

    public void Report(SolveProgress p)
    {
        if (p.Plan is not { } plan)
        {
            if (verbose) Write(p.Phase, p.WallSeconds, p.Objective, p.Bound, p.Gap);
            return;
        }
        if (p.Start) _start = plan;
        var what = p.Neighbourhood is { } kind ? string.Create(CultureInfo.InvariantCulture, $"lns {kind} -{p.GainKg:0} kg") : p.Phase;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{prefix}: {what,-30} {p.WallSeconds,6:0.0} s  CO2 {plan.Co2KgPerT,6:0.0} kg/t{Ratio(plan.Co2KgPerT, _start?.Co2KgPerT, p.Start)}  {plan.KwhPerT,6:0.0} kWh/t{Ratio(plan.KwhPerT, _start?.KwhPerT, p.Start)}  late {plan.LateOrders}{Was(plan.LateOrders, _start?.LateOrders, p.Start)}  w. tardiness {plan.WeightedTardinessH:0.0} h{Was(plan.WeightedTardinessH, _start?.WeightedTardinessH, p.Start, "h")}");
        lock (_lock) writer.WriteLine(line);
    }

    private static string Ratio(double value, double? start, bool isStart) =>
        isStart || start is not { } s || s <= 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" ({value / s:0.000}x rule)");

    private static string Was(double value, double? start, bool isStart, string unit = "") =>
        isStart || start is not { } s ? "" : string.Create(CultureInfo.InvariantCulture, $" (rule {s:0.#}{(unit.Length > 0 ? " " + unit : "")})");

    public void Report(FjspProgress p)
    {
        var gap = p.Makespan == 0 ? 0 : (double)(p.Makespan - p.BestBound) / p.Makespan;
        if (p.Neighbourhood is null) Write("makespan", p.ElapsedSeconds, p.Makespan, p.BestBound, gap);
        // The tabu search is not a neighbourhood of the LNS: its line says so.
        else if (p.Neighbourhood == "tabu") Write(string.Create(CultureInfo.InvariantCulture, $"tabu -{p.Gain}"), p.ElapsedSeconds, p.Makespan, p.BestBound, gap);
        else Lns(p.Neighbourhood, p.Gain, p.ElapsedSeconds, p.Makespan, p.BestBound, gap);
    }

    /// <summary>An accepted neighbourhood of any model on the LNS driver (the primary objective is
    /// what the line shows); only those that improved the primary are worth a line.</summary>
    public void Report(LnsProgress p, double bound)
    {
        if (p.PrimaryGain <= 0) return;
        var objective = (double)p.Objective.Primary;
        Lns(p.Kind, p.PrimaryGain, p.ElapsedSeconds, objective, bound, objective == 0 ? 0 : Math.Abs(objective - bound) / Math.Abs(objective));
    }

    /// <summary>One accepted LNS neighbourhood: its kind and what it gained, then the usual columns.</summary>
    public void Lns(string kind, double gain, double seconds, double objective, double bound, double gap) =>
        Write(string.Create(CultureInfo.InvariantCulture, $"lns {kind} -{gain:0.##}"), seconds, objective, bound, gap);

    public void Note(string text)
    {
        lock (_lock) writer.WriteLine($"{prefix}: {text}");
    }

    private void Write(string phase, double seconds, double objective, double bound, double gap)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{prefix}: {phase,-24} {seconds,7:0.0} s  objective {objective,14:0.##}  bound {bound,14:0.##}  gap {100 * gap,6:0.0} %");
        lock (_lock) writer.WriteLine(line);
    }
}
