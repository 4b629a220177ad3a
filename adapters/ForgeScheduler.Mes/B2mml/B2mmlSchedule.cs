using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using ForgeScheduler.Solver.Domain;
using static ForgeScheduler.Mes.B2mml.B2mmlNames;

namespace ForgeScheduler.Mes.B2mml;

/// <summary>A schedule as the ISA-95 answer to the orders: one <c>ProductionSchedule</c>, one
/// <c>ProductionRequest</c> per scheduled order, one <c>SegmentRequirement</c> per operation with the
/// resource, start and end, the piece as material lot, and our charge/temperature/energy/carrier as
/// segment parameters (docs/b2mml.md).</summary>
public static class B2mmlSchedule
{
    public static string Write(Plant plant, OrderBook book, Schedule schedule)
    {
        var byOrder = schedule.Operations.GroupBy(o => o.Order).ToDictionary(g => g.Key, g => g.OrderBy(o => o.Step).ToList());
        var root = new XElement(N("ProductionSchedule"),
            new XElement(N("ID"), $"{plant.Id}-{schedule.Method}"),
            new XElement(N("Description"), $"{schedule.Method} schedule of {plant.Id}"),
            B2mmlOrders.Scope(plant.Id),
            new XElement(N("StartTime"), B2mmlOrders.Time(book.PlanStart)));
        if (schedule.LastEnd is { } end) root.Add(new XElement(N("EndTime"), B2mmlOrders.Time(end)));

        // Book order first, then operations of orders the book does not know (a schedule typed in by
        // hand may have them); they still belong in the export, only without product and grade.
        var known = book.Orders.Where(o => byOrder.ContainsKey(o.Id)).Select(o => (o.Id, (Order?)o));
        var unknown = byOrder.Keys.Where(k => book.Find(k) is null).Order(StringComparer.Ordinal).Select(k => (k, (Order?)null));
        foreach (var (id, order) in known.Concat(unknown))
            root.Add(WriteRequest(id, order, byOrder[id]));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).Declaration + "\n" + root;
    }

    private static XElement WriteRequest(string id, Order? order, IReadOnlyList<ScheduledOperation> ops)
    {
        var request = new XElement(N("ProductionRequest"), new XElement(N("ID"), id));
        if (order is { Product.Length: > 0 }) request.Add(new XElement(N("Description"), order.Product));
        request.Add(
            new XElement(N("StartTime"), B2mmlOrders.Time(ops.Min(o => o.Start))),
            new XElement(N("EndTime"), B2mmlOrders.Time(ops.Max(o => o.End))));
        foreach (var op in ops) request.Add(WriteSegment(op, order));
        return request;
    }

    private static XElement WriteSegment(ScheduledOperation op, Order? order)
    {
        var segment = new XElement(N("SegmentRequirement"),
            new XElement(N("ID"), $"{op.Order}/{op.Step}"),
            new XElement(N("ProcessSegmentID"), ProcessSegment(op.Kind)),
            new XElement(N("EarliestStartTime"), B2mmlOrders.Time(op.Start)),
            new XElement(N("LatestEndTime"), B2mmlOrders.Time(op.End)),
            new XElement(N("Duration"), XmlConvert.ToString(op.End - op.Start)),
            B2mmlParameters.Write("SegmentParameter", "charge", op.Charge, "string", ""));
        if (!double.IsNaN(op.ChargeTempC))
            segment.Add(B2mmlParameters.Write("SegmentParameter", "charge_temp_c", Round(op.ChargeTempC), "double", "C"));
        segment.Add(B2mmlParameters.Write("SegmentParameter", "energy_kwh", Round(op.EnergyKwh), "double", "kWh"));
        if (op.Carrier is { } carrier)
            segment.Add(B2mmlParameters.Write("SegmentParameter", "carrier", carrier == Carrier.Gas ? "gas" : "electric", "string", ""));
        segment.Add(new XElement(N("EquipmentRequirement"),
            new XElement(N("EquipmentID"), op.Resource),
            new XElement(N("Quantity"),
                new XElement(N("QuantityString"), "1"),
                new XElement(N("DataType"), "integer"),
                new XElement(N("UnitOfMeasure"), "ea"))));
        segment.Add(Material("MaterialConsumedRequirement", op, order));
        segment.Add(Material("MaterialProducedRequirement", op, order));
        return segment;
    }

    private static XElement Material(string name, ScheduledOperation op, Order? order)
    {
        var material = new XElement(N(name));
        if (order is { Grade.Length: > 0 }) material.Add(new XElement(N("MaterialDefinitionID"), order.Grade));
        material.Add(new XElement(N("MaterialLotID"), op.Order));
        if (order is not null) material.Add(B2mmlOrders.Quantity(order.MassTonnes, "t"));
        return material;
    }

    public static string ProcessSegment(OperationKind kind) => kind switch
    {
        OperationKind.Heat => Heat,
        OperationKind.Forge => Forge,
        _ => HeatTreat,
    };

    private static string Round(double value) => Math.Round(value, 1).ToString("R", CultureInfo.InvariantCulture);
}
