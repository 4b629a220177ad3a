using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Cli.Tests;

/// <summary><c>forge validate</c> exit codes. These need the validator.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Forge.Result Validate(Func<Schedule, Schedule> change)
    {
        var (plant, orders) = TestPlant.WriteFiles(_dir.Path);
        var schedule = change(TestPlant.Schedule(TestPlant.Plant(), TestPlant.Orders()));
        var path = _dir.File("schedule.json");
        ScheduleFile.Save(path, schedule, kpis: null);
        return Forge.Run("validate", "--plant", plant, "--orders", orders, "--schedule", path);
    }

    [Fact]
    public void HandMadeScheduleIsValidAndExitsZero()
    {
        var result = Validate(s => s);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Out + result.Error);
        Assert.StartsWith("valid: 6 operations", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ForgeStartingAnHourAfterTheFurnaceIsInvalidAndExitsOne()
    {
        // The transfer window from furnace to press is 10 minutes.
        var result = Validate(s => s with
        {
            Operations = s.Operations.Select(o => o.Order == "O1" && o.Kind == OperationKind.Forge
                ? o with { Start = o.Start.AddHours(1), End = o.End.AddHours(1) }
                : o).ToList(),
        });
        Assert.Equal(ExitCodes.Invalid, result.ExitCode);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.StartsWith("[", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("order O1", StringComparison.Ordinal) && l.Contains("step 2", StringComparison.Ordinal));
    }
}
