using System.Globalization;

namespace ForgeScheduler.Solver.Fjsp;

/// <summary>
/// Reads the <c>.fjs</c> text format (shared/benchmarks/fjsp/README.md): a header line
/// <c>jobs machines [average-machines-per-operation]</c>, then one line per job
/// <c>n  k m t … m t  k m t …</c>. Values are separated by any whitespace; blank lines carry no meaning.
/// </summary>
public static class FjspParser
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="sourceName"/> only names it in error messages.</summary>
    /// <exception cref="FjspFormatException">The text does not follow the format.</exception>
    public static FjspInstance Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);

        var lines = NonBlankLines(text);
        if (lines.Count == 0)
        {
            throw new FjspFormatException(sourceName, 1, "the text is empty; expected a header line 'jobs machines'");
        }

        var header = new LineCursor(sourceName, lines[0]);
        var jobCount = header.NextInt("the number of jobs");
        var machineCount = header.NextInt("the number of machines");
        if (jobCount < 1)
        {
            throw header.Error($"the header says {jobCount} jobs; there must be at least 1");
        }

        if (machineCount < 1)
        {
            throw header.Error($"the header says {machineCount} machines; there must be at least 1");
        }

        header.SkipOptionalDecimal("the average number of machines per operation");
        header.ExpectEnd("after the header's 2 or 3 numbers");

        var jobs = new List<FjspJob>(jobCount);
        for (var j = 1; j <= jobCount; j++)
        {
            if (j >= lines.Count)
            {
                var last = lines[^1];
                throw new FjspFormatException(
                    sourceName, last.Number, $"the text ends after {j - 1} of the {jobCount} jobs the header announces");
            }

            jobs.Add(ParseJob(new LineCursor(sourceName, lines[j]), j, machineCount));
        }

        if (lines.Count > jobCount + 1)
        {
            throw new FjspFormatException(
                sourceName,
                lines[jobCount + 1].Number,
                $"unexpected line after the last job (the header announces {jobCount} jobs)");
        }

        return new FjspInstance(jobs, machineCount);
    }

    private static FjspJob ParseJob(LineCursor line, int job, int machineCount)
    {
        var operationCount = line.NextInt($"the number of operations of job {job}");
        var operations = new List<FjspOperation>();
        for (var o = 1; o <= operationCount; o++)
        {
            var where = $"operation {o} of job {job}";
            var machineOptions = line.NextInt($"the number of machines of {where}");
            if (machineOptions < 1)
            {
                throw line.Error($"{where} lists {machineOptions} machines; it needs at least 1");
            }

            var alternatives = new List<FjspAlternative>(Math.Min(machineOptions, machineCount));
            for (var a = 1; a <= machineOptions; a++)
            {
                var machine = line.NextInt($"machine {a} of {machineOptions} of {where}");
                if (machine < 1 || machine > machineCount)
                {
                    throw line.Error(
                        $"{where} uses machine {machine}, outside 1..{machineCount} (machine numbers are 1-based)");
                }

                if (alternatives.Exists(alternative => alternative.Machine == machine))
                {
                    throw line.Error($"{where} lists machine {machine} more than once");
                }

                var duration = line.NextInt($"the processing time of {where} on machine {machine}");
                alternatives.Add(new FjspAlternative(machine, duration));
            }

            operations.Add(new FjspOperation(alternatives));
        }

        line.ExpectEnd($"after the {operationCount} operations of job {job}");
        return new FjspJob(operations);
    }

    private static List<NumberedLine> NonBlankLines(string text)
    {
        var result = new List<NumberedLine>();
        var rawLines = text.Split('\n');
        for (var i = 0; i < rawLines.Length; i++)
        {
            // Split(null) splits on every whitespace character, so tabs, runs of spaces and a
            // stray '\r' from Windows line endings all separate values.
            var tokens = rawLines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length > 0)
            {
                result.Add(new NumberedLine(i + 1, tokens));
            }
        }

        return result;
    }

    private sealed record NumberedLine(int Number, string[] Tokens);

    /// <summary>Reads the values of one line in order and turns every problem into a located error.</summary>
    private sealed class LineCursor(string sourceName, NumberedLine line)
    {
        private int _next;

        public int NextInt(string what)
        {
            if (_next >= line.Tokens.Length)
            {
                throw Error($"the line ends where {what} was expected");
            }

            var token = line.Tokens[_next++];
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw Error($"value {_next} '{Shorten(token)}' should be {what}, a non-negative integer");
            }

            return value;
        }

        public void SkipOptionalDecimal(string what)
        {
            if (_next >= line.Tokens.Length)
            {
                return;
            }

            var token = line.Tokens[_next++];
            if (!double.TryParse(token, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
            {
                throw Error($"value {_next} '{Shorten(token)}' should be {what}, a non-negative number");
            }
        }

        public void ExpectEnd(string where)
        {
            var extra = line.Tokens.Length - _next;
            if (extra > 0)
            {
                throw Error($"{extra} unexpected value(s) {where}, starting with '{Shorten(line.Tokens[_next])}'");
            }
        }

        public FjspFormatException Error(string problem) => new(sourceName, line.Number, problem);

        private static string Shorten(string token) => token.Length <= 20 ? token : token[..20] + "…";
    }
}
