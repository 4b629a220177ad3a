namespace ForgeScheduler.Mes.Simulation;

/// <summary>How noisy and how disturbed the simulated plant day is. Probabilities are per chance:
/// a trip per furnace that the schedule uses, a late start per heating operation, a rush order per
/// simulated schedule.</summary>
public sealed record SimulationOptions
{
    /// <summary>Order ids the plant already holds (another day's book): a rush order never takes one.</summary>
    public IReadOnlySet<string> TakenOrderIds { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>σ of the measured temperature around the physics value (pyrometers and thermocouples on a
    /// forging are good to about ±15 °C).</summary>
    public double TempNoiseSigmaC { get; init; } = 15.0;

    /// <summary>Relative σ of metered energy around the physics value.</summary>
    public double EnergyNoiseSigma { get; init; } = 0.05;

    public double FurnaceTripProbability { get; init; } = 0.05;
    public double TripMinMinutes { get; init; } = 60;
    public double TripMaxMinutes { get; init; } = 240;

    public double LateHeatProbability { get; init; } = 0.05;
    public double LateHeatMinMinutes { get; init; } = 30;
    public double LateHeatMaxMinutes { get; init; } = 90;

    public double RushOrderProbability { get; init; } = 0.3;

    /// <summary>A rush order is due this many times its shortest possible flow time after it arrives.</summary>
    public double RushDueFactor { get; init; } = 1.5;

    public double RushWeight { get; init; } = 5.0;

    /// <summary>Only measurement noise: every operation starts and ends as planned.</summary>
    public static SimulationOptions NoDisruptions { get; } = new()
    {
        FurnaceTripProbability = 0,
        LateHeatProbability = 0,
        RushOrderProbability = 0,
    };
}
