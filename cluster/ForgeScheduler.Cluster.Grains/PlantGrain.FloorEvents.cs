using System.Text.Json;
using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Solver.Domain;
using RescheduleInputs = ForgeScheduler.Solver.Rescheduling.RescheduleInputs;
using Microsoft.Extensions.Logging;

namespace ForgeScheduler.Cluster.Grains;

// Shop-floor events: checked and folded all or nothing, committed with the orders they carry, then handed to the resource grains.
internal sealed partial class PlantGrain
{
    /// <summary>All or nothing: every event is checked and folded into a copy of the state first (a bad
    /// one, or one the fold cannot take, changes nothing and logs nothing); then the events, the orders
    /// they carry and the request's key are one transaction; memory and the resource grains follow it.</summary>
    public async Task<EventsAccepted> PostEvents(IReadOnlyList<ShopFloorEvent> events, RequestClaim? claim = null, int? expectedVersion = null,
        CancellationToken cancellationToken = default)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (claim is not null && await EarlierAsync<EventsAccepted>(claim, cancellationToken) is { } replay) return replay with { Replayed = true };
            CheckCondition(expectedVersion);
            CheckAgainstPlan(events);
            var orders = _orders.ToList();
            var retired = state.State.Retired.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < events.Count; i++)
            {
                Check(events[i], $"events[{i}]", orders);
                // An order_added for a finished, retired order is logged but not planned again.
                if (events[i].OrderData is { } o && retired.Contains(o.Id)) continue;
                PlantEventFold.FoldOrders(orders, events[i]);
            }
            if (InputLimits.BookSizeProblem(orders) is { } tooLarge) throw PlantRejectedException.Unprocessable([("events", tooLarge)]);
            var now = clock.GetUtcNow();
            var sequence = state.State.LastEventSequence;
            var logged = events.Select(e => new LoggedEvent { Sequence = ++sequence, ReceivedAt = now, Event = e }).ToList();
            // A dry run on a copy: a fold that cannot take an event throws here, before anything is written.
            var folded = PlantEventFold.AfterEvents(state.State, logged);
            // The orders' rows as the batch leaves them: the last event about an order decides.
            var touched = events.Where(e => e.Type is ShopFloorEventTypes.OrderAdded or ShopFloorEventTypes.OrderChanged or ShopFloorEventTypes.OrderCancelled)
                .Select(e => e.Type == ShopFloorEventTypes.OrderCancelled ? e.Order! : e.OrderData!.Id)
                .Distinct(StringComparer.Ordinal).ToList();
            var upserts = touched.Select(id => orders.Find(o => o.Id == id)).OfType<Order>().ToList();
            var removals = touched.Where(id => orders.All(o => o.Id != id)).ToList();
            // Orders finished a day of floor time ago leave the book in the same commit.
            var (floorNow, retiring) = Retiring(events, folded, orders);
            // The pieces' masses for the resource grains' meters, before finished orders leave the book.
            var massOf = orders.ToDictionary(o => o.Id, o => o.MassTonnes, StringComparer.Ordinal);
            orders.RemoveAll(o => retiring.Any(r => r.Id == o.Id));
            removals.AddRange(retiring.Select(r => r.Id));
            var requested = _plant is not null && orders.Count > 0 && events.Count > 0;
            var accepted = new EventsAccepted { Accepted = events.Count, LastSequence = sequence, RescheduleRequested = requested };
            var commit = await storage.CommitAsync(PlantId, Write(claim) with
            {
                Upserts = upserts,
                Removals = removals,
                Events = logged,
                Answer = _ => JsonSerializer.Serialize(accepted),
            }, cancellationToken);
            if (commit.Earlier is { } earlier) return Replay<EventsAccepted>(claim!, earlier) with { Replayed = true };
            // Committed: memory follows. The state is folded again on what it is now (a solve may have
            // published a version meanwhile); the fold is the same for the fields the events touch.
            _orders = orders;
            Claim(expectedVersion);
            state.State = Retire(PlantEventFold.AfterEvents(state.State, logged), floorNow, retiring);
            if (_plant is not null && events.Any(e => e.Type is ShopFloorEventTypes.OperationStarted or ShopFloorEventTypes.OperationFinished))
                state.State = state.State with { CoolingReadings = PlantCooling.Update(state.State.CoolingReadings, state.State.EventLog, _plant, _orders) };
            await SaveAsync();
            var resourceCalls = new List<Task>();
            foreach (var e in events) CallResources(e, resourceCalls, massOf);
            try { await Task.WhenAll(resourceCalls); }
