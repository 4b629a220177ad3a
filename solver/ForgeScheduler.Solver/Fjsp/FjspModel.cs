using Google.OrTools.Sat;

namespace ForgeScheduler.Solver.Fjsp;

/// <summary>
/// The CP-SAT variables of an FJSP instance and one method per constraint family. Index order is
/// [job][operation][alternative], 0-based; variable names use the 1-based numbers of the data
/// (<c>start_j3_o2</c>, <c>x_j3_o2_m4</c>).
/// </summary>
internal sealed class FjspModel
{
    private FjspModel(FjspInstance instance, CpModel model, IntVar[][] starts, IntVar[][] ends,
        BoolVar[][][] presences, IntervalVar[][][] intervals, IntVar makespan)
    {
        Instance = instance;
        Model = model;
        Starts = starts;
        Ends = ends;
        Presences = presences;
        Intervals = intervals;
        Makespan = makespan;
    }

    public FjspInstance Instance { get; }

    public CpModel Model { get; }

    public IntVar[][] Starts { get; }

    public IntVar[][] Ends { get; }

    /// <summary>Presence literal of each alternative: true when the operation runs on that machine.</summary>
    public BoolVar[][][] Presences { get; }

    /// <summary>Optional interval of each alternative, sharing the operation's start and end.</summary>
    public IntervalVar[][][] Intervals { get; }

    public IntVar Makespan { get; }

    /// <summary>
    /// Creates the variables. Times range over [0, <paramref name="horizon"/>]; the makespan over
    /// [<paramref name="makespanLowerBound"/>, <paramref name="horizon"/>].
    /// </summary>
    public static FjspModel CreateVariables(FjspInstance instance, long horizon, long makespanLowerBound)
    {
        var model = new CpModel();
        var jobs = instance.Jobs;
        var starts = new IntVar[jobs.Count][];
        var ends = new IntVar[jobs.Count][];
        var presences = new BoolVar[jobs.Count][][];
        var intervals = new IntervalVar[jobs.Count][][];
        for (var j = 0; j < jobs.Count; j++)
        {
            var operations = jobs[j].Operations;
            starts[j] = new IntVar[operations.Count];
            ends[j] = new IntVar[operations.Count];
            presences[j] = new BoolVar[operations.Count][];
            intervals[j] = new IntervalVar[operations.Count][];
            for (var o = 0; o < operations.Count; o++)
            {
                var name = $"j{j + 1}_o{o + 1}";
                starts[j][o] = model.NewIntVar(0, horizon, $"start_{name}");
                ends[j][o] = model.NewIntVar(0, horizon, $"end_{name}");
                var alternatives = operations[o].Alternatives;
                presences[j][o] = new BoolVar[alternatives.Count];
                intervals[j][o] = new IntervalVar[alternatives.Count];
                for (var a = 0; a < alternatives.Count; a++)
                {
                    var (machine, duration) = alternatives[a];
                    var present = model.NewBoolVar($"x_{name}_m{machine}");
                    presences[j][o][a] = present;
                    intervals[j][o][a] = model.NewOptionalIntervalVar(
                        starts[j][o], duration, ends[j][o], present, $"interval_{name}_m{machine}");
                }
            }
        }

        var makespan = model.NewIntVar(Math.Min(makespanLowerBound, horizon), horizon, "makespan");
        return new FjspModel(instance, model, starts, ends, presences, intervals, makespan);
    }

    /// <summary>
    /// Every operation runs on exactly one of its machines. The optional intervals already tie
    /// end = start + duration of the present alternative; the same link is also stated as one linear
    /// equation so the LP relaxation sees the operation's duration.
    /// </summary>
    public void AddMachineChoice()
    {
        ForEachOperation((j, o, alternatives) =>
        {
            Model.AddExactlyOne(Presences[j][o]);
            var duration = LinearExpr.WeightedSum(Presences[j][o], alternatives.Select(alternative => (long)alternative.Duration));
            Model.Add(Ends[j][o] == Starts[j][o] + duration);
        });
    }

    /// <summary>A machine processes one operation at a time.</summary>
    public void AddNoOverlapPerMachine()
    {
        var perMachine = new List<IntervalVar>[Instance.MachineCount + 1];
        for (var m = 1; m <= Instance.MachineCount; m++)
        {
            perMachine[m] = [];
        }

        ForEachOperation((j, o, alternatives) =>
        {
            for (var a = 0; a < alternatives.Count; a++)
            {
                perMachine[alternatives[a].Machine].Add(Intervals[j][o][a]);
            }
        });

        for (var m = 1; m <= Instance.MachineCount; m++)
        {
            if (perMachine[m].Count > 1)
            {
                Model.AddNoOverlap(perMachine[m]);
            }
        }
    }

    /// <summary>An operation starts only after the previous operation of its job has finished.</summary>
    public void AddJobPrecedence()
    {
        for (var j = 0; j < Starts.Length; j++)
        {
            for (var o = 1; o < Starts[j].Length; o++)
            {
                Model.Add(Starts[j][o] >= Ends[j][o - 1]);
            }
        }
    }

