using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Solver.Rescheduling;

/// <summary>The repair's heat treatment, charge by charge in the plan's time order: a charge whose
/// pieces are all ready and whose furnace is free stays; otherwise the cheapest of leaving the late
/// pieces out, shifting the charge on its furnace, or moving it to another capable furnace. Pieces
/// left out, pieces interrupted by a trip and new orders then join a charge of their group with room
/// or get one of their own — again whichever costs least (stability, lateness and energy, in the
/// objective's kg-CO2-equivalent).</summary>
internal static class HeatTreatmentRepair
{
    private sealed record Member(OrderPlan Plan, Recipe Recipe, int Ready, ScheduledOperation? Planned)
    {
        public Order Order => Plan.Order;
        public int Cycle => (int)Math.Ceiling(Recipe.CycleHours * 60 - 1e-9);
    }

    private sealed record Option(Furnace Furnace, int Start, int End, double Cost, RepairCharge? Join = null);

    /// <summary>Heat treatments that have started (or finished): facts, charge by charge.</summary>
    public static void BookFixedCharges(RepairContext ctx)
    {
        var running = ctx.Floor.Orders
            .Select(p => (Plan: p, Step: p.Steps[^1]))
            .Where(x => x.Step is { Started: true, Cut: false, Planned: not null })
            .GroupBy(x => (x.Step.Planned!.Resource, x.Step.Planned.Charge));
        foreach (var charge in running)
        {
            var first = charge.First().Step.Planned!;
            if (ctx.Plant.FindFurnace(first.Resource) is not { } furnace) continue;
            var booked = new RepairCharge(furnace, first.Charge, ctx.Minute(charge.Min(x => x.Step.Planned!.Start)),
                ctx.MinuteCeil(charge.Max(x => x.Step.Planned!.End)), GroupOf(ctx, charge.First().Plan.Order), isFixed: true);
            foreach (var (plan, step) in charge)
            {
                var kw = ctx.PowerKw(plan.Order, step.Planned!);
                ctx.Book(plan.Order, step.Planned!, kw);
                ctx.Kept.Add((step.Planned!.Order, step.Planned.Step));
                booked.Members.Add((plan.Order, kw));
            }
            ctx.Charges.Add(booked);
        }
    }

    public static void Run(RepairContext ctx)
    {
        var members = new List<Member>();
        foreach (var plan in ctx.Floor.Orders)
        {
            var step = plan.Steps[^1];
            if (step.Started && !step.Cut) continue;
            var recipe = ctx.Plant.FindRecipe(plan.Order.HeatTreatment)
                         ?? throw new InvalidOperationException($"repair: order {plan.Order.Id} names unknown recipe '{plan.Order.HeatTreatment}'");
            members.Add(new Member(plan, recipe, ctx.HeatTreatmentReady(plan.Order, recipe), plan.New ? null : step.Planned));
        }

        var pool = new List<List<Member>>();
        // Charges of the plan in force, in time order.
        var charges = members.Where(m => m.Planned is not null && !m.Plan.Steps[^1].Cut)
            .GroupBy(m => (m.Planned!.Resource, m.Planned.Charge))
            .OrderBy(g => g.Min(m => m.Planned!.Start)).ThenBy(g => g.Key.Charge, StringComparer.Ordinal);
        foreach (var charge in charges) PlaceCharge(ctx, charge.ToList(), pool);

        // Interrupted and new heat treatments, and pieces left out of their charge.
        pool.AddRange(members.Where(m => m.Planned is null || m.Plan.Steps[^1].Cut)
            .GroupBy(m => m.Planned?.Charge ?? "new:" + m.Order.Id).Select(g => g.ToList()));
        foreach (var group in pool.OrderBy(g => g.Max(m => m.Ready)).ThenBy(g => g[0].Order.Id, StringComparer.Ordinal))
            PlaceGroup(ctx, group);
    }

