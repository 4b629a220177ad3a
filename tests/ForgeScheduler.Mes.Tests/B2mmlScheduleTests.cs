using System.Globalization;
using System.Xml.Linq;
using ForgeScheduler.Mes.B2mml;
using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Mes.Tests;

public sealed class B2mmlScheduleTests
{
    private static readonly XNamespace B = "http://www.mesa.org/xml/B2MML";

    private static string Value(XElement segment, string parameter) =>
        segment.Elements(B + "SegmentParameter").Single(p => p.Element(B + "ID")!.Value == parameter)
            .Element(B + "Value")!.Element(B + "ValueString")!.Value;

    [Fact]
    public void BaselineExportHasOneSegmentPerOperationWithItsEquipmentAndTimes()
    {
        var schedule = Reference.Baseline;
        var root = XDocument.Parse(B2mmlSchedule.Write(Reference.Plant, Reference.Day, schedule)).Root!;

        Assert.Equal(B + "ProductionSchedule", root.Name);
        Assert.Equal("ref-forge", root.Element(B + "HierarchyScope")!.Element(B + "EquipmentID")!.Value);
        Assert.Equal(schedule.Operations.Select(o => o.Order).Distinct().Count(), root.Elements(B + "ProductionRequest").Count());
        var segments = root.Elements(B + "ProductionRequest").Elements(B + "SegmentRequirement")
            .ToDictionary(s => s.Element(B + "ID")!.Value);
        Assert.Equal(schedule.Operations.Count, segments.Count);
        foreach (var op in schedule.Operations)
        {
            var s = segments[$"{op.Order}/{op.Step}"];
            Assert.Equal(op.Resource, s.Element(B + "EquipmentRequirement")!.Element(B + "EquipmentID")!.Value);
            Assert.Equal(op.Start, DateTimeOffset.Parse(s.Element(B + "EarliestStartTime")!.Value, CultureInfo.InvariantCulture));
            Assert.Equal(op.End, DateTimeOffset.Parse(s.Element(B + "LatestEndTime")!.Value, CultureInfo.InvariantCulture));
            Assert.Equal(B2mmlSchedule.ProcessSegment(op.Kind), s.Element(B + "ProcessSegmentID")!.Value);
            Assert.Equal(op.Order, s.Element(B + "MaterialConsumedRequirement")!.Element(B + "MaterialLotID")!.Value);
            Assert.Equal(op.Order, s.Element(B + "MaterialProducedRequirement")!.Element(B + "MaterialLotID")!.Value);
            Assert.Equal(op.Charge, Value(s, "charge"));
            Assert.Equal(Math.Round(op.EnergyKwh, 1), double.Parse(Value(s, "energy_kwh"), CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void ExportedSegmentCarriesTheOrderMassCarrierAndOffsetTimes()
    {
        var plant = Reference.Plant;
        var order = Reference.Day.Orders[0];
        var start = new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.FromHours(8));
        var op = new ScheduledOperation(order.Id, 1, OperationKind.Heat, "HF-E1", "HF-E1-c7", start, start.AddMinutes(155), 612.34, 1234.56, Carrier.Electric);
        var book = new OrderBook("ref-forge", order.Release, [order]);
        var root = XDocument.Parse(B2mmlSchedule.Write(plant, book, new Schedule("ref-forge", "manual", [op]))).Root!;

        Assert.Equal("ref-forge-manual", root.Element(B + "ID")!.Value);
        var request = Assert.Single(root.Elements(B + "ProductionRequest"));
        Assert.Equal(order.Product, request.Element(B + "Description")!.Value);
        var s = Assert.Single(request.Elements(B + "SegmentRequirement"));
        Assert.Equal("2026-11-26T07:00:00+08:00", s.Element(B + "EarliestStartTime")!.Value);
        Assert.Equal("2026-11-26T09:35:00+08:00", s.Element(B + "LatestEndTime")!.Value);
        Assert.Equal("PT2H35M", s.Element(B + "Duration")!.Value);
        Assert.Equal("612.3", Value(s, "charge_temp_c"));
        Assert.Equal("1234.6", Value(s, "energy_kwh"));
        Assert.Equal("electric", Value(s, "carrier"));
        var produced = s.Element(B + "MaterialProducedRequirement")!;
        Assert.Equal(order.Grade, produced.Element(B + "MaterialDefinitionID")!.Value);
        Assert.Equal(order.MassTonnes.ToString("R", CultureInfo.InvariantCulture), produced.Element(B + "Quantity")!.Element(B + "QuantityString")!.Value);
        Assert.Equal("t", produced.Element(B + "Quantity")!.Element(B + "UnitOfMeasure")!.Value);
    }
}
