namespace ForgeScheduler.Solver.Fjsp;

/// <summary>
/// A <c>.fjs</c> text does not follow the format. The message names the source, the 1-based line
/// number and what was wrong, e.g. <c>mk01.fjs, line 3: operation 2 of job 2 lists 0 machines</c>.
/// </summary>
public sealed class FjspFormatException : FormatException
{
    public FjspFormatException(string sourceName, int lineNumber, string problem)
        : base($"{sourceName}, line {lineNumber}: {problem}")
    {
        SourceName = sourceName;
        LineNumber = lineNumber;
        Problem = problem;
    }

    /// <summary>The name the caller gave the text (usually its file path).</summary>
    public string SourceName { get; }

    /// <summary>1-based line number where the problem was found.</summary>
    public int LineNumber { get; }

    /// <summary>What was wrong, without the source and line prefix.</summary>
    public string Problem { get; }
}
