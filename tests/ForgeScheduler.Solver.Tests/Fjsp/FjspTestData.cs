using System.Globalization;
using ForgeScheduler.Solver.Fjsp;

namespace ForgeScheduler.Solver.Tests.Fjsp;

/// <summary>Hand-made instances and access to the shared benchmark files.</summary>
internal static class FjspTestData
{
    /// <summary>
    /// Two jobs, two machines (format: ops, then per op k and k machine/time pairs):
    ///   job 1: op 1 on M1 (6) or M2 (4); op 2 on M1 (1)
    ///   job 2: op 1 on M1 (6);           op 2 on M2 (6)
    /// Optimum 12: job 2 alone is a fixed chain 6 + 6 = 12, so no schedule ends before 12; and 12 is
    /// reached by J2 [0,6) on M1 then [6,12) on M2, J1 op 1 [0,4) on M2 and op 2 [6,7) on M1.
    /// The earliest-finish rule gets 17: it takes J1 op 1 on M2 [0,4) (finish 4), then J1 op 2 on
    /// M1 [4,5) (finish 5 beats J2's 6), which pushes J2 op 1 to [5,11) and op 2 to [11,17).
    /// The most-work-remaining rule serves job 2 (work 12 &gt; 5 + 1) first and gets the optimum 12.
    /// </summary>
    public const string TwoJobs = "2 2\n2 2 1 6 2 4 1 1 1\n2 1 1 6 1 2 6\n";

    public static FjspInstance TwoJobsInstance => FjspParser.Parse(TwoJobs, "two-jobs");

    /// <summary>
    /// Three jobs, two machines:
    ///   job 1: op 1 on M1 (5) or M2 (5); op 2 on M1 (5)
    ///   job 2: op 1 on M1 (4) or M2 (3); op 2 on M1 (5)
    ///   job 3: op 1 on M2 (4)
    /// Optimum 13. Lower bound: both second operations run on M1, one after the other. J1 op 2
    /// cannot start before 5 (op 1 takes 5 anywhere), J2 op 2 not before 3 (op 1 takes at least 3).
    /// J2 op 2 first: it ends at 8 at best, then J1 op 2 ends at 13 at best; J1 op 2 first: it ends
    /// at 10 at best, then J2 op 2 at 15. So no schedule ends before 13. Reached by
    /// M2: J2 op 1 [0,3), J1 op 1 [3,8), J3 [8,12); M1: J2 op 2 [3,8), J1 op 2 [8,13).
    /// All three greedy rules give 15 (they put J1 op 1 on M1 at [0,5)), so the solver must improve.
    /// </summary>
    public const string ThreeJobs = "3 2\n2 2 1 5 2 5 1 1 5\n2 2 1 4 2 3 1 1 5\n1 1 2 4\n";

    public static FjspInstance ThreeJobsInstance => FjspParser.Parse(ThreeJobs, "three-jobs");

    /// <summary>The folder shared/benchmarks/fjsp, a sibling of the repository root.</summary>
    public static string BenchmarkDirectory
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ForgeScheduler.sln")))
            {
                directory = directory.Parent;
            }

            if (directory is null)
            {
                throw new InvalidOperationException($"No ForgeScheduler.sln above {AppContext.BaseDirectory}.");
            }

            return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "benchmarks", "fjsp"));
        }
    }

    /// <summary>Parses e.g. <c>brandimarte/mk01</c>.</summary>
    public static FjspInstance Benchmark(string instance)
    {
        var path = Path.Combine(BenchmarkDirectory, instance + ".fjs");
        return FjspParser.Parse(File.ReadAllText(path), path);
    }

    /// <summary>The rows of bks.csv: instance, jobs, machines, bks, lb.</summary>
    public static IReadOnlyDictionary<string, (int Jobs, int Machines, int Bks, int LowerBound)> BestKnown()
    {
        var rows = new Dictionary<string, (int, int, int, int)>();
        foreach (var line in File.ReadLines(Path.Combine(BenchmarkDirectory, "bks.csv")).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var cells = line.Split(',');
            rows[cells[0]] = (Int(cells[1]), Int(cells[2]), Int(cells[3]), Int(cells[4]));
        }

        return rows;
    }

    private static int Int(string cell) => int.Parse(cell, NumberStyles.None, CultureInfo.InvariantCulture);
}
