namespace ForgeScheduler.Mes.Simulation;

/// <summary>Plant time for the simulator: <c>--speed 60</c> plays one plant minute per real second.
/// Tests use <see cref="FakePlantClock"/> so a plant day passes without waiting.</summary>
public interface IPlantClock
{
    DateTimeOffset Now { get; }

    /// <summary>Returns when the plant clock has reached <paramref name="plantTime"/> (at once if it has).</summary>
    Task WaitUntilAsync(DateTimeOffset plantTime, CancellationToken cancellationToken);
}

/// <summary>Plant time running <see cref="Speed"/> times faster than real time from <c>plantStart</c>,
/// which is "now" when the clock is created.</summary>
public sealed class ScaledPlantClock : IPlantClock
{
    private readonly DateTimeOffset _plantStart;
    private readonly DateTimeOffset _realStart;
    private readonly TimeProvider _time;

    public ScaledPlantClock(DateTimeOffset plantStart, double speed, TimeProvider? time = null)
    {
        if (!(speed > 0) || double.IsInfinity(speed)) throw new ArgumentOutOfRangeException(nameof(speed), speed, "speed must be a positive number");
        _plantStart = plantStart;
        Speed = speed;
        _time = time ?? TimeProvider.System;
        _realStart = _time.GetUtcNow();
    }

    public double Speed { get; }

    public DateTimeOffset Now => _plantStart + (_time.GetUtcNow() - _realStart) * Speed;

    public Task WaitUntilAsync(DateTimeOffset plantTime, CancellationToken cancellationToken)
    {
        var real = (plantTime - Now) / Speed;
        return real <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(real, _time, cancellationToken);
    }
}

/// <summary>A clock that jumps: waiting moves it straight to the time waited for. Records the waits,
/// so a test can check the player paced itself.</summary>
public sealed class FakePlantClock(DateTimeOffset start) : IPlantClock
{
    private readonly List<DateTimeOffset> _waits = [];

    public DateTimeOffset Now { get; private set; } = start;

    public IReadOnlyList<DateTimeOffset> Waits => _waits;

    public Task WaitUntilAsync(DateTimeOffset plantTime, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _waits.Add(plantTime);
        if (plantTime > Now) Now = plantTime;
        return Task.CompletedTask;
    }

    public void Advance(TimeSpan by) => Now += by;
}
