using System.Diagnostics;
using System.Text.RegularExpressions;
using ForgeScheduler.Formats;

namespace ForgeScheduler.Cli.Tests;

/// <summary>gantt.html in a real browser: the DOM after the script ran, and no console errors.</summary>
public sealed class GanttChromiumTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string WritePage()
    {
        var plant = TestPlant.Plant();
        var book = TestPlant.Orders();
        var path = _dir.File("gantt.html");
        GanttHtml.Write(path, plant, book, TestPlant.Schedule(plant, book, "cpsat"), TestPlant.Kpis(0.8),
            TestPlant.Schedule(plant, book, "baseline"), TestPlant.Kpis());
        return path;
    }

    private (string Out, string Error) RunChromium(params string[] args)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install it (apt-get install -y chromium); .ci/run installs it.");
        var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", $"--user-data-dir={_dir.File("profile")}" }.Concat(args))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 90 s");
        }
        return (stdout.Result, stderr.Result);
    }

    [Fact]
    public void BrowserShowsALanePerResourceAndABarPerOperation()
    {
        var page = WritePage();
        var (dom, _) = RunChromium("--dump-dom", new Uri(page).AbsoluteUri);
        var method = Regex.Match(dom, "<section class=\"schedule\" data-role=\"method\".*?</section>", RegexOptions.Singleline).Value;
        Assert.Equal(TestPlant.ResourceCount, Regex.Matches(method, "<g class=\"lane\"").Count);
        Assert.Equal(6, Regex.Matches(method, "<rect class=\"op ").Count);
        // The script ran to its end: it hid the baseline and counted the visible bars.
        Assert.Matches("<section class=\"schedule\" data-role=\"baseline\" data-method=\"baseline\" hidden=\"\"", dom);
        Assert.Contains("data-ready=\"6\"", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void PageLogsNothingToTheConsole()
    {
        var page = WritePage();
        var (_, log) = RunChromium("--enable-logging=stderr", "--v=0", "--dump-dom", new Uri(page).AbsoluteUri);
        var console = log.Split('\n').Where(l => l.Contains("CONSOLE", StringComparison.Ordinal) || l.Contains("Uncaught", StringComparison.Ordinal)).ToList();
        Assert.True(console.Count == 0, "console output from the page:\n" + string.Join('\n', console));
    }
}
