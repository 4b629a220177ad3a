using ForgeScheduler.Solver.Fjsp;

namespace ForgeScheduler.Solver.Tests.Fjsp;

public sealed class FjspParserTests
{
    [Fact]
    public void ParsesJobsOperationsAndAlternativesInOrder()
    {
        // Decimal third header number, tabs and runs of spaces, blank lines, no trailing newline.
        const string text = "2\t3   1.5\n\n2  2 1 5 3 4  1 2 7\n\n\n1 3\t1 1  2 2  3 3";

        var instance = FjspParser.Parse(text, "inline");

        Assert.Equal(3, instance.MachineCount);
        Assert.Equal(2, instance.Jobs.Count);
        Assert.Equal(2, instance.Jobs[0].Operations.Count);
        Assert.Equal([new FjspAlternative(1, 5), new FjspAlternative(3, 4)], instance.Jobs[0].Operations[0].Alternatives);
        Assert.Equal([new FjspAlternative(2, 7)], instance.Jobs[0].Operations[1].Alternatives);
        Assert.Single(instance.Jobs[1].Operations);
        Assert.Equal(
            [new FjspAlternative(1, 1), new FjspAlternative(2, 2), new FjspAlternative(3, 3)],
            instance.Jobs[1].Operations[0].Alternatives);
    }

    [Fact]
    public void AcceptsWindowsLineEndingsAndHeaderWithoutThirdNumber()
    {
        var instance = FjspParser.Parse("1 2\r\n1 1 2 9\r\n", "crlf");

        Assert.Equal(2, instance.MachineCount);
        Assert.Equal([new FjspAlternative(2, 9)], instance.Jobs[0].Operations[0].Alternatives);
    }

    [Fact]
    public void ReadsFirstJobOfMk01AsTheReadmeDescribesIt()
    {
        var instance = FjspTestData.Benchmark("brandimarte/mk01");

        var first = instance.Jobs[0].Operations;
        Assert.Equal(6, first.Count);
        Assert.Equal([new FjspAlternative(1, 5), new FjspAlternative(3, 4)], first[0].Alternatives);
        Assert.Equal(
            [new FjspAlternative(5, 3), new FjspAlternative(3, 5), new FjspAlternative(2, 1)],
            first[1].Alternatives);
    }

    [Theory]
    [InlineData("brandimarte/mk01")]
    [InlineData("brandimarte/mk02")]
    [InlineData("brandimarte/mk03")]
    [InlineData("brandimarte/mk04")]
    [InlineData("brandimarte/mk05")]
    [InlineData("brandimarte/mk06")]
    [InlineData("brandimarte/mk07")]
    [InlineData("brandimarte/mk08")]
    [InlineData("brandimarte/mk09")]
    [InlineData("brandimarte/mk10")]
    public void ParsesEveryBrandimarteFileWithTheSizeListedInBksCsv(string name)
    {
        var expected = FjspTestData.BestKnown()[name];

        var instance = FjspTestData.Benchmark(name);

        Assert.Equal(expected.Jobs, instance.Jobs.Count);
        Assert.Equal(expected.Machines, instance.MachineCount);
    }

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("\n  \n", 1, "empty")]
    [InlineData("10", 1, "number of machines")]
    [InlineData("2 3 x", 1, "'x'")]
    [InlineData("2 3 1.5 7", 1, "unexpected value")]
    [InlineData("0 3\n", 1, "0 jobs")]
    [InlineData("1 0\n", 1, "0 machines")]
    [InlineData("2 3\n1 1 1 5\n", 2, "ends after 1 of the 2 jobs")]
    [InlineData("1 2\n\n\n2 1 1 5 1 3 4", 4, "operation 2 of job 1 uses machine 3, outside 1..2")]
    [InlineData("1 2\n1 1 0 5", 2, "uses machine 0")]
    [InlineData("1 2\n1 0", 2, "operation 1 of job 1 lists 0 machines")]
    [InlineData("1 2\n1 2 1 5 1 4", 2, "lists machine 1 more than once")]
    [InlineData("1 2\n1 1 1 5 7 8", 2, "2 unexpected value(s) after the 1 operations of job 1")]
    [InlineData("1 2\n1 1 1 5\n1 1 1 5", 3, "unexpected line after the last job")]
    [InlineData("1 2\n1 1 1 -5", 2, "'-5'")]
    [InlineData("1 2\n1 1 1 2.5", 2, "'2.5'")]
    [InlineData("1 2\n1 1 1 99999999999", 2, "'99999999999'")]
    [InlineData("1 2\n2 1 1 5", 2, "the number of machines of operation 2 of job 1")]
    [InlineData("1 2\n1 1 1", 2, "the processing time of operation 1 of job 1 on machine 1")]
    public void RejectsMalformedTextNamingSourceAndLine(string text, int line, string problem)
    {
        var exception = Assert.Throws<FjspFormatException>(() => FjspParser.Parse(text, "bad.fjs"));

        Assert.Equal(line, exception.LineNumber);
        Assert.StartsWith($"bad.fjs, line {line}: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains(problem, exception.Problem, StringComparison.Ordinal);
    }
}
