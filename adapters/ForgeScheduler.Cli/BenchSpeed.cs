using System.Diagnostics;
using System.Globalization;
using System.Text;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Cli;

/// <summary>One timed step of the speed case: median and worst of several runs, in milliseconds.</summary>
public sealed record SpeedStepReport(string Step, int Operations, int Runs, double MedianMs, double MaxMs);

public sealed record SpeedBenchReport(string Orders, int OrderCount, IReadOnlyList<SpeedStepReport> Steps, string LoadAverage);

/// <summary><c>forge bench --cases speed</c>: how long the parts every plan goes through take on a large
/// book — the baseline dispatcher, the validator and the KPI calculator. Speed is measured here on purpose
/// instead of being asserted by unit tests, where it would depend on the machine's load.</summary>
internal static class SpeedBench
{
    private const int Runs = 7;

    public static SpeedBenchReport Run(CliContext context, Plant plant, OrderBook book, string ordersName)
    {
        context.Error.WriteLine($"bench speed: {book.Orders.Count} orders of {ordersName}, {Runs} runs per step");
        var schedule = BaselineDispatcher.Dispatch(plant, book); // also warms up the JIT
        var steps = new List<SpeedStepReport>
        {
            Time(context, "baseline dispatch", schedule.Operations.Count, () => BaselineDispatcher.Dispatch(plant, book)),
            Time(context, "validate", schedule.Operations.Count, () => ScheduleValidator.Validate(plant, book, schedule)),
            Time(context, "KPIs", schedule.Operations.Count, () => KpiCalculator.Compute(plant, book, schedule)),
        };
        return new SpeedBenchReport(ordersName, book.Orders.Count, steps, LoadAverage.Read());
    }

    private static SpeedStepReport Time(CliContext context, string step, int operations, Func<object> run)
    {
        run();
        var times = new List<double>(Runs);
        for (var i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            GC.KeepAlive(run());
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var report = new SpeedStepReport(step, operations, Runs, times[Runs / 2], times[^1]);
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench speed: {step}: median {report.MedianMs:0.0} ms, max {report.MaxMs:0.0} ms"));
        return report;
    }

    public static void Render(StringBuilder md, SpeedBenchReport r)
    {
        md.AppendLine().AppendLine("## Speed of the parts every plan goes through").AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.OrderCount} orders ({r.Orders}); median and max of {r.Steps.FirstOrDefault()?.Runs ?? 0} runs each. Load average {r.LoadAverage}.")).AppendLine();
        md.AppendLine("| step | operations | median ms | max ms |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var s in r.Steps)
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {s.Step} | {s.Operations} | {s.MedianMs:0.0} | {s.MaxMs:0.0} |"));
    }
}