    /// <summary>One charge of the plan in force: kept, or the cheapest of leaving the late pieces out,
    /// shifting it, or moving it whole.</summary>
    private static void PlaceCharge(RepairContext ctx, List<Member> members, List<List<Member>> pool)
    {
        var planned = members[0].Planned!;
        var furnace = ctx.Plant.FindFurnace(planned.Resource);
        var start = ctx.Minute(members.Min(m => m.Planned!.Start));
        var length = Math.Max(members.Max(m => m.Cycle), ctx.MinuteCeil(members.Max(m => m.Planned!.End)) - start);
        if (furnace is not null && members.All(m => m.Ready <= start) && Fits(ctx, furnace, start, length, members) is { } keepKw)
        {
            Book(ctx, furnace, planned.Charge, start, start + length, members, keepKw);
            return;
        }

        var options = new List<(Option Option, List<Member> Stay, List<Member> Out)>();
        var onTime = members.Where(m => m.Ready <= start).ToList();
        var late = members.Where(m => m.Ready > start).ToList();
        if (furnace is not null && onTime.Count > 0 && late.Count > 0 && Fits(ctx, furnace, start, length, onTime) is not null)
        {
            var cost = onTime.Sum(m => Price(ctx, m, furnace, start, start + length)) + late.Sum(m => Alone(ctx, m)?.Cost ?? 1e12);
            options.Add((new Option(furnace, start, start + length, cost), onTime, late));
        }
        var readyAll = members.Max(m => m.Ready);
        foreach (var f in Capable(ctx, members))
        {
            var from = f == furnace ? Math.Max(start, readyAll) : Math.Max(readyAll, ctx.FreezeMinute);
            if (Earliest(ctx, f, from, length, members) is not { } s) continue;
            options.Add((new Option(f, s, s + length, members.Sum(m => Price(ctx, m, f, s, s + length))), members, []));
        }
        if (options.Count == 0)
        {
            pool.AddRange(members.Select(m => new List<Member> { m }));
            return;
        }
        var (best, stay, leave) = options.MinBy(o => o.Option.Cost);
        var id = best.Furnace == furnace ? planned.Charge : NewId(ctx, best.Furnace, best.Start);
        Book(ctx, best.Furnace, id, best.Start, best.End, stay, Fits(ctx, best.Furnace, best.Start, best.End - best.Start, stay) ?? []);
        foreach (var m in leave) pool.Add([m]);
    }

    /// <summary>Pieces to place together if they were one charge (an interrupted charge), else one by one.</summary>
    private static void PlaceGroup(RepairContext ctx, List<Member> group)
    {
        if (group.Count > 1)
        {
            var ready = Math.Max(group.Max(m => m.Ready), ctx.FreezeMinute);
            var length = group.Max(m => m.Cycle);
            Option? together = null;
            foreach (var f in Capable(ctx, group))
            {
                if (Earliest(ctx, f, ready, length, group) is not { } s) continue;
                var cost = group.Sum(m => Price(ctx, m, f, s, s + length));
                if (together is null || cost < together.Cost) together = new Option(f, s, s + length, cost);
            }
            var apart = group.Sum(m => Alone(ctx, m)?.Cost ?? 1e12);
            if (together is not null && together.Cost <= apart)
            {
                Book(ctx, together.Furnace, NewId(ctx, together.Furnace, together.Start), together.Start, together.End, group,
                    Fits(ctx, together.Furnace, together.Start, length, group) ?? []);
                return;
            }
        }
        foreach (var m in group.OrderBy(m => m.Ready))
        {
            var best = Alone(ctx, m) ?? throw new InvalidOperationException($"repair: no heat-treatment furnace can take order {m.Order.Id}");
            if (best.Join is { } charge)
            {
                var kw = Fits(ctx, charge.Furnace, charge.Start, charge.End - charge.Start, [m]) ?? [0];
                Add(ctx, charge, m, kw[0]);
            }
            else Book(ctx, best.Furnace, NewId(ctx, best.Furnace, best.Start), best.Start, best.End, [m], Fits(ctx, best.Furnace, best.Start, best.End - best.Start, [m]) ?? []);
        }
    }

    /// <summary>The cheapest place for one piece: a charge of its group with room that starts after it
    /// is ready and lasts its cycle, or a charge of its own at the earliest free time.</summary>
    private static Option? Alone(RepairContext ctx, Member m)
    {
        var from = Math.Max(m.Ready, ctx.FreezeMinute);
        Option? best = null;
        void Consider(Option o)
        {
            if (best is null || o.Cost < best.Cost - 1e-9) best = o;
        }
        foreach (var c in ctx.Charges.Where(c => !c.Fixed && c.Start >= from && c.End - c.Start >= m.Cycle && c.Group == m.Recipe.Group
                                                 && c.Furnace.Recipes.Contains(m.Recipe.Id)
                                                 && c.Members.Count + 1 <= c.Furnace.CapacityPieces
                                                 && c.Members.Sum(x => x.Order.MassTonnes) + m.Order.MassTonnes <= c.Furnace.CapacityTonnes + 1e-9))
        {
            if (!PowerRoom(ctx, c, m)) continue;
            Consider(new Option(c.Furnace, c.Start, c.End, Price(ctx, m, c.Furnace, c.Start, c.End), c));
        }
        foreach (var f in Capable(ctx, [m]))
        {
            if (Earliest(ctx, f, from, m.Cycle, [m]) is { } s) Consider(new Option(f, s, s + m.Cycle, Price(ctx, m, f, s, s + m.Cycle)));
        }
        return best;
    }

    /// <summary>What placing a piece there costs: moving it from its plan, its lateness, its energy.</summary>
    private static double Price(RepairContext ctx, Member m, Furnace f, int start, int end)
    {
        var op = ctx.Operation(m.Order, Route.StepCount(m.Order), OperationKind.HeatTreat, f.Id, "", start, end);
        var moved = m.Plan.Steps[^1].Cut ? 0 : ctx.MoveCost(m.Planned, f.Id, start);
        return moved + ctx.TardinessCost(m.Order, end) + ctx.EnergyCost(m.Order, op);
    }

