namespace ForgeScheduler.Metrics.Tests.Support;

public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string ReferencePlant => Path("datasets", "reference", "plant.json");

    public static string Dashboards => Path("dashboards");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ForgeScheduler.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no ForgeScheduler.sln above {AppContext.BaseDirectory}");
    }
}
