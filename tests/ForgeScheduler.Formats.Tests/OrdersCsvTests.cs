using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Formats.Tests;

public sealed class OrdersCsvTests
{
    private const string Header =
        "id,product,grade,mass_t,diameter_m,release,release_temp_c,due,weight,heat_treatment,cold_heating_h,forge_temp_c,press_min,min_force_mn,finish_temp_c";

    private static string Reference(string file) => Path.Combine(RepositoryRoot(), "datasets", "reference", file);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ForgeScheduler.sln"))) return dir.FullName;
        throw new InvalidOperationException("no ForgeScheduler.sln above the test binaries");
    }

    private static string Text(OrderBook book) => JsonFiles.Serialize(OrdersFile.ToDocument(book));

    private static ForgeInputException ParseFails(string csv) =>
        Assert.Throws<ForgeInputException>(() => OrdersCsv.Parse(csv, "orders.csv", "ref-forge"));

    [Fact]
    public void ReferenceDayCsvHoldsTheSameBookAsTheJson()
    {
        var json = OrdersFile.Parse(File.ReadAllText(Reference("orders-day.json")), "orders-day.json");
        var csv = OrdersCsv.Parse(File.ReadAllText(Reference("orders-day.csv")), "orders-day.csv", json.Plant);
        Assert.Equal(30, csv.Orders.Count);
        Assert.Equal(json.PlanStart, csv.PlanStart);
        // The CSV has no column for the furnaces hot at plan start; everything else is the same.
        Assert.Equal(Text(json with { FurnacesHotAtStart = [] }), Text(csv));
    }

    [Fact]
    public void ReferenceDayCsvLoadsAgainstTheReferencePlant()
    {
        var plant = PlantFile.Load(Reference("plant.json"));
        var book = OrdersFile.Load(Reference("orders-day.csv"), plant);
        Assert.Equal("ref-forge", book.Plant);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.FromHours(8)), book.PlanStart);
    }

    [Fact]
    public void WrittenWeekParsesBackToTheSameBook()
    {
        var week = OrdersFile.Parse(File.ReadAllText(Reference("orders-week.json")), "orders-week.json");
        var back = OrdersCsv.Parse(OrdersCsv.Write(week), "week.csv", week.Plant);
        // The CSV has no column for the furnaces hot at plan start (docs/formats-csv.md).
        Assert.Equal(Text(week with { FurnacesHotAtStart = [] }), Text(back));
    }

    [Fact]
    public void ReadsHeatsColdStockAndDefaults()
    {
        var book = OrdersCsv.Parse($"""
            {Header}
            A-2,ring,Q345E,4.5,0.5,2026-11-26T09:00:00+08:00,,2026-11-28T09:00:00+08:00,,normalise-890,3.5,1180,25,,
            A-1, shaft ,42CrMo4,12.5,0.8,2026-11-26T07:30:00+08:00,820,2026-11-28T07:00:00+08:00,2,quench-temper-860,,1200;1180,40;30,20.5;17,880; 760
            """, "orders.csv", "ref-forge");
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 7, 30, 0, TimeSpan.FromHours(8)), book.PlanStart);
        var cold = book.Find("A-2")!;
        Assert.Null(cold.ReleaseTempC);
        Assert.Equal(1.0, cold.Weight);
        Assert.Equal(3.5, cold.ColdHeatingHours);
        Assert.Equal(new ForgingHeat(1180, 25, 0, 800), Assert.Single(cold.Heats));
        var hot = book.Find("A-1")!;
        Assert.Equal("shaft", hot.Product);
        Assert.Equal(820, hot.ReleaseTempC);
        Assert.Null(hot.ColdHeatingHours);
        Assert.Equal([new ForgingHeat(1200, 40, 20.5, 880), new ForgingHeat(1180, 30, 17, 760)], hot.Heats);
    }

    [Fact]
    public void BadNumberNamesFileLineAndColumn()
    {
        var e = ParseFails($"""
            {Header}
            A-1,shaft,42CrMo4,12,0.8,2026-11-26T07:30:00+08:00,,2026-11-28T07:00:00+08:00,1,normalise-890,,1200,40,20,880
            A-2,shaft,42CrMo4,13,0.8,2026-11-26T07:30:00+08:00,,2026-11-28T07:00:00+08:00,1,normalise-890,,1200,40,20,880
            A-3,shaft,42CrMo4,abc,0.8,2026-11-26T07:30:00+08:00,,2026-11-28T07:00:00+08:00,1,normalise-890,,1200,40,20,880
            """);
        Assert.Equal("orders.csv: line 4, column mass_t: 'abc' is not a number", e.Message);
        Assert.Equal("line 4, column mass_t", e.Location);
    }

    [Fact]
    public void BadPerHeatValueNamesItsColumn()
    {
        var e = ParseFails($"""
            {Header}

            A-1,shaft,42CrMo4,12,0.8,2026-11-26T07:30:00+08:00,,2026-11-28T07:00:00+08:00,1,normalise-890,,1200;1180,40;x,20;18,880;800
            """);
        // The empty line is counted: people look lines up in an editor.
        Assert.Equal("line 3, column press_min", e.Location);
        Assert.Contains("'x' is not a number", e.Problem);
    }

    [Fact]
    public void HeatCountsMustAgreeAcrossPerHeatColumns()
    {
        var e = ParseFails($"""
            {Header}
            A-1,shaft,42CrMo4,12,0.8,2026-11-26T07:30:00+08:00,,2026-11-28T07:00:00+08:00,1,normalise-890,,1200;1180,40;30,20;18,880
            """);
        Assert.Equal("line 2, column finish_temp_c", e.Location);
        Assert.Contains("has 1 value but forge_temp_c has 2", e.Problem);
    }

    [Fact]
    public void ReleaseWithoutOffsetIsRejected()
    {
        var e = ParseFails($"""
            {Header}
            A-1,shaft,42CrMo4,12,0.8,2026-11-26T07:30:00,,2026-11-28T07:00:00+08:00,1,normalise-890,,1200,40,20,880
            """);
        Assert.Equal("line 2, column release", e.Location);
        Assert.Contains("no UTC offset", e.Problem);
    }

    [Fact]
    public void MissingColumnIsNamedOnTheHeaderLine()
    {
        var e = ParseFails("""
            id,product,grade,mass_t,release,release_temp_c,due,weight,heat_treatment,cold_heating_h,forge_temp_c,press_min,min_force_mn,finish_temp_c
            A-1,shaft,42CrMo4,12,2026-11-26T07:30:00+08:00,,2026-11-28T07:00:00+08:00,1,normalise-890,,1200,40,20,880
            """);
        Assert.Equal("orders.csv: line 1: missing column 'diameter_m'", e.Message);
    }

    [Fact]
    public void MissingRequiredValueAndDuplicateIdsAreNamed()
    {
        var missing = ParseFails($"""
            {Header}
            A-1,shaft,42CrMo4,12,0.8,2026-11-26T07:30:00+08:00,,2026-11-28T07:00:00+08:00,1,,,1200,40,20,880
            """);
        Assert.Equal("line 2, column heat_treatment", missing.Location);
        Assert.Equal("is required", missing.Problem);
        var duplicate = ParseFails($"""
            {Header}
            A-1,shaft,42CrMo4,12,0.8,2026-11-26T07:30:00+08:00,,2026-11-28T07:00:00+08:00,1,normalise-890,,1200,40,20,880
            A-1,shaft,42CrMo4,12,0.8,2026-11-26T07:30:00+08:00,,2026-11-28T07:00:00+08:00,1,normalise-890,,1200,40,20,880
            """);
        Assert.Contains("'A-1' appears more than once", duplicate.Problem);
    }
}
