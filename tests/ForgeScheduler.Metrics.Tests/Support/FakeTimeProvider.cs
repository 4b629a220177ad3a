namespace ForgeScheduler.Metrics.Tests.Support;

/// <summary>A clock a test moves by hand (all the telemetry reads is "now").</summary>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now.ToUniversalTime();

    public void Advance(TimeSpan by) => _now += by;
}
