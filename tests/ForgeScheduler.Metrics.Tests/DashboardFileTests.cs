using System.Text.Json.Nodes;
using ForgeScheduler.Metrics.Tests.Support;

namespace ForgeScheduler.Metrics.Tests;

public sealed class DashboardFileTests
{
    [Fact]
    public void Both_dashboards_are_shipped_with_their_titles()
    {
        var titles = Dashboards.Files.Select(f => Dashboards.Load(f)["title"]!.GetValue<string>()).ToList();
        Assert.Equal(["Plant energy & carbon", "Scheduler"], titles);
    }

    [Fact]
    public void Every_panel_has_the_prometheus_datasource_a_unit_and_a_target_with_an_expression()
    {
        var problems = new List<string>();
        foreach (var file in Dashboards.Files)
        {
            var panels = Dashboards.Panels(Dashboards.Load(file)).ToList();
            Assert.NotEmpty(panels);
            foreach (var p in panels)
            {
                var name = $"{Path.GetFileName(file)} / {p["title"]}";
                if (p["datasource"]?["uid"]?.GetValue<string>() != "prometheus") problems.Add($"{name}: datasource");
                if (string.IsNullOrWhiteSpace(p["fieldConfig"]?["defaults"]?["unit"]?.GetValue<string>())) problems.Add($"{name}: unit");
                var targets = (p["targets"]?.AsArray() ?? []).OfType<JsonObject>().ToList();
                if (targets.Count == 0) problems.Add($"{name}: no target");
                if (targets.Any(t => string.IsNullOrWhiteSpace(t["expr"]?.GetValue<string>()))) problems.Add($"{name}: empty expr");
                if (targets.Any(t => t["datasource"]?["uid"]?.GetValue<string>() != "prometheus")) problems.Add($"{name}: target datasource");
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void Panel_ids_and_dashboard_uids_are_unique()
    {
        var uids = Dashboards.Files.Select(f => Dashboards.Load(f)["uid"]!.GetValue<string>()).ToList();
        Assert.Equal(uids.Count, uids.Distinct().Count());
        foreach (var file in Dashboards.Files)
        {
            var ids = Dashboards.Panels(Dashboards.Load(file)).Select(p => p["id"]!.GetValue<int>()).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
        }
    }

    [Fact]
    public void Provisioning_names_the_datasource_uid_the_panels_use_and_points_at_the_dashboards_folder()
    {
        var datasource = File.ReadAllText(RepositoryFiles.Path("dashboards", "grafana", "provisioning", "datasources", "prometheus.yml"));
        Assert.Contains("uid: prometheus", datasource);
        Assert.Contains("type: prometheus", datasource);
        var provider = File.ReadAllText(RepositoryFiles.Path("dashboards", "grafana", "provisioning", "dashboards", "forge.yml"));
        Assert.Contains("type: file", provider);
        Assert.Contains("path: ${FORGE_DASHBOARDS}", provider);
    }

    [Fact]
    public async Task Promtool_accepts_the_shipped_scrape_config()
    {
        var (exit, output) = await PrometheusServer.RunPromtoolAsync(null, "check", "config",
            RepositoryFiles.Path("dashboards", "prometheus.yml"));
        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output);
    }
}