    /// <summary>
    /// Makespan = the latest end. Only the last operation of each job can be the latest (precedence),
    /// so those ends are enough.
    /// </summary>
    public void AddMakespanDefinition()
    {
        var lastEnds = Ends.Where(jobEnds => jobEnds.Length > 0).Select(jobEnds => (LinearExpr)jobEnds[^1]).ToList();
        if (lastEnds.Count == 0)
        {
            Model.Add(Makespan == 0);
            return;
        }

        Model.AddMaxEquality(Makespan, lastEnds);
    }

    /// <summary>
    /// Redundant: no machine can finish before its total work, so makespan ≥ Σ duration × presence
    /// over the alternatives on each machine. Implied by no-overlap, but stated linearly it gives the
    /// LP relaxation a real lower bound (mk05: bound 127 → 172), which lets CP-SAT prove optima.
    /// </summary>
    public void AddMachineLoad()
    {
        var presences = new List<ILiteral>[Instance.MachineCount + 1];
        var durations = new List<long>[Instance.MachineCount + 1];
        for (var m = 1; m <= Instance.MachineCount; m++)
        {
            presences[m] = [];
            durations[m] = [];
        }

        ForEachOperation((j, o, alternatives) =>
        {
            for (var a = 0; a < alternatives.Count; a++)
            {
                presences[alternatives[a].Machine].Add(Presences[j][o][a]);
                durations[alternatives[a].Machine].Add(alternatives[a].Duration);
            }
        });

        for (var m = 1; m <= Instance.MachineCount; m++)
        {
            if (presences[m].Count > 0)
            {
                Model.Add(LinearExpr.WeightedSum(presences[m], durations[m]) <= Makespan);
            }
        }
    }

    public void MinimiseMakespan() => Model.Minimize(Makespan);

    /// <summary>
    /// Keeps every operation outside <paramref name="isFree"/> on its machine in
    /// <paramref name="incumbent"/> and in the same order among the kept operations of that machine;
    /// their start times stay free, so the freed operations can be inserted anywhere and the kept
    /// ones close up around them (a partial-order neighbourhood, stronger than fixing times).
    /// </summary>
    public void KeepOutside(FjspSchedule incumbent, Func<int, int, bool> isFree)
    {
        var kept = new List<(int Job, int Op, long Start)>[Instance.MachineCount + 1];
        for (var m = 1; m <= Instance.MachineCount; m++)
        {
            kept[m] = [];
        }

        ForEachOperation((j, o, alternatives) =>
        {
            if (isFree(j, o))
            {
                return;
            }

            var chosen = incumbent.Alternative[j][o];
            for (var a = 0; a < alternatives.Count; a++)
            {
                Model.Add(Presences[j][o][a] == (a == chosen ? 1 : 0));
            }

            kept[alternatives[chosen].Machine].Add((j, o, incumbent.Start[j][o]));
        });

        for (var m = 1; m <= Instance.MachineCount; m++)
        {
            var sequence = kept[m].OrderBy(x => x.Start).ThenBy(x => x.Job).ThenBy(x => x.Op).ToList();
            for (var i = 1; i < sequence.Count; i++)
            {
                var (previous, next) = (sequence[i - 1], sequence[i]);
                Model.Add(Starts[next.Job][next.Op] >= Ends[previous.Job][previous.Op]);
            }
        }
    }

    /// <summary>The solved schedule in index form; call only when the solver has a solution.</summary>
    public FjspSchedule Read(CpSolver solver)
    {
        var alternative = Presences.Select(job => job.Select(operation => Array.FindIndex(operation, solver.BooleanValue)).ToArray()).ToArray();
        var start = Starts.Select(job => job.Select(solver.Value).ToArray()).ToArray();
        return new FjspSchedule(alternative, start, solver.Value(Makespan));
    }

    /// <summary>Hints every variable with a feasible schedule (the greedy's, or an LNS incumbent), so
    /// CP-SAT starts from a complete solution.</summary>
    public void AddHint(FjspSchedule schedule)
    {
        ForEachOperation((j, o, alternatives) =>
        {
            var chosen = schedule.Alternative[j][o];
            var start = schedule.Start[j][o];
            Model.AddHint(Starts[j][o], start);
            Model.AddHint(Ends[j][o], start + alternatives[chosen].Duration);
            for (var a = 0; a < alternatives.Count; a++)
            {
                Model.AddHint(Presences[j][o][a], a == chosen);
            }
        });
        Model.AddHint(Makespan, schedule.Makespan);
    }

    private void ForEachOperation(Action<int, int, IReadOnlyList<FjspAlternative>> action)
    {
        var jobs = Instance.Jobs;
        for (var j = 0; j < jobs.Count; j++)
        {
            for (var o = 0; o < jobs[j].Operations.Count; o++)
            {
                action(j, o, jobs[j].Operations[o].Alternatives);
            }
        }
    }
}
