using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;
using static ForgeScheduler.Mes.B2mml.B2mmlNames;

namespace ForgeScheduler.Mes.B2mml;

/// <summary>Orders in ISA-95 / B2MML: a <c>ProductionSchedule</c> of <c>ProductionRequest</c>s, or one
/// <c>ProductionRequest</c>, one request per order. The mapping is in docs/b2mml.md.</summary>
public static partial class B2mmlOrders
{
    /// <summary>Reads the orders, then checks them against the plant (<see cref="InputChecks"/>).
    /// Every problem is a <see cref="ForgeInputException"/> naming <paramref name="source"/>, the element
    /// path and the line.</summary>
    public static OrderBook Parse(string xml, string source, Plant plant)
    {
        var reader = new B2mmlReader(source);
        var root = reader.Load(xml).Root ?? throw new ForgeInputException(source, "document", "has no root element");
        List<XElement> requests;
        string plantId = plant.Id;
        DateTimeOffset? planStart = null;
        if (B2mmlReader.IsB2mml(root.Name, "ProductionSchedule"))
        {
            requests = B2mmlReader.Children(root, "ProductionRequest").ToList();
            if (requests.Count == 0) throw reader.Error(root, "needs at least one <ProductionRequest>");
            if (B2mmlReader.Child(root, "HierarchyScope") is { } scope) plantId = reader.RequiredText(scope, "EquipmentID");
            if (B2mmlReader.Child(root, "StartTime") is { } start) planStart = reader.Time(start);
        }
        else if (B2mmlReader.IsB2mml(root.Name, "ProductionRequest"))
        {
            requests = [root];
        }
        else
        {
            throw reader.Error(root, $"expected <ProductionSchedule> or <ProductionRequest> in namespace {Namespace} (or none), found <{root.Name.LocalName}>"
                                     + (root.Name.NamespaceName.Length > 0 ? $" in namespace {root.Name.NamespaceName}" : ""));
        }

        var orders = requests.Select(r => ReadOrder(reader, r)).ToList();
        var duplicate = orders.Select((o, i) => (o.Id, i)).GroupBy(x => x.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw reader.Error(requests[duplicate.Skip(1).First().i], $"order id '{duplicate.Key}' appears more than once");

        var book = new OrderBook(plantId, planStart ?? orders.Min(o => o.Release), orders);
        var problems = InputChecks.CheckOrders(plant, book);
        if (problems.Count > 0)
            throw new ForgeInputException(source, problems.Select(p => (Locate(p.Field, root, requests), p.Message)).ToList());
        return book;
    }

    /// <summary>Writes a book that <see cref="Parse"/> reads back to the same book (numbers in their
    /// shortest round-trip form, times with their offset).</summary>
    public static string Write(OrderBook book)
    {
        var root = new XElement(N("ProductionSchedule"),
            new XElement(N("ID"), $"{book.Plant}-orders"),
            Scope(book.Plant),
            new XElement(N("StartTime"), Time(book.PlanStart)),
            book.Orders.Select(WriteOrder));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).Declaration + "\n" + root;
    }

    internal static XElement Scope(string plantId) => new(N("HierarchyScope"),
        new XElement(N("EquipmentID"), plantId),
        new XElement(N("EquipmentElementLevel"), "Site"));

    internal static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    internal static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    internal static XElement Quantity(double value, string unit) => new(N("Quantity"),
        new XElement(N("QuantityString"), Number(value)),
        new XElement(N("DataType"), "double"),
        new XElement(N("UnitOfMeasure"), unit));

    private static XElement WriteOrder(Order o)
    {
        XElement Param(string id, double value, string unit) =>
            B2mmlParameters.Write("ProductionParameter", id, Number(value), "double", unit);
        XElement SegParam(string id, double value, string unit) =>
            B2mmlParameters.Write("SegmentParameter", id, Number(value), "double", unit);

        var request = new XElement(N("ProductionRequest"), new XElement(N("ID"), o.Id));
        if (o.Product.Length > 0) request.Add(new XElement(N("Description"), o.Product));
        request.Add(Param("diameter_m", o.DiameterMetres, "m"));
        if (o.ReleaseTempC is { } t) request.Add(Param("release_temp_c", t, "C"));
        request.Add(Param("weight", o.Weight, ""));
        if (o.ColdHeatingHours is { } ch) request.Add(Param("cold_heating_h", ch, "h"));

        var step = 1;
        for (var i = 0; i < o.Heats.Count; i++)
        {
            var heat = Segment(o.Id, step++, Heat);
            if (i == 0)
            {
                heat.Add(new XElement(N("EarliestStartTime"), Time(o.Release)));
                var material = new XElement(N("MaterialRequirement"));
                if (o.Grade.Length > 0) material.Add(new XElement(N("MaterialDefinitionID"), o.Grade));
                material.Add(new XElement(N("MaterialUse"), "Consumed"), Quantity(o.MassTonnes, "t"));
                heat.Add(material);
            }
            request.Add(heat);
            var h = o.Heats[i];
            request.Add(Segment(o.Id, step++, Forge,
                SegParam("forge_temp_c", h.ForgeTempC, "C"),
                SegParam("press_min", h.PressMinutes, "min"),
                SegParam("min_force_mn", h.MinForceMn, "MN"),
                SegParam("finish_temp_c", h.FinishTempC, "C")));
        }
        request.Add(Segment(o.Id, step, HeatTreat,
            new XElement(N("LatestEndTime"), Time(o.Due)),
            B2mmlParameters.Write("SegmentParameter", "heat_treatment", o.HeatTreatment, "string", "")));
        return request;
    }

