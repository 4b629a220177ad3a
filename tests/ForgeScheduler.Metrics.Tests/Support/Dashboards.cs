using System.Text.Json.Nodes;

namespace ForgeScheduler.Metrics.Tests.Support;

public sealed record DashboardTarget(string Dashboard, string Panel, string RefId, string Expr);

/// <summary>The Grafana dashboards of <c>dashboards/grafana/dashboards</c> and the PromQL of their panels.</summary>
public static class Dashboards
{
    public static string Folder => RepositoryFiles.Path("dashboards", "grafana", "dashboards");

    public static IReadOnlyList<string> Files => Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal).ToList();

    public static JsonObject Load(string file) =>
        JsonNode.Parse(File.ReadAllText(file))?.AsObject() ?? throw new InvalidDataException($"{file}: not a JSON object");

    /// <summary>Every panel, including those folded inside rows.</summary>
    public static IEnumerable<JsonObject> Panels(JsonObject dashboard) =>
        (dashboard["panels"]?.AsArray() ?? []).OfType<JsonObject>()
            .SelectMany(p => p["type"]?.GetValue<string>() == "row"
                ? (p["panels"]?.AsArray() ?? []).OfType<JsonObject>()
                : [p]);

    /// <summary>Every target of every panel with Grafana's variables replaced as Grafana would: the plant
    /// variable by <paramref name="plant"/>, other dashboard variables by their current value, and the
    /// built-in intervals by values that fit a one-second scrape.</summary>
    public static IReadOnlyList<DashboardTarget> Targets(string plant) =>
        Files.SelectMany(file =>
        {
            var d = Load(file);
            var variables = (d["templating"]?["list"]?.AsArray() ?? []).OfType<JsonObject>()
                .Where(v => v["name"]?.GetValue<string>() != "plant")
                .ToDictionary(v => v["name"]!.GetValue<string>(), v => v["current"]?["value"]?.GetValue<string>() ?? "");
            return Panels(d).SelectMany(p => (p["targets"]?.AsArray() ?? []).OfType<JsonObject>()
                .Select(t => new DashboardTarget(
                    Path.GetFileName(file), p["title"]?.GetValue<string>() ?? "?", t["refId"]?.GetValue<string>() ?? "?",
                    Substitute(t["expr"]?.GetValue<string>() ?? "", plant, variables))));
        }).ToList();

    private static string Substitute(string expr, string plant, IReadOnlyDictionary<string, string> variables)
    {
        var s = expr.Replace("$__rate_interval", "1m").Replace("$__interval", "15s").Replace("$__range", "1h")
            .Replace("$plant", plant);
        foreach (var (name, value) in variables) s = s.Replace("$" + name, value);
        return s;
    }
}
