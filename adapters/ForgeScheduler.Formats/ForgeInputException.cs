namespace ForgeScheduler.Formats;

/// <summary>Bad input, told in one line that names the file and the field (or line and column).
/// The CLI prints <see cref="Exception.Message"/> and exits 2; the API turns it into problem details.</summary>
public sealed class ForgeInputException : Exception
{
    public ForgeInputException(string file, string location, string problem)
        : base($"{file}: {location}: {problem}")
    {
        File = file;
        Location = location;
        Problem = problem;
    }

    public ForgeInputException(string file, IReadOnlyList<(string Location, string Problem)> problems)
        : base(string.Join(Environment.NewLine, problems.Select(p => $"{file}: {p.Location}: {p.Problem}")))
    {
        File = file;
        Location = problems.Count > 0 ? problems[0].Location : "";
        Problem = problems.Count > 0 ? problems[0].Problem : "";
        AllProblems = problems;
    }

    public string File { get; }
    public string Location { get; }
    public string Problem { get; }
    public IReadOnlyList<(string Location, string Problem)> AllProblems { get; } = [];
}
