using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Prometheus;

namespace ForgeScheduler.Metrics.Tests.Support;

/// <summary>One sample line of the Prometheus text format.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>Reads what a registry exports, the way Prometheus would see it.</summary>
public static partial class Exposition
{
    public static async Task<string> ScrapeAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static IReadOnlyList<Sample> Parse(string text) =>
        text.Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => SampleLine().Match(l))
            .Where(m => m.Success)
            .Select(m => new Sample(
                m.Groups["name"].Value,
                LabelPair().Matches(m.Groups["labels"].Value).ToDictionary(p => p.Groups[1].Value, p => p.Groups[2].Value),
                ParseValue(m.Groups["value"].Value)))
            .ToList();

    /// <summary>The value of the one series of <paramref name="name"/> carrying all the given labels.</summary>
    public static double Value(IReadOnlyList<Sample> samples, string name, params (string Label, string Value)[] labels)
    {
        var matching = Series(samples, name, labels);
        return matching.Count == 1
            ? matching[0].Value
            : throw new InvalidOperationException($"{matching.Count} series of {name}{{{string.Join(",", labels)}}}");
    }

    public static IReadOnlyList<Sample> Series(IReadOnlyList<Sample> samples, string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value)).ToList();

    private static double ParseValue(string v) => v switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(v, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(\w+)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
