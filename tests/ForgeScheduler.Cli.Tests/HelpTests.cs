namespace ForgeScheduler.Cli.Tests;

public sealed class HelpTests
{
    [Theory]
    [InlineData(new string[0], new[] { "schedule", "validate", "generate", "fjsp", "bench" })]
    [InlineData(new[] { "schedule" }, new[] { "--plant", "--orders", "--out", "--method", "--time-limit", "--workers", "--seed", "baseline",
        "--deterministic-time", "--objective", "--weights", "[default: cpsat]" })]
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

    [Theory]
    [InlineData("schedule")]
    [InlineData("generate")]
    [InlineData("fjsp")]
    [InlineData("bench")]
    [InlineData("whatif")]
    [InlineData("reschedule")]
    [InlineData("fit-cooling")]
    public void HelpGivesEachDefaultOnceAndOutIsAFolder(string command)
    {
        var result = Forge.Run(command, "--help");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        foreach (var line in result.Out.Split('\n'))
            Assert.True(System.Text.RegularExpressions.Regex.Matches(line, "default", System.Text.RegularExpressions.RegexOptions.IgnoreCase).Count <= 1,
                $"default given twice: {line.Trim()}");
        var outLine = result.Out.Split('\n').Single(l => l.TrimStart().StartsWith("--out", StringComparison.Ordinal));
        Assert.Contains("--out <DIR>", outLine, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadmeFirstCommandSaysItBuildsBeforeBuilding()
    {
        // The README's first command runs scripts/forge, whose first act is a line on stderr: a new
        // planner sees something at once, not a minute of silence while NuGet restores.
        var readme = File.ReadAllText(RepositoryFiles.Path("README.md"));
        var first = System.Text.RegularExpressions.Regex.Match(readme, "```sh\\n(?:#[^\\n]*\\n)*([^\\n]+)").Groups[1].Value;
        Assert.StartsWith("scripts/forge schedule", first, StringComparison.Ordinal);
        var script = File.ReadAllLines(RepositoryFiles.Path("scripts", "forge"));
        var echo = Array.FindIndex(script, l => l.StartsWith("echo \"forge: building", StringComparison.Ordinal));
        var build = Array.FindIndex(script, l => l.StartsWith("dotnet build", StringComparison.Ordinal));
        Assert.True(echo >= 0 && echo < build, "scripts/forge says it builds before it builds");
        Assert.True(File.Exists(RepositoryFiles.Path(".config", "dotnet-tools.json")), "the local tool manifest");
    }

    [Fact]
    public void NoCommandIsAUsageErrorWithExitTwo()
    {
        var result = Forge.Run();
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("forge --help", result.Error, StringComparison.Ordinal);
    }
}
