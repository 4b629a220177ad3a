using System.Globalization;
using ForgeScheduler.Solver.Fjsp;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Optimisation.Lns;

namespace ForgeScheduler.Cli;

/// <summary>One stderr line per improving solution: phase, elapsed seconds, objective, bound, gap.
/// Lines (not a live display) so that a redirected log and a terminal read the same.</summary>
internal sealed class ProgressLog(TextWriter writer, string prefix)
{
    // CP-SAT calls back from its own threads; keep lines whole.
    private readonly Lock _lock = new();

    public void Report(SolveProgress p) => Write(p.Phase, p.WallSeconds, p.Objective, p.Bound, p.Gap);

    public void Report(FjspProgress p)
    {
        var gap = p.Makespan == 0 ? 0 : (double)(p.Makespan - p.BestBound) / p.Makespan;
        if (p.Neighbourhood is null) Write("makespan", p.ElapsedSeconds, p.Makespan, p.BestBound, gap);
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