    private static XElement Segment(string order, int step, string processSegment, params object[] content) =>
        new(N("SegmentRequirement"),
            new XElement(N("ID"), $"{order}/{step}"),
            new XElement(N("ProcessSegmentID"), processSegment),
            content);

    private static Order ReadOrder(B2mmlReader reader, XElement request)
    {
        var id = reader.RequiredText(request, "ID");
        var product = reader.OptionalText(request, "Description") ?? "";
        var segments = B2mmlReader.Children(request, "SegmentRequirement").ToList();
        if (segments.Count == 0) throw reader.Error(request, $"order '{id}' needs SegmentRequirements heat → forge … → heat_treat");
        CheckRoute(reader, request, id, segments);

        var first = segments[0];
        var last = segments[^1];
        var order = new B2mmlParameters(reader, request, first);
        var (grade, massT) = ReadMaterial(reader, request, id, segments);
        var heats = new List<ForgingHeat>();
        for (var i = 1; i < segments.Count - 1; i += 2)
        {
            var forge = segments[i];
            var p = new B2mmlParameters(reader, forge);
            heats.Add(new ForgingHeat(
                p.RequiredNumber("forge_temp_c", UnitKind.Temperature, forge),
                p.RequiredNumber("press_min", UnitKind.Minutes, forge),
                p.Number("min_force_mn", UnitKind.Force) ?? 0,
                p.Number("finish_temp_c", UnitKind.Temperature) ?? ForgingHeat.DefaultFinishTempC));
        }
        var heatTreatment = new B2mmlParameters(reader, last).RequiredText("heat_treatment", last);
        return new Order(
            id,
            product,
            grade,
            massT,
            order.RequiredNumber("diameter_m", UnitKind.Length, request),
            reader.RequiredTime(first, "EarliestStartTime"),
            order.Number("release_temp_c", UnitKind.Temperature),
            reader.RequiredTime(last, "LatestEndTime"),
            order.Number("weight", UnitKind.Ratio) ?? 1.0,
            heats,
            heatTreatment,
            order.Number("cold_heating_h", UnitKind.Hours));
    }

    /// <summary>Segments must follow the route in document order: heat, forge, heat, forge, …, heat_treat.</summary>
    private static void CheckRoute(B2mmlReader reader, XElement request, string id, IReadOnlyList<XElement> segments)
    {
        for (var i = 0; i < segments.Count; i++)
        {
            var kindElement = reader.Required(segments[i], "ProcessSegmentID");
            var kind = reader.Text(kindElement);
            if (kind is not (Heat or Forge or HeatTreat))
                throw reader.Error(kindElement, $"'{kind}' is not a process segment we know (heat, forge, heat_treat)");
            var expected = i == segments.Count - 1 ? HeatTreat : i % 2 == 0 ? Heat : Forge;
            if (kind != expected)
                throw reader.Error(kindElement, $"order '{id}': expected '{expected}' here, found '{kind}' (segments must run heat → forge … → heat_treat in document order)");
        }
        if (segments.Count < 3) throw reader.Error(request, $"order '{id}' needs at least heat, forge and heat_treat segments");
        if (segments.Count % 2 == 0) throw reader.Error(segments[^1], $"order '{id}': the heat before heat_treat has no forge segment");
    }

    /// <summary>The piece: the first MaterialRequirement that is consumed (MaterialUse absent or
    /// 'Consumed'), or a MaterialConsumedRequirement, in segment order.</summary>
    private static (string Grade, double MassT) ReadMaterial(B2mmlReader reader, XElement request, string id, IReadOnlyList<XElement> segments)
    {
        var material = segments
            .SelectMany(s => B2mmlReader.Children(s, "MaterialRequirement", "MaterialConsumedRequirement"))
            .FirstOrDefault(m => B2mmlReader.IsB2mml(m.Name, "MaterialConsumedRequirement")
                                 || (reader.OptionalText(m, "MaterialUse") ?? "Consumed") == "Consumed")
            ?? throw reader.Error(request, $"order '{id}' needs a <MaterialRequirement> (MaterialUse Consumed) with the piece's grade and Quantity");
        var quantity = reader.Required(material, "Quantity");
        var textElement = B2mmlReader.Child(quantity, "QuantityString") ?? throw reader.Error(quantity, "needs a <QuantityString> element");
        var mass = reader.Number(textElement, reader.Text(textElement));
        var unit = reader.OptionalText(quantity, "UnitOfMeasure")
                   ?? throw reader.Error(quantity, "needs a <UnitOfMeasure> (t or kg): a bare mass is too easy to misread");
        return (reader.OptionalText(material, "MaterialDefinitionID") ?? "", UnitKind.Mass.Convert(reader, quantity, mass, unit));
    }

    /// <summary>Turns an <see cref="InputChecks"/> field path (<c>orders[3].heat_treatment</c>) into the
    /// element it came from, so a planner can find it in the XML.</summary>
    private static string Locate(string field, XElement root, IReadOnlyList<XElement> requests)
    {
        var m = OrderField().Match(field);
        if (!m.Success) return $"{B2mmlReader.Where(root)} {field}";
        var index = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var element = index < requests.Count ? requests[index] : root;
        return $"{B2mmlReader.Where(element)} {m.Groups[2].Value}";
    }

    [GeneratedRegex(@"^orders\[(\d+)\]\.(.+)$")]
    private static partial Regex OrderField();
}
