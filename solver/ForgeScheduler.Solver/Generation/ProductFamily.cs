namespace ForgeScheduler.Solver.Generation;

/// <summary>A family of forgings the generator draws from: how often it occurs, its mass range, its
/// shape (length over diameter of the enveloping cylinder), its steel grades and the post-forging
/// heat treatments it usually gets (recipe ids of the reference plant; other plants fall back to any
/// recipe they can run).</summary>
public sealed record ProductFamily(
    string Name,
    double Share,
    double MinTonnes,
    double MaxTonnes,
    double MassSkew,
    double MinLengthOverDiameter,
    double MaxLengthOverDiameter,
    IReadOnlyList<string> Grades,
    IReadOnlyList<string> Recipes)
{
    /// <summary>The shop's mix (datasets/README.md). Mass is drawn log-uniformly between the bounds with
    /// the uniform number raised to <see cref="MassSkew"/>, so small pieces are many and huge ones few.</summary>
    public static IReadOnlyList<ProductFamily> HeavyForgingShop { get; } =
    [
        new("shaft", 0.40, 2, 60, 1.6, 3.0, 6.0,
            ["42CrMo4", "34CrNiMo6", "35CrMo", "C45"], ["normalise-890", "quench-temper-860"]),
        new("ring", 0.29, 2, 35, 1.8, 0.25, 0.6,
            ["42CrMo4", "20MnMo", "Q345E", "34CrNiMo6"], ["normalise-890", "quench-temper-860"]),
        new("roll", 0.12, 6, 100, 1.6, 3.0, 5.0,
            ["70Cr3Mo", "9Cr2Mo", "Cr5", "42CrMo4"], ["hydrogen-anneal-650"]),
        new("tube-sheet", 0.08, 12, 150, 1.6, 0.15, 0.35,
            ["20MnMoNi55", "SA508-3", "16MnD"], ["normalise-890", "quench-temper-860"]),
        new("rotor", 0.11, 20, 200, 1.4, 2.5, 4.5,
            ["30Cr2Ni4MoV", "25Cr2Ni4MoV", "30Cr1Mo1V"], ["temper-640", "hydrogen-anneal-650"]),
    ];
}