    private static IEnumerable<Furnace> Capable(RepairContext ctx, IReadOnlyList<Member> members)
    {
        var group = members[0].Recipe.Group;
        var mass = members.Sum(m => m.Order.MassTonnes);
        return ctx.Plant.HeatTreatmentFurnaces.Where(f => members.All(m => f.Recipes.Contains(m.Recipe.Id) && m.Recipe.Group == group)
                                                          && mass <= f.CapacityTonnes + 1e-9 && members.Count <= f.CapacityPieces);
    }

    /// <summary>Earliest start ≥ <paramref name="from"/> at which the furnace is free (downtime and other
    /// charges) and, if electric, the charge's power fits the furnace and the plant; null if never.</summary>
    private static int? Earliest(RepairContext ctx, Furnace f, int from, int length, IReadOnlyList<Member> members)
    {
        var s = from;
        for (var guard = 0; guard < 200; guard++)
        {
            s = ctx.Board.EarliestFreeStart(f.Id, s, length);
            if (f.Carrier != Carrier.Electric) return s;
            var kw = members.Sum(m => ctx.PowerKw(m.Order, ctx.Operation(m.Order, Route.StepCount(m.Order), OperationKind.HeatTreat, f.Id, "", s, s + length)));
            if (kw > f.MaxPowerKw) return null;
            if (ctx.Board.ElectricBlockedUntil(s, s + length, kw) is not { } until) return s;
            if (until == int.MaxValue) return null;
            s = Math.Max(s + 1, until);
        }
        return null;
    }

    /// <summary>Each member's electric draw if the charge fits at exactly [start, start+length), else null.</summary>
    private static double[]? Fits(RepairContext ctx, Furnace f, int start, int length, IReadOnlyList<Member> members)
    {
        if (members.Count == 0) return [];
        if (members.Any(m => !f.Recipes.Contains(m.Recipe.Id)) || members.Sum(m => m.Order.MassTonnes) > f.CapacityTonnes + 1e-9
            || members.Count > f.CapacityPieces || members.Any(m => m.Cycle > length)) return null;
        if (ctx.Board.EarliestFreeStart(f.Id, start, length) != start) return null;
        var kw = members.Select(m => ctx.PowerKw(m.Order, ctx.Operation(m.Order, Route.StepCount(m.Order), OperationKind.HeatTreat, f.Id, "", start, start + length))).ToArray();
        if (f.Carrier == Carrier.Electric && (kw.Sum() > f.MaxPowerKw || ctx.Board.ElectricBlockedUntil(start, start + length, kw.Sum()) is not null)) return null;
        return kw;
    }

    private static bool PowerRoom(RepairContext ctx, RepairCharge c, Member m)
    {
        if (c.Furnace.Carrier != Carrier.Electric) return true;
        var kw = ctx.PowerKw(m.Order, ctx.Operation(m.Order, Route.StepCount(m.Order), OperationKind.HeatTreat, c.Furnace.Id, "", c.Start, c.End));
        return c.Members.Sum(x => x.Kw) + kw <= c.Furnace.MaxPowerKw && ctx.Board.ElectricBlockedUntil(c.Start, c.End, kw) is null;
    }

    private static void Book(RepairContext ctx, Furnace f, string id, int start, int end, IReadOnlyList<Member> members, double[] kw)
    {
        var charge = new RepairCharge(f, id, start, end, members[0].Recipe.Group, isFixed: false);
        ctx.Charges.Add(charge);
        for (var i = 0; i < members.Count; i++) Add(ctx, charge, members[i], i < kw.Length ? kw[i] : 0);
    }

    private static void Add(RepairContext ctx, RepairCharge charge, Member m, double kw)
    {
        var planned = m.Planned;
        var op = planned is not null && !m.Plan.Steps[^1].Cut && planned.Resource == charge.Furnace.Id && planned.Charge == charge.Id
                 && ctx.Minute(planned.Start) == charge.Start && ctx.MinuteCeil(planned.End) == charge.End
            ? planned
            : ctx.Operation(m.Order, Route.StepCount(m.Order), OperationKind.HeatTreat, charge.Furnace.Id, charge.Id, charge.Start, charge.End);
        ctx.Book(m.Order, op, kw);
        if (ReferenceEquals(op, planned)) ctx.Kept.Add((op.Order, op.Step));
        charge.Members.Add((m.Order, kw));
    }

    private static string NewId(RepairContext ctx, Furnace f, int start)
    {
        var id = $"{f.Id}/r{start}";
        for (var n = 2; ctx.Charges.Any(c => c.Furnace == f && c.Id == id); n++) id = $"{f.Id}/r{start}-{n}";
        return id;
    }

    private static string GroupOf(RepairContext ctx, Order order) => ctx.Plant.FindRecipe(order.HeatTreatment)?.Group ?? "";
}
