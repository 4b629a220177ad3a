namespace ForgeScheduler.Metrics.Tests.Support;

/// <summary>A benchmark kept beside the tests that share its fixtures. It is skipped — visibly, with the
/// reason — unless <c>FORGE_BENCH=1</c>: speed is measured on purpose, never asserted by the suite.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public const string Variable = "FORGE_BENCH";

    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"benchmark, not a test: run with {Variable}=1 (figures in the README)";
    }
}
