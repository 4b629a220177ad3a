using ForgeScheduler.Formats;

namespace ForgeScheduler.Cli.Tests;

public sealed class GenerateCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ZeroOrdersIsBadInputNamingTheOption()
    {
        var (plant, _) = TestPlant.WriteFiles(_dir.Path);
        var result = Forge.Run("generate", "--orders", "0", "--seed", "1", "--plant", plant, "--out", _dir.File("gen.json"));
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--orders", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("gen.json")));
    }

    [Fact]
    public void StartThatIsNoDateIsBadInputNamingTheOption()
    {
        var (plant, _) = TestPlant.WriteFiles(_dir.Path);
        var result = Forge.Run("generate", "--orders", "5", "--seed", "1", "--plant", plant, "--start", "tomorrow-ish", "--out", _dir.File("gen.json"));
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--start", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void GeneratedOrdersAreWrittenForThePlantAndLoadBack()
    {
        // Needs the real OrderBookGenerator.
        var (plant, _) = TestPlant.WriteFiles(_dir.Path);
        var outFile = _dir.File("gen.json");
        var result = Forge.Run("generate", "--orders", "7", "--seed", "42", "--plant", plant, "--start", "2026-11-26T06:00", "--hours", "12", "--out", outFile);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        var book = OrdersFile.Load(outFile, TestPlant.Plant());
        Assert.Equal(7, book.Orders.Count);
        // Without an offset the start is plant local time (Asia/Shanghai, +08:00).
        Assert.Equal(TestPlant.PlanStart, book.PlanStart);
        Assert.Equal(TimeSpan.FromHours(8), book.PlanStart.Offset);
    }

    [Fact]
    public void OutIsAFolderAndTheOldFileFormStillWorksWithANote()
    {
        var (plant, _) = TestPlant.WriteFiles(_dir.Path);
        var folder = _dir.File("books");
        var result = Forge.Run("generate", "--orders", "3", "--seed", "1", "--plant", plant, "--start", "2026-11-26T06:00", "--out", folder);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        Assert.Equal("", result.Error);
        Assert.Equal(3, OrdersFile.Load(Path.Combine(folder, "orders.json"), TestPlant.Plant()).Orders.Count);

        var file = _dir.File("old.json");
        var old = Forge.Run("generate", "--orders", "3", "--seed", "1", "--plant", plant, "--start", "2026-11-26T06:00", "--out", file);
        Assert.Equal(ExitCodes.Ok, old.ExitCode);
        Assert.True(File.Exists(file));
        Assert.Contains("--out names a folder", old.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadSpreadsTheReleasesOverTheHorizonThatGivesIt()
    {
        var (plant, _) = TestPlant.WriteFiles(_dir.Path);
        var light = _dir.File("light.json");
        var heavy = _dir.File("heavy.json");

        var a = Forge.Run("generate", "--orders", "30", "--seed", "3", "--plant", plant, "--start", "2026-11-26T06:00", "--load", "0.6", "--out", light);
        var b = Forge.Run("generate", "--orders", "30", "--seed", "3", "--plant", plant, "--start", "2026-11-26T06:00", "--load", "1.1", "--out", heavy);

        Assert.True(a.ExitCode == ExitCodes.Ok, a.Error);
        Assert.True(b.ExitCode == ExitCodes.Ok, b.Error);
        Assert.Contains("(load 0.60 over ", a.Out, StringComparison.Ordinal);
        Assert.Contains("(load 1.10 over ", b.Out, StringComparison.Ordinal);
        var lightBook = OrdersFile.Load(light, TestPlant.Plant());
        var heavyBook = OrdersFile.Load(heavy, TestPlant.Plant());
        Assert.True(heavyBook.Orders.Max(o => o.Release) < lightBook.Orders.Max(o => o.Release));
    }

    [Theory]
    [InlineData("--hours", "12", "--load", "0.8")]
    [InlineData("--load", "0", "--start", "2026-11-26T06:00")]
    [InlineData("--hot-share", "1.5", "--start", "2026-11-26T06:00")]
    [InlineData("--families", "shaft=2,anvil=1", "--start", "2026-11-26T06:00")]
    [InlineData("--families", "shaft=-1", "--start", "2026-11-26T06:00")]
    public void BadGenerationOptionIsExitTwoNamingIt(string option, string value, string other, string otherValue)
    {
        var (plant, _) = TestPlant.WriteFiles(_dir.Path);
        var result = Forge.Run("generate", "--orders", "5", "--seed", "1", "--plant", plant, option, value, other, otherValue, "--out", _dir.File("gen.json"));
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(option, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("gen.json")));
    }
}
