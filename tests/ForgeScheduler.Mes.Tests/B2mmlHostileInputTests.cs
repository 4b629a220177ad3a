using ForgeScheduler.Formats;
using ForgeScheduler.Mes.B2mml;

namespace ForgeScheduler.Mes.Tests;

/// <summary>B2MML from a hostile or broken MES: DTDs, entity bombs and absurd nesting are refused with
/// one line naming the source, before any tree is built.</summary>
public sealed class B2mmlHostileInputTests
{
    private static ForgeInputException ParseFails(string xml) =>
        Assert.Throws<ForgeInputException>(() => B2mmlOrders.Parse(xml, "orders.xml", Reference.Plant));

    [Fact]
    public void AnEntityBombIsRefusedNotExpanded()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <ProductionSchedule xmlns="http://www.mesa.org/xml/B2MML"><ID>&lol2;</ID></ProductionSchedule>
            """;
        var e = ParseFails(xml);
        Assert.True(e.Message.StartsWith("orders.xml: line 2", StringComparison.Ordinal), e.Message);
        Assert.Contains("DTD", e.Message);
    }

    [Fact]
    public void AnExternalEntityIsNeverFetched()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <ProductionSchedule xmlns="http://www.mesa.org/xml/B2MML"><ID>&secret;</ID></ProductionSchedule>
            """;
        var e = ParseFails(xml);
        Assert.DoesNotContain("root:", e.Message);
        Assert.Contains("DTD", e.Message);
    }

    [Fact]
    public void HundredThousandNestedElementsAreRefusedByDepth()
    {
        const int depth = 100_000;
        var xml = "<ProductionSchedule xmlns=\"http://www.mesa.org/xml/B2MML\">"
                  + string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth))
                  + "</ProductionSchedule>";
        var e = ParseFails(xml);
        Assert.Contains($"nested more than {B2mmlReaderDepth} deep", e.Message);
    }

    private const int B2mmlReaderDepth = 64;
}
