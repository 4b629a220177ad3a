using System.Diagnostics;
using System.Globalization;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Evaluation;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation.Lns;
using ForgeScheduler.Solver.Validation;
using Google.OrTools.Sat;

namespace ForgeScheduler.Solver.Optimisation;

/// <summary>What the optimiser did: the schedule, the solver's own figures (objective and bound in
/// model points, summed over windows), and whether it had to fall back to the baseline.</summary>
public sealed record CpSatResult(
    Schedule Schedule,
    SolverStatus Status,
    double Objective,
    double Bound,
    double WallSeconds,
    int Windows,
    bool FellBackToBaseline,
    IReadOnlyList<string> Notes)
{
    /// <summary>What CP-SAT found, kept even when the baseline was better, so reports can show it.</summary>
    public Schedule? Candidate { get; init; }
}

/// <summary>Schedules an order book with CP-SAT, window by window for books longer than a day.</summary>
public static partial class CpSatScheduler
{
    public const string MethodName = "cpsat";

    public static CpSatResult Solve(Plant plant, OrderBook book, CpSatOptions options, Schedule? baseline = null)
    {
        var clock = Stopwatch.StartNew();
        // The comparator is the best dispatch rule by this very objective (baseline v2).
        baseline ??= BaselinePortfolio.Run(plant, book, options.Weights).Best;
        var rule = DispatchRule.Find(baseline.Rule) ?? DispatchRule.LowestMarginal;
        var baselinePlan = ForgingPlan.Judge(plant, book, baseline);
        options.OnProgress?.Invoke(new SolveProgress($"best rule {rule.Name}", clock.Elapsed.TotalSeconds, double.NaN, double.NaN)
        {
            Plan = baselinePlan.Kpis is { } bk ? PlanFigures.Of(bk, options.Weights) : null,
            Start = true,
        });
        var notes = new List<string>();
        var heatingRule = WaitTable.ModelHeatingMinutes(plant);
        var windows = Windows(book, options);
        var lnsShare = book.Orders.Count <= options.LnsMaxOrders ? Math.Clamp(options.LnsShare, 0, 0.95) : 0;
        var committed = new List<ScheduledOperation>();
        var committedOrders = new Dictionary<string, Order>();
        double objective = 0, bound = 0;
        var status = SolverStatus.Optimal;
        var totalOrders = Math.Max(1, book.Orders.Count);
        var windowFailed = false;
        foreach (var (index, commit, lookahead) in windows.Select((w, i) => (i, w.Commit, w.Lookahead)))
        {
            var orders = commit.Concat(lookahead).ToList();
            var share = (double)commit.Count / totalOrders * (1 - lnsShare);
            var windowOptions = options with
            {
                TimeLimitSeconds = Math.Max(1.0, options.TimeLimitSeconds * share),
                DeterministicTime = options.DeterministicTime is { } d ? d * share : null,
            };
            // Today's practice replayed in the model's cautious heating times, around what earlier
            // windows fixed: a hint CP-SAT accepts as it is, so its first solution is already as
            // good as the dispatcher's.
            var replay = BaselineDispatcher.Dispatch(plant, book with { Orders = orders }, heatingRule,
                committed.Select(o => (o, committedOrders[o.Order].MassTonnes)).ToList(), rule, options.Weights);
            var candidates = new List<List<ScheduledOperation>>();
            var solved = SolveWindow(plant, book, orders, committed, committedOrders, replay, windowOptions, $"window {index + 1}/{windows.Count}", notes, candidates);
            if (solved is null)
            {
                notes.Add($"window {index + 1}: CP-SAT found no solution ({LastStatus}); the search goes on from the best rule's plan.");
                if (lnsShare == 0) return Fallback(baseline, rule, clock, windows.Count, notes);
                windowFailed = true;
                break;
            }
            var (ops, st, obj, bd) = solved.Value;
            var commitIds = commit.Select(o => o.Id).ToHashSet();
            ops = BestByTheJudge(plant, book, committed, committedOrders, commit, ops, candidates, options, $"window {index + 1}/{windows.Count}", notes);
            committed.AddRange(ops.Where(o => commitIds.Contains(o.Order)));
            foreach (var o in commit) committedOrders[o.Id] = o;
            objective += obj;
            bound += bd;
            if (st.Outcome != SolverOutcome.Optimal) status = st;
        }

        if (windowFailed) status = SolverStatus.Lns;
        var plan = windowFailed ? baselinePlan : ForgingPlan.Judge(plant, book, new Schedule(plant.Id, MethodName, committed),
            book.Orders.Select(o => o.Id).ToHashSet(StringComparer.Ordinal));
        if (!windowFailed && plan.Kpis is { } pk)
            options.OnProgress?.Invoke(new SolveProgress(options.Mode == ObjectiveMode.Lexicographic ? "two-phase" : "weighted", clock.Elapsed.TotalSeconds, objective, bound)
            { Plan = PlanFigures.Of(pk, options.Weights) });
        if (lnsShare > 0)
        {
            // The search starts from the better of the CP-SAT plan and the best rule's own plan
            // (exactly judged): a neighbourhood only needs its free orders to fit the model, the rest
            // is fixed occupancy, so the rule's plan — shorter heats than the model's cautious bands —
            // is a starting point too, and whatever the search accepts beats the best rule.
            var fromRule = baselinePlan.Kpis is not null && (plan.Kpis is null ||
                baselinePlan.Objective(options.Mode, options.Weights) < plan.Objective(options.Mode, options.Weights));
            if (fromRule) notes.Add($"the search starts from the best rule's plan ({rule.Name}): CP-SAT's plan was not better.");
            var start = fromRule ? baselinePlan : plan;
            if (start.Kpis is not null) plan = Improve(plant, book, start, rule, options, clock, notes);
        }

        var schedule = plan.Schedule;
        var violations = ScheduleValidator.Validate(plant, book, schedule);
        if (violations.Count > 0)
        {
            notes.Add($"the optimised schedule broke {violations.Count} rule(s) (first: {violations[0]}); falling back to the baseline schedule.");
            return Fallback(baseline, rule, clock, windows.Count, notes);
        }
        // Judged the way the run was asked to judge: lexicographic (late orders, weighted tardiness,
        // then the score) or the weighted score alone.
        var mine = plan.Objective(options.Mode, options.Weights);
        var theirs = baselinePlan.Objective(options.Mode, options.Weights);
        if (mine >= theirs)
        {
            var (a, b) = (options.Weights.Score(plan.Kpis!), baselinePlan.Kpis is { } k ? options.Weights.Score(k) : double.NaN);
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"the optimised schedule scored {a:F0} against the baseline's {b:F0} (rule {rule.Name}); keeping the baseline."));
            return Fallback(baseline, rule, clock, windows.Count, notes) with { Candidate = schedule };
        }
        notes.Add(LimitNote(plant, book, plan.Kpis!, baselinePlan.Kpis));
        return new CpSatResult(schedule, status, objective, bound, clock.Elapsed.TotalSeconds, windows.Count, false, notes);
    }

    /// <summary>The yardstick a planner can read: the physics v2 limit (no waiting, no idle, every
    /// piece charged as hot as it arrives; docs/kpis.md) — a bound on CO2/t and kWh/t no plan can beat,
    /// unlike CP-SAT's bound on its weighted model objective, which is loose.</summary>
    private static string LimitNote(Plant plant, OrderBook book, KpiReport mine, KpiReport? rule)
    {
        var limit = EnergyLimitCalculator.Compute(plant, book);
        var above = limit.Co2KgPerT > 0 ? mine.Co2KgPerT / limit.Co2KgPerT - 1 : double.NaN;
        var ruleAbove = rule is not null && limit.Co2KgPerT > 0 ? rule.Co2KgPerT / limit.Co2KgPerT - 1 : double.NaN;
        return string.Create(CultureInfo.InvariantCulture,
            $"limit (physics v2): CO2 {limit.Co2KgPerT:0.0} kg/t, {limit.EnergyKwhPerT:0.0} kWh/t; this plan is {100 * above:0.#} % above it on CO2/t (the best rule {100 * ruleAbove:0.#} %).");
    }

    /// <summary>Large-neighbourhood search around the incumbent over the whole book, for what is left
    /// of the time: each accepted neighbourhood was judged better by the exact evaluator.</summary>
    private static ForgingPlan Improve(Plant plant, OrderBook book, ForgingPlan incumbent, DispatchRule rule, CpSatOptions options, Stopwatch clock, List<string> notes)
    {
        var left = options.TimeLimitSeconds - clock.Elapsed.TotalSeconds;
        if (options.DeterministicTime is null && left < 1.0) return incumbent;
        var latest = new[] { incumbent.Schedule.LastEnd, book.Orders.Max(o => o.Due) }.Where(t => t is not null).Max()!.Value;
        var horizon = (long)Math.Ceiling((latest - book.PlanStart).TotalMinutes) + 24 * 60;
        var problem = new ForgingLnsProblem(plant, book, horizon, options with { OnProgress = null }) { ReplayRule = rule };
        var lnsOptions = new LnsOptions
        {
            TimeLimitSeconds = Math.Max(0.1, left),
            DeterministicTime = options.DeterministicTime is { } d ? d * Math.Clamp(options.LnsShare, 0, 0.95) : null,
            Workers = Math.Max(1, options.Workers),
            Seed = options.Seed,
            Cancellation = options.Cancellation,
            SubSolveDeterministicTime = options.LnsSubSolveDeterministicTime,
            MinimumSize = 1,
            ExtraParameters = "linearization_level:0, symmetry_level:0, max_presolve_iterations:1, cp_model_probing_level:0" + options.MemoryParameter,
            InitialSizeFraction = Math.Min(1.0, Math.Max(0.05, 3.0 / Math.Max(1, book.Orders.Count))),
        };
        // The driver reports an acceptance right after judging the candidate: that plan is the problem's last judged one.
        var bestScore = options.Weights.Score(incumbent.Kpis!);
        lnsOptions = lnsOptions with
        {
            OnAccepted = p =>
            {
                if (problem.LastJudged?.Kpis is not { } k) return;
                var score = options.Weights.Score(k);
                options.OnProgress?.Invoke(new SolveProgress("lns", clock.Elapsed.TotalSeconds, score, double.NaN)
                {
                    Plan = PlanFigures.Of(k, options.Weights),
                    Neighbourhood = p.Kind,
                    GainKg = bestScore - score,
                });
                bestScore = score;
            },
        };
        var result = LnsSearch.Run(problem, incumbent, ForgingLnsProblem.Kinds, lnsOptions);
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"large-neighbourhood search: {result.Iterations} neighbourhoods tried, {result.Accepted} accepted in {result.WallSeconds:0.0} s ({string.Join(", ", result.Kinds.Select(k => $"{k.Kind} {k.Accepted}/{k.Tries}"))})."));
        return result.Best;
    }

    private static CpSatResult Fallback(Schedule baseline, DispatchRule rule, Stopwatch clock, int windows, List<string> notes)
    {
        notes.Add($"no better plan found than the starting plan (rule {rule.Name}).");
        return new(baseline with { Method = MethodName, Rule = null }, SolverStatus.FellBack, double.NaN, double.NaN, clock.Elapsed.TotalSeconds, windows, true, notes);
    }

    /// <summary>Fills charge temperature, energy and carrier from physics, so what the schedule file
    /// claims is exactly what the validator and the KPI calculator will find.</summary>
    public static Schedule Complete(Plant plant, OrderBook book, Schedule schedule)
    {
        var evaluated = ScheduleEvaluator.Evaluate(plant, book, schedule).Operations;
        var ops = evaluated.Select(e => e.Operation with { ChargeTempC = e.ChargeTempC, EnergyKwh = e.EnergyKwh, Carrier = e.Carrier })
            .OrderBy(o => o.Start).ThenBy(o => o.Resource).ToList();
        return schedule with { Operations = ops };
    }

    private sealed record Window(List<Order> Commit, List<Order> Lookahead);

    /// <summary>Rolling horizon: orders by release into windows of <see cref="CpSatOptions.WindowHours"/>;
    /// each window also sees the orders released in the overlap after it.</summary>
    private static List<Window> Windows(OrderBook book, CpSatOptions options)
    {
        var sorted = book.Orders.OrderBy(o => o.Release).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();
        if (sorted.Count == 0) return [];
        var first = sorted[0].Release;
        var span = (sorted[^1].Release - first).TotalHours;
        if (span <= options.WindowHours + options.OverlapHours) return [new Window(sorted, [])];
        var windows = new List<Window>();
        for (var start = first; start <= sorted[^1].Release; start = start.AddHours(options.WindowHours))
        {
            var end = start.AddHours(options.WindowHours);
            var commit = sorted.Where(o => o.Release >= start && o.Release < end).ToList();
            if (commit.Count == 0) continue;
            var look = sorted.Where(o => o.Release >= end && o.Release < end.AddHours(options.OverlapHours)).ToList();
            windows.Add(new Window(commit, look));
        }
        return windows;
    }

    /// <summary>How many of a solve's last plans the exact judge looks at (see <see cref="BestByTheJudge"/>).</summary>
    private const int JudgedPlansPerSolve = 16;

    /// <summary>
    /// The model's objective prices energy in bands, blocks and spans; the KPI calculator prices it
    /// exactly. So the model's last plan is not always the best of the plans it found on the way:
    /// each of its last <see cref="JudgedPlansPerSolve"/> plans is judged exactly (completed from
    /// physics, validated, KPIs, with the windows already committed) and the best is kept.
    /// </summary>
    internal static List<ScheduledOperation> BestByTheJudge(Plant plant, OrderBook book, List<ScheduledOperation> committed,
        Dictionary<string, Order> committedOrders, List<Order> commit, List<ScheduledOperation> last,
        IReadOnlyList<List<ScheduledOperation>> candidates, CpSatOptions options, string phase, List<string> notes)
    {
        if (candidates.Count < 2) return last;
        var commitIds = commit.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var sofar = book with { Orders = committedOrders.Values.Concat(commit).ToList() };
        ForgingPlan Judge(List<ScheduledOperation> ops) =>
            ForgingPlan.Judge(plant, sofar, new Schedule(plant.Id, MethodName, committed.Concat(ops.Where(o => commitIds.Contains(o.Order))).ToList()));
        var lastPlan = Judge(last);
        var (best, bestPlan, found) = (last, lastPlan, candidates.Count);
        for (var i = 0; i < candidates.Count - 1; i++)
        {
            var plan = Judge(candidates[i]);
            if (plan.Objective(options.Mode, options.Weights) < bestPlan.Objective(options.Mode, options.Weights))
                (best, bestPlan, found) = (candidates[i], plan, i + 1);
        }
        if (!ReferenceEquals(best, last) && bestPlan.Kpis is { } k && lastPlan.Kpis is { } l)
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{phase}: the exact judge kept CP-SAT's plan {found} of the last {candidates.Count} it found, not the last: {options.Weights.Score(l) - options.Weights.Score(k):N0} kg-CO2-eq better on the objective ({k.Co2Kg - l.Co2Kg:+#,0;-#,0;0} kg CO2)."));
        return best;
    }

    private static (List<ScheduledOperation> Ops, SolverStatus Status, double Objective, double Bound)? SolveWindow(
        Plant plant, OrderBook book, List<Order> orders, List<ScheduledOperation> fixedOps,
        Dictionary<string, Order> fixedOrders, Schedule baseline, CpSatOptions options, string phase, List<string> notes,
        List<List<ScheduledOperation>>? candidates = null)
    {
        var ids = orders.Select(o => o.Id).ToHashSet();
        var hint = baseline with { Operations = baseline.Operations.Where(o => ids.Contains(o.Order)).ToList() };
        var latest = new[] { hint.LastEnd, fixedOps.Count == 0 ? null : fixedOps.Max(o => o.End), orders.Max(o => o.Due) }
            .Where(t => t is not null).Max()!.Value;
        var horizon = (long)Math.Ceiling((latest - book.PlanStart).TotalMinutes) + 24 * 60;

        var clock = Stopwatch.StartNew();
        var model = new ForgingModel(plant, book.PlanStart, orders, horizon, options, fixedOps) { FixedOrders = fixedOrders, HotAtStart = book.FurnacesHotAtStart.ToHashSet(), CarryFurnaceState = options.CarryFurnaceState };
        model.Build();
        var complete = CompleteHint(plant, book, orders, horizon, options, fixedOps, fixedOrders, hint, phase);
        if (complete is not null && complete.Value.Values.Count == model.VariableCount) model.SetCompleteHint(complete.Value.Values);
        else model.AddHint(hint);
        // If the search itself finds nothing in what is left of the time (presolve of a big window
        // can eat it), the completed hint is still a solution of this very model.
        (List<ScheduledOperation>, SolverStatus, double, double)? HintOnly() => complete is { } c
            ? (c.Model.Read(c.Solver, ids), SolverStatus.Hint, c.Solver.ObjectiveValue, c.Solver.BestObjectiveBound)
            : null;
        void Collect(CpSolverSolutionCallback solution)
        {
            if (candidates is null) return;
            candidates.Add(model.Read(solution, ids));
            if (candidates.Count > JudgedPlansPerSolve) candidates.RemoveAt(0);
        }
        // Building and completing the hint come out of the same wall-clock budget.
        options = options with { TimeLimitSeconds = Math.Max(1.0, options.TimeLimitSeconds - clock.Elapsed.TotalSeconds) };

        if (options.Mode == ObjectiveMode.Lexicographic)
        {
            // Phase 1: weighted tardiness alone, from the best rule's plan; nobody on time there
            // becomes late (only when that plan is a solution of this model, i.e. it was completed).
            var start = complete is { } c ? new Schedule(plant.Id, MethodName, c.Model.Read(c.Solver, ids)) : null;
            if (start is not null) model.HoldTardiness(start, 0);
            var startTardiness = start is null ? long.MaxValue : model.TardinessPointsOf(start);
            IReadOnlyList<long> values;
            long best;
            double objective1, bound1;
            SolverStatus status1;
            CpSolver? solver1 = null;
            var phaseClock = Stopwatch.StartNew();
            if (startTardiness == 0)
            {
                // Nothing late in the rule's plan: phase 1 has nothing to do, phase 2 gets the time.
                (values, best, objective1, bound1, status1) = (complete!.Value.Values, 0, complete.Value.Solver.ObjectiveValue, complete.Value.Solver.BestObjectiveBound, SolverStatus.Hint);
                notes.Add($"{phase} phase 1: no order late in the best rule's plan.");
            }
            else
            {
                model.Model.Minimize(model.TardinessPoints);
                var first = Run(model, options with { TimeLimitSeconds = options.TimeLimitSeconds / 2, DeterministicTime = options.DeterministicTime / 2 }, phase + " tardiness");
                if (first is null) return HintOnly();
                solver1 = first.Value.Solver;
                status1 = first.Value.Status;
                best = (long)Math.Round(solver1.ObjectiveValue);
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{phase} phase 1: weighted tardiness {best / 1000.0 / options.Weights.TardinessPerWeightedHour:0.##} h in the model, bound {solver1.BestObjectiveBound / 1000.0 / options.Weights.TardinessPerWeightedHour:0.##} h ({status1})."));
                values = solver1.Response!.Solution.ToList();
                (objective1, bound1) = (solver1.ObjectiveValue, solver1.BestObjectiveBound);
                // Phase 1 stops at its first plan of least tardiness, which may be a poor one on
                // energy: when the rule's plan is as punctual, phase 2 starts from it instead.
                if (startTardiness <= best) values = complete!.Value.Values;
            }
            // Phase 2: holding it (within the tolerance), CO2 and cost — the rest of the weighted
            // objective, where CO2 counts 1 per kg and cost 0.3 per currency unit by default.
            model.Model.Add(model.TardinessPoints <= best + (long)Math.Floor(best * Math.Max(0, options.TardinessTolerance)));
            model.SetCompleteHint(values);
            model.Model.Minimize(model.WeightedObjective);
            var rest = options with
            {
                TimeLimitSeconds = Math.Max(1.0, options.TimeLimitSeconds - phaseClock.Elapsed.TotalSeconds),
                DeterministicTime = options.DeterministicTime is { } dt ? Math.Max(0.05, dt - (solver1?.Response?.DeterministicTime ?? 0)) : null,
            };
            var second = Run(model, rest, phase + " co2", Collect);
            if (second is null) return solver1 is null ? HintOnly() : (model.Read(solver1, ids), status1, objective1, bound1);
            var (solver2, st2, _) = second.Value;
            return (model.Read(solver2, ids), st2, solver2.ObjectiveValue, solver2.BestObjectiveBound);
        }

        model.Model.Minimize(model.WeightedObjective);
        var run = Run(model, options, phase, Collect);
        if (run is null) return HintOnly();
        var (solver, status, _) = run.Value;
        return (model.Read(solver, ids), status, solver.ObjectiveValue, solver.BestObjectiveBound);
    }

    /// <summary>Solves the model pinned to the hint's decisions for a moment, to get a value for
    /// every variable; null if the hint does not fit the model.</summary>
    private static (IReadOnlyList<long> Values, ForgingModel Model, CpSolver Solver)? CompleteHint(Plant plant, OrderBook book, List<Order> orders, long horizon,
        CpSatOptions options, List<ScheduledOperation> fixedOps, Dictionary<string, Order> fixedOrders, Schedule hint, string phase)
    {
        var pinned = new ForgingModel(plant, book.PlanStart, orders, horizon, options, fixedOps) { FixedOrders = fixedOrders, HotAtStart = book.FurnacesHotAtStart.ToHashSet(), CarryFurnaceState = options.CarryFurnaceState };
        pinned.Build();
        pinned.Pin(hint);
        pinned.Model.Minimize(pinned.WeightedObjective);
        var budget = options with
        {
            TimeLimitSeconds = Math.Max(1.0, options.TimeLimitSeconds * 0.2),
            DeterministicTime = options.DeterministicTime is { } d ? d * 0.2 : null,
            OnProgress = null,
        };
        var run = Run(pinned, budget, phase + " hint");
        if (run is null) return null;
        options.OnProgress?.Invoke(new SolveProgress(phase + " hint", run.Value.Wall, run.Value.Solver.ObjectiveValue, run.Value.Solver.BestObjectiveBound));
        return (run.Value.Solver.Response!.Solution.ToList(), pinned, run.Value.Solver);
    }

    private static (CpSolver Solver, SolverStatus Status, double Wall)? Run(ForgingModel model, CpSatOptions options, string phase,
        Action<CpSolverSolutionCallback>? onSolution = null)
    {
        var parameters = Parameters(options);
        if (options.Cancellation.IsCancellationRequested)
        {
            LastStatus = "CANCELLED";
            return null;
        }
        var solver = new CpSolver { StringParameters = parameters };
        var callback = new ProgressCallback(phase, options.OnProgress, onSolution);
        using var cancelled = options.Cancellation.Register(solver.StopSearch);
        var status = solver.Solve(model.Model, callback);
        LastStatus = status == CpSolverStatus.ModelInvalid ? $"MODEL_INVALID: {model.Model.Validate()}" : status.ToString().ToUpperInvariant();
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible)) return null;
        return (solver, SolverStatus.Of(status), solver.WallTime());
    }

    /// <summary>The SatParameters (text format) of one CP-SAT run with these options.</summary>
    public static string Parameters(CpSatOptions options)
    {
        // A deterministic budget replaces the wall-clock one so that one worker and a seed repeat exactly.
        var stop = options.DeterministicTime is { } dt
            ? string.Create(CultureInfo.InvariantCulture, $"max_deterministic_time:{dt:F2}")
            : string.Create(CultureInfo.InvariantCulture, $"max_time_in_seconds:{Math.Max(0.5, options.TimeLimitSeconds):F1}");
        var parameters = $"num_workers:{Math.Max(1, options.Workers)}, random_seed:{options.Seed}, {stop}{options.MemoryParameter}";
        if (options.ExtraParameters is { Length: > 0 } more) parameters += ", " + more;
        if (Environment.GetEnvironmentVariable("FORGE_CPSAT_LOG") == "1") parameters += ", log_search_progress:true";
        if (Environment.GetEnvironmentVariable("FORGE_CPSAT_PARAMS") is { Length: > 0 } extra) parameters += ", " + extra;
        return parameters;
    }

    [ThreadStatic] private static string? LastStatus;

    private sealed class ProgressCallback(string phase, Action<SolveProgress>? report, Action<CpSolverSolutionCallback>? onSolution) : CpSolverSolutionCallback
    {
        public override void OnSolutionCallback()
        {
            report?.Invoke(new SolveProgress(phase, WallTime(), ObjectiveValue(), BestObjectiveBound()));
            onSolution?.Invoke(this);
        }
    }
}