#pragma warning disable CA1031 // the events are committed; a resource grain that missed one catches up with the next plan
            catch (Exception e) { LogResourceUpdateFailed(logger, e, PlantId, state.State.LastVersion); }
#pragma warning restore CA1031
            if (requested) ObserveInBackground(RequestSolve(background: true).Result.Task);
            return accepted;
        }
        finally { _writes.Release(); }
    }

    /// <summary>The floor's clock after <paramref name="events"/> (the latest start or finish it reported)
    /// and the orders finished a day before it (<see cref="OrderRetirement"/>).</summary>
    private static (DateTimeOffset? FloorNow, IReadOnlyList<RetiredOrder> Retiring) Retiring(
        IReadOnlyList<ShopFloorEvent> events, PlantState folded, IReadOnlyList<Order> orders)
    {
        var reported = events.Where(e => e.Type is ShopFloorEventTypes.OperationStarted or ShopFloorEventTypes.OperationFinished)
            .Select(e => e.At).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var floorNow = folded.FloorTime is { } known && known > reported ? known : reported;
        if (floorNow == DateTimeOffset.MinValue) return (null, []);
        return (floorNow, OrderRetirement.Due(orders, folded.Progress, floorNow));
    }

    private static PlantState Retire(PlantState s, DateTimeOffset? floorNow, IReadOnlyList<RetiredOrder> retiring)
    {
        if (floorNow is not { } now) return s;
        var progress = s.Progress;
        foreach (var r in retiring) progress = OrderProgress.Forget(progress, r.Id);
        return s with { FloorTime = now, Progress = progress, Retired = OrderRetirement.Keep(s.Retired, retiring, now) };
    }

    /// <summary>Tells the furnace and press grains what the floor reported (after the commit).</summary>
    private void CallResources(ShopFloorEvent e, List<Task> resourceCalls, IReadOnlyDictionary<string, double> massOf)
    {
        switch (e.Type)
        {
            case ShopFloorEventTypes.ResourceDown:
                AddCall(resourceCalls, e.Resource, g => g.SetDown(e.At, e.Until));
                break;
            case ShopFloorEventTypes.ResourceUp:
                AddCall(resourceCalls, e.Resource, g => g.SetUp(e.At));
                break;
            case ShopFloorEventTypes.OperationStarted:
                AddCall(resourceCalls, e.Resource, g => g.RecordOperationStarted(new OperationStarted
                {
                    Order = e.Order!, Step = e.Step!.Value, At = e.At, TempC = e.TempC,
                }));
                break;
            case ShopFloorEventTypes.OperationFinished:
                var on = e.Resource ?? PlannedResource(e.Order!, e.Step!.Value);
                if (on is null) break; // nothing to meter against: logged only
                var finished = Finished(e, on, massOf);
                AddCall(resourceCalls, on, g => g.RecordOperationFinished(finished));
                break;
        }
    }

    /// <summary>An operation_finished as the resource grain meters it: the operation's kind and planned charge
    /// temperature from the plan in force (else the resource's kind), and the piece's mass once per piece and
    /// kind — its first heat (heating charge, hot charge), its first forging pass (forged) and its heat
    /// treatment (finished); a reheat or a second pass adds energy, not steel.</summary>
    private OperationFinished Finished(ShopFloorEvent e, string resource, IReadOnlyDictionary<string, double> massOf)
    {
        var current = state.State.Versions.LastOrDefault()?.Schedule;
        var step = e.Step!.Value;
        var op = current?.Operations.FirstOrDefault(o => o.Order == e.Order && o.Step == step);
        var furnace = _plant?.FindFurnace(resource);
        var carrier = furnace?.Carrier ?? Carrier.Electric; // presses are electric
        var kind = op?.Kind ?? (furnace is null ? OperationKind.Forge
            : furnace.Kind == FurnaceKind.HeatTreatment ? OperationKind.HeatTreat : OperationKind.Heat);
        var first = kind == OperationKind.HeatTreat || current is null
            ? kind == OperationKind.HeatTreat || step == 1
            : !current.Operations.Any(o => o.Order == e.Order && o.Kind == kind && o.Step < step);
        return new OperationFinished
        {
            Order = e.Order!, Step = step, At = e.At, TempC = e.TempC, EnergyKwh = e.EnergyKwh,
            Carrier = carrier == Carrier.Gas ? "gas" : "electric",
            Kind = kind,
            MassTonnes = first ? massOf.GetValueOrDefault(e.Order!) : 0,
            ChargeTempC = op?.ChargeTempC,
            Plant = _plant,
        };
    }

    /// <summary>Checks one event against the plant and the orders as the batch has left them so far.</summary>
    /// <summary>The rescheduler's own checks against the book and the version in force (unknown orders,
    /// steps off the route, times before the plan, a finish before its start), in the grain's turn so the
    /// book and version checked are the ones the batch lands on: a batch the planner would refuse is
    /// refused here, all of it.</summary>
    private void CheckAgainstPlan(IReadOnlyList<ShopFloorEvent> events)
    {
        if (_plant is null) return;
        var shop = events.Select(e => e.ToShopEvent()).ToList();
        // A malformed event is named by the per-event check that follows.
        if (shop.Any(e => e is null)) return;
        var current = state.State.Versions.LastOrDefault()?.Schedule ?? new Schedule(PlantId, "none", []);
        var problems = RescheduleInputs.Check(_plant, Book(), current, shop!);
        if (problems.Count > 0) throw PlantRejectedException.Unprocessable(problems.Select(p => (p.Field, p.Message)));
    }

    private void Check(ShopFloorEvent e, string path, List<Order> orders)
    {
        void Need(bool present, string field)
        {
            if (!present) throw new ArgumentException($"{path} ({e.Type}): needs '{field}'");
        }
        if (!ShopFloorEventTypes.All.Contains(e.Type)) throw new ArgumentException($"{path}: unknown event type '{e.Type}'");
        switch (e.Type)
        {
            case ShopFloorEventTypes.OrderAdded or ShopFloorEventTypes.OrderChanged:
                Need(e.OrderData is not null, "order");
                var changed = e.OrderData!;
                if (_plant is not null && InputChecks.CheckOrders(_plant, new OrderBook(PlantId, changed.Release, [changed])) is { Count: > 0 } problems)
                    throw PlantRejectedException.Unprocessable(problems.Select(p => ($"{path}.order.{p.Field}", p.Message)));
                if (orders.Find(o => o.Id == changed.Id) is { } known
                    && OrderProgress.Conflicts(known, changed, state.State.Progress, $"{path}.order") is { Count: > 0 } conflicts)
                    throw PlantRejectedException.Conflict("The order contradicts what the floor already did with it.", conflicts);
                break;
            case ShopFloorEventTypes.OrderCancelled:
                Need(e.Order is not null, "id");
                break;
            case ShopFloorEventTypes.ResourceDown or ShopFloorEventTypes.ResourceUp:
                Need(e.Resource is not null, "resource");
                break;
            case ShopFloorEventTypes.OperationStarted:
                Need(e.Resource is not null, "resource");
                Need(e.Order is not null, "order");
                Need(e.Step is not null, "step");
                break;
            case ShopFloorEventTypes.OperationFinished:
                Need(e.Order is not null, "order");
                Need(e.Step is not null, "step");
                break;
        }
        if (e.Resource is { } r && _plant is not null && !_plant.HasResource(r))
            throw new ArgumentException($"{path} ({e.Type}): unknown resource '{r}' on plant '{PlantId}'");
    }

    private void AddCall(List<Task> calls, string? resource, Func<IResourceGrain, Task> call)
    {
        if (_plant is null || resource is null) return;
        if (ResourceGrain(_plant, resource) is { } grain) calls.Add(call(grain));
    }

    private IResourceGrain? ResourceGrain(Plant plant, string resource)
    {
        var key = ResourceKeys.Of(PlantId, resource);
        if (plant.FindFurnace(resource) is not null) return GrainFactory.GetGrain<IFurnaceGrain>(key);
        if (plant.FindPress(resource) is not null) return GrainFactory.GetGrain<IPressGrain>(key);
        return null;
    }

    private string? PlannedResource(string order, int step)
    {
        var current = state.State.Versions.LastOrDefault();
        if (current is null) return null;
        return current.Schedule.Operations.FirstOrDefault(o => o.Order == order && o.Step == step)?.Resource;
    }
}
