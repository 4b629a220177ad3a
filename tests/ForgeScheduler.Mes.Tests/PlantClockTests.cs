using ForgeScheduler.Mes.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace ForgeScheduler.Mes.Tests;

public sealed class PlantClockTests
{
    private static readonly DateTimeOffset PlantStart = new(2026, 11, 26, 6, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Real time that moves only when the test says so.</summary>
    private static FakeTimeProvider RealTime() => new(new DateTimeOffset(2026, 11, 25, 7, 0, 0, TimeSpan.Zero));

    [Fact]
    public void SpeedSixtyRunsOnePlantMinutePerRealSecond()
    {
        var real = RealTime();
        var clock = new ScaledPlantClock(PlantStart, 60, real);
        Assert.Equal(PlantStart, clock.Now);
        real.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(PlantStart.AddMinutes(10), clock.Now);
    }

    [Fact]
    public void WaitingForAPlantTimeAlreadyPassedReturnsAtOnce()
    {
        var real = RealTime();
        var clock = new ScaledPlantClock(PlantStart, 60, real);
        real.Advance(TimeSpan.FromSeconds(30));
        Assert.True(clock.WaitUntilAsync(PlantStart.AddMinutes(29), CancellationToken.None).IsCompletedSuccessfully);
        Assert.False(clock.WaitUntilAsync(PlantStart.AddMinutes(31), CancellationToken.None).IsCompleted);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-60.0)]
    [InlineData(double.NaN)]
    public void SpeedMustBePositive(double speed) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledPlantClock(PlantStart, speed));

    [Fact]
    public void FakeClockJumpsForwardToWhatIsWaitedForButNeverBack()
    {
        var clock = new FakePlantClock(PlantStart);
        Assert.True(clock.WaitUntilAsync(PlantStart.AddHours(2), CancellationToken.None).IsCompletedSuccessfully);
        Assert.Equal(PlantStart.AddHours(2), clock.Now);
        _ = clock.WaitUntilAsync(PlantStart.AddHours(1), CancellationToken.None);
        Assert.Equal(PlantStart.AddHours(2), clock.Now);
        Assert.Equal([PlantStart.AddHours(2), PlantStart.AddHours(1)], clock.Waits);
    }
}
