using System.Xml.Linq;
using ForgeScheduler.Formats;
using ForgeScheduler.Mes.B2mml;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Mes.Tests;

public sealed class B2mmlOrdersTests
{
    /// <summary>The example document of docs/b2mml.md: the docs show what the code reads.</summary>
    private static string Example()
    {
        var doc = File.ReadAllText(Path.Combine(Reference.RepositoryRoot(), "docs", "b2mml.md"));
        var start = doc.IndexOf("```xml\n", StringComparison.Ordinal) + "```xml\n".Length;
        return doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
    }

    private static string Json(OrderBook book) => JsonFiles.Serialize(OrdersFile.ToDocument(book));

    private static ForgeInputException ParseFails(string xml) =>
        Assert.Throws<ForgeInputException>(() => B2mmlOrders.Parse(xml, "orders.xml", Reference.Plant));

    private static int LineOf(string text, string marker) =>
        text[..text.IndexOf(marker, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    private static string Replace(string text, string from, string to)
    {
        Assert.Contains(from, text);
        var i = text.IndexOf(from, StringComparison.Ordinal);
        return text[..i] + to + text[(i + from.Length)..];
    }

    [Fact]
    public void ReferenceDayComesBackFieldForFieldThroughB2mml()
    {
        var day = Reference.Day;
        var xml = B2mmlOrders.Write(day);
        var back = B2mmlOrders.Parse(xml, "day.xml", Reference.Plant);
        Assert.Equal(30, back.Orders.Count);
        Assert.Equal(day.PlanStart, back.PlanStart);
        // B2MML carries orders, not the plant's state: the furnaces hot at plan start stay behind.
        Assert.Equal(Json(day with { FurnacesHotAtStart = [] }), Json(back));
    }

    [Fact]
    public void RoundTripKeepsOptionalFieldsAndOddNumbers()
    {
        var o = Reference.Day.Orders[0] with
        {
            Id = "X-1", Product = "", Grade = "", MassTonnes = 0.1 + 0.2, ReleaseTempC = 812.25,
            ColdHeatingHours = 7.75, Weight = 1.0 / 3.0,
            Release = new DateTimeOffset(2026, 11, 26, 6, 0, 30, 500, TimeSpan.FromHours(8)),
        };
        var book = new OrderBook("ref-forge", o.Release, [o]);
        var back = B2mmlOrders.Parse(B2mmlOrders.Write(book), "x.xml", Reference.Plant);
        Assert.Equal(Json(book), Json(back));
        Assert.Equal(0.1 + 0.2, back.Orders[0].MassTonnes);
        Assert.Equal(o.Release, back.Orders[0].Release);
    }

    [Fact]
    public void DocsExampleReadsWithUnitsConverted()
    {
        var book = B2mmlOrders.Parse(Example(), "example.xml", Reference.Plant);
        var o = Assert.Single(book.Orders);
        Assert.Equal("ref-forge", book.Plant);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.FromHours(8)), book.PlanStart);
        Assert.Equal(("FO-001", "shaft", "35CrMo"), (o.Id, o.Product, o.Grade));
        Assert.Equal(3.1, o.MassTonnes, 12);        // 3100 kg
        Assert.Equal(0.45, o.DiameterMetres, 12);   // 450 mm
        Assert.Equal(780, o.ReleaseTempC);
        Assert.Equal(2, o.Weight);
        Assert.Null(o.ColdHeatingHours);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 1, 30, 0, TimeSpan.FromHours(8)), o.Due);
        Assert.Equal(
            [new ForgingHeat(1210, 27, 14, 830), new ForgingHeat(1190, 20, 12, 750)],
            o.Heats);
        Assert.Equal("normalise-890", o.HeatTreatment);
    }

    [Fact]
    public void DocumentWithoutNamespaceReadsTheSame()
    {
        var plain = Replace(Example(), " xmlns=\"http://www.mesa.org/xml/B2MML\"", "");
        Assert.Equal(
            Json(B2mmlOrders.Parse(Example(), "a.xml", Reference.Plant)),
            Json(B2mmlOrders.Parse(plain, "b.xml", Reference.Plant)));
    }

    [Fact]
    public void SingleProductionRequestIsOneOrderPlannedFromItsRelease()
    {
        var request = XDocument.Parse(Example()).Root!.Element(B2mmlNames.Namespace + "ProductionRequest")!.ToString();
        var book = B2mmlOrders.Parse(request, "one.xml", Reference.Plant);
        Assert.Equal("ref-forge", book.Plant);
        Assert.Equal("FO-001", Assert.Single(book.Orders).Id);
        Assert.Equal(book.Orders[0].Release, book.PlanStart);
    }

    [Fact]
    public void BrokenXmlNamesTheLine()
    {
        var xml = Replace(Example(), "<Description>shaft</Description>", "<Description>shaft</Descr>");
        var e = ParseFails(xml);
        Assert.Equal("orders.xml", e.File);
        Assert.StartsWith($"line {LineOf(xml, "</Descr>")},", e.Location);
    }

    [Fact]
    public void MissingQuantityNamesTheMaterialRequirementAndItsLine()
    {
        var xml = Replace(Example(), "<Quantity><QuantityString>3100</QuantityString><DataType>double</DataType><UnitOfMeasure>kg</UnitOfMeasure></Quantity>", "");
        var e = ParseFails(xml);
        Assert.Equal(
            $"/ProductionSchedule/ProductionRequest/SegmentRequirement[1]/MaterialRequirement (line {LineOf(xml, "<MaterialRequirement>")})",
            e.Location);
        Assert.Contains("<Quantity>", e.Problem);
    }

    [Fact]
    public void UnknownMassUnitIsAnErrorNotAGuess()
    {
        var xml = Replace(Example(), "<UnitOfMeasure>kg</UnitOfMeasure>", "<UnitOfMeasure>lb</UnitOfMeasure>");
        var e = ParseFails(xml);
        Assert.Contains("MaterialRequirement/Quantity", e.Location);
        Assert.Contains("unknown unit 'lb' for a mass", e.Problem);
    }

    [Fact]
    public void BadNumberIsNamedWithItsParameter()
    {
        var xml = Replace(Example(), "<ValueString>27</ValueString>", "<ValueString>27,5</ValueString>");
        var e = ParseFails(xml);
        Assert.Equal($"/ProductionSchedule/ProductionRequest/SegmentRequirement[2]/SegmentParameter[2]/Value/ValueString (line {LineOf(xml, "27,5")})", e.Location);
        Assert.Equal("'27,5' is not a number", e.Problem);
    }

    [Fact]
    public void UnknownRecipeIsReportedAtTheRequestByInputChecks()
    {
        var xml = Replace(Example(), "normalise-890", "boil-100");
        var e = ParseFails(xml);
        Assert.Equal($"/ProductionSchedule/ProductionRequest (line {LineOf(xml, "<ProductionRequest>")}) heat_treatment", e.Location);
        Assert.Contains("unknown recipe 'boil-100'", e.Problem);
    }

    [Fact]
    public void TimeWithoutOffsetIsRefused()
    {
        var e = ParseFails(Replace(Example(), "2026-11-30T01:30:00+08:00", "2026-11-30T01:30:00"));
        Assert.Contains("SegmentRequirement[5]/LatestEndTime", e.Location);
        Assert.Contains("needs a UTC offset", e.Problem);
    }

    [Fact]
    public void SegmentsOutOfRouteOrderAreRefused()
    {
        var e = ParseFails(Replace(Example(), "<ProcessSegmentID>forge</ProcessSegmentID>", "<ProcessSegmentID>heat</ProcessSegmentID>"));
        Assert.Contains("SegmentRequirement[2]/ProcessSegmentID", e.Location);
        Assert.Contains("expected 'forge' here, found 'heat'", e.Problem);
    }

    [Fact]
    public void MissingDiameterIsNamedAtTheRequest()
    {
        var xml = Replace(Example(), "<ID>diameter_m</ID>", "<ID>diameter_inch</ID>");
        var e = ParseFails(xml);
        Assert.StartsWith("/ProductionSchedule/ProductionRequest (line", e.Location);
        Assert.Equal("needs a parameter with ID 'diameter_m'", e.Problem);
    }

    [Fact]
    public void WrongRootElementIsNamed()
    {
        var e = ParseFails("<ProductionPerformance xmlns=\"http://www.mesa.org/xml/B2MML\"/>");
        Assert.Equal("/ProductionPerformance (line 1)", e.Location);
        Assert.Contains("expected <ProductionSchedule> or <ProductionRequest>", e.Problem);
    }
}
