namespace ForgeScheduler.Cli.Tests;

public sealed class HelpTests
{
    [Theory]
    [InlineData(new string[0], new[] { "schedule", "validate", "generate", "fjsp", "bench" })]
    [InlineData(new[] { "schedule" }, new[] { "--plant", "--orders", "--out", "--method", "--time-limit", "--workers", "--seed", "baseline",
        "--deterministic-time", "--objective", "--weights", "default cpsat" })]
    [InlineData(new[] { "fjsp" }, new[] { "FILE", "--time-limit", "--workers", "--seed", "--deterministic-time", "--lns-share", "--out" })]
    [InlineData(new[] { "bench" }, new[] { "--out", "--day-limit", "--week-limit", "--fjsp-limit", "--fjsp-dir", "--cases", "../shared/benchmarks/fjsp",
        "--seeds", "--generated-limit" })]
    [InlineData(new[] { "validate" }, new[] { "--plant", "--orders", "--schedule", "exit code 0" })]
    [InlineData(new[] { "generate" }, new[] { "--orders", "--seed", "--plant", "--start", "--hours", "--load", "--hot-share", "--families", "--out", "datasets/reference/plant.json" })]
    public void HelpListsEveryOptionWithItsDescription(string[] command, string[] expected)
    {
        var result = Forge.Run([.. command, "--help"]);
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("", result.Error);
        foreach (var text in expected) Assert.Contains(text, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void NoCommandIsAUsageErrorWithExitTwo()
    {
        var result = Forge.Run();
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("forge --help", result.Error, StringComparison.Ordinal);
    }
}
