using System.Diagnostics;
using System.Text.RegularExpressions;
using ForgeScheduler.Formats;
using static ForgeScheduler.Api.Tests.Reference;

namespace ForgeScheduler.Api.Tests;

/// <summary>The planner's page in a real browser (Debian's Chromium, headless) against the real service.</summary>
public sealed class PlannerPageChromiumTests(MemoryHostFixture fixture) : IClassFixture<MemoryHostFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task PageShowsTheScheduleAndTheNewVersionAfterAReschedule()
    {
        var (plant, _) = await fixture.PlantWithScheduleAsync("page-plant", 4);
        var client = fixture.Host.Client;
        var first = ScheduleFile.Parse(await client.GetStringAsync($"api/v1/plants/{plant}/schedule"), "schedule");
        var url = new Uri(client.BaseAddress!, $"/?plant={plant}").AbsoluteUri;

        var dom = DumpDom(url);
        Assert.Contains("version 1 (", dom, StringComparison.Ordinal);
        var gantt = Regex.Match(dom, "<svg id=\"gantt\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.Equal(first.Operations.Count, Regex.Matches(gantt, "<rect ").Count);
        Assert.Equal(first.Operations.Select(o => o.Resource).Distinct().Count(), Regex.Matches(gantt, "<text ").Count);
        Assert.Contains("<td>CO2 kg/t</td>", dom, StringComparison.Ordinal);

        using var replanned = await PostAsync(client, $"api/v1/plants/{plant}/reschedule", "");
        Assert.True(replanned.IsSuccessStatusCode, await replanned.Content.ReadAsStringAsync());
        var again = DumpDom(url);
        Assert.Contains("version 2 (", again, StringComparison.Ordinal);
        // The history lists both versions.
        Assert.Equal(2, Regex.Matches(Regex.Match(again, "<table id=\"history\".*?</table>", RegexOptions.Singleline).Value, "<tr><td>").Count);
    }

    private static string DumpDom(string url)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install it (apt-get install -y chromium); scripts/test.sh installs it.");
        var profile = Directory.CreateTempSubdirectory("forge-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", $"--user-data-dir={profile}",
                         "--virtual-time-budget=8000", "--dump-dom", url })
                start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not finish within 90 s");
            }
            return stdout.Result;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
