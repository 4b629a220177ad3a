using System.Text.Json;
using ForgeScheduler.Solver.Optimisation;
using Google.OrTools.Sat;

namespace ForgeScheduler.Solver.Tests.Optimisation;

public sealed class SolverStatusTests
{
    /// <summary>Every kind the scheduler, the rescheduler and the planner produce, with the text the API
    /// (solver_status), the CLI and the reports showed when the status was a string.</summary>
    public static TheoryData<SolverStatus, string> Kinds => new()
    {
        { SolverStatus.Optimal, "OPTIMAL" },
        { SolverStatus.Feasible, "FEASIBLE" },
        { SolverStatus.Hint, "HINT" },
        { SolverStatus.Lns, "LNS" },
        { SolverStatus.Empty, "EMPTY" },
        { SolverStatus.NoSolution, "NO_SOLUTION" },
        { SolverStatus.Unchanged, "UNCHANGED" },
        { SolverStatus.Repair, "REPAIR" },
        { SolverStatus.FellBack, "FALLBACK" },
        { SolverStatus.Of(CpSolverStatus.Infeasible), "INFEASIBLE" },
        { SolverStatus.Of(CpSolverStatus.ModelInvalid), "MODEL_INVALID" },
        { SolverStatus.Of(CpSolverStatus.Unknown), "UNKNOWN" },
        { SolverStatus.ImprovedBy(SolverStatus.Optimal), "IMPROVED(OPTIMAL)" },
        { SolverStatus.ImprovedBy(SolverStatus.Feasible), "IMPROVED(FEASIBLE)" },
        { SolverStatus.FallbackFrom(SolverStatus.FellBack), "FALLBACK(FALLBACK)" },
        { SolverStatus.FallbackFrom(SolverStatus.Repair), "FALLBACK(REPAIR)" },
        { SolverStatus.ResolvedBy(SolverStatus.FallbackFrom(SolverStatus.FellBack)), "RESOLVED(FALLBACK(FALLBACK))" },
        { SolverStatus.ResolvedBy(SolverStatus.Hint), "RESOLVED(HINT)" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EachKindHasTheTextItHadAsAString(SolverStatus status, string text)
    {
        Assert.Equal(text, status.Text);
        Assert.Equal(text, status.ToString());
        Assert.Equal(text, $"{status}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EachKindComesBackFromJsonAsTheSameValue(SolverStatus status, string text)
    {
        // The shape the domain JSON codec uses on the Orleans wire and in stored grain state.
        var options = new JsonSerializerOptions { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        var json = JsonSerializer.Serialize(status, options);

        var back = JsonSerializer.Deserialize<SolverStatus>(json, options)!;

        Assert.Equal(status, back);
        Assert.Equal(text, back.Text);
        Assert.DoesNotContain("Text", json, StringComparison.Ordinal);
    }

    [Fact]
    public void CpSatsOwnStatusesMapToTheirOutcomes()
    {
        Assert.Equal(SolverOutcome.Optimal, SolverStatus.Of(CpSolverStatus.Optimal).Outcome);
        Assert.Equal(SolverOutcome.Feasible, SolverStatus.Of(CpSolverStatus.Feasible).Outcome);
        Assert.Equal(SolverOutcome.Infeasible, SolverStatus.Of(CpSolverStatus.Infeasible).Outcome);
        Assert.Null(SolverStatus.Of(CpSolverStatus.Optimal).Inner);
    }

    [Fact]
    public void ContainsLooksThroughTheWrappers()
    {
        var status = SolverStatus.ResolvedBy(SolverStatus.ImprovedBy(SolverStatus.Feasible));

        Assert.True(status.Contains(SolverOutcome.Resolved));
        Assert.True(status.Contains(SolverOutcome.Improved));
        Assert.True(status.Contains(SolverOutcome.Feasible));
        Assert.False(status.Contains(SolverOutcome.Optimal));
        Assert.False(status.Contains(SolverOutcome.Fallback));
    }
}
