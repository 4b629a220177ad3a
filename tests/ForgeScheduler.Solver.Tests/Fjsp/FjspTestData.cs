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
    /// The earliest-finish greedy gets 17: it takes J1 op 1 on M2 [0,4) (finish 4), then J1 op 2 on
    /// M1 [4,5) (finish 5 beats J2's 6), which pushes J2 op 1 to [5,11) and op 2 to [11,17).
    /// </summary>
    public const string TwoJobs = "2 2\n2 2 1 6 2 4 1 1 1\n2 1 1 6 1 2 6\n";

    public static FjspInstance TwoJobsInstance => FjspParser.Parse(TwoJobs, "two-jobs");

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
