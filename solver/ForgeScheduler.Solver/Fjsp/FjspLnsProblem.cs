using ForgeScheduler.Solver.Optimisation.Lns;

namespace ForgeScheduler.Solver.Fjsp;

/// <summary>
/// The flexible job shop as an LNS problem: the items are the operations (in job, then operation
/// order), each on its machine and in its job's group. A sub-model keeps the other operations on
/// their machines and in their order there (<see cref="FjspModel.KeepOutside"/>), caps the makespan
/// at the incumbent's and minimises it. The objective the search compares is the makespan, then the
/// sum of job ends: a neighbour with the same makespan whose jobs end earlier is accepted, which lets
/// the search wander across the makespan's long plateaus. (Putting that tie-break into the
/// sub-model's objective instead was measured worse: the sub-solves spent their budget on it.)
/// </summary>
internal sealed class FjspLnsProblem : ILnsProblem<FjspSchedule>
{
    private readonly FjspInstance _instance;
    private readonly long _lowerBound;
    private readonly (int Job, int Op)[] _operations;

    /// <summary>
    /// CP-SAT settings for the sub-solves, measured on mk10 at the same deterministic budget:
    /// without the LP relaxation and with a light presolve the small sub-models solve several times
    /// faster, and the search reached 209 where the defaults reached 216.
    /// </summary>
    public const string SubSolveParameters = "linearization_level:0, symmetry_level:0, max_presolve_iterations:1, cp_model_probing_level:0";

    /// <summary>Deterministic limit of one sub-solve: long enough to re-sequence a fifth of mk10,
    /// short enough for a few hundred neighbourhoods in a minute.</summary>
    public const double SubSolveDeterministicTime = 0.05;

    public FjspLnsProblem(FjspInstance instance, long lowerBound)
    {
        _instance = instance;
        _lowerBound = lowerBound;
        _operations = [.. instance.Jobs.SelectMany((job, j) => job.Operations.Select((_, o) => (j, o)))];
    }

    /// <summary>The kinds of neighbourhood the FJSP search draws from: the critical path, and the
    /// generic kinds for diversity.</summary>
    public IReadOnlyList<ILnsNeighbourhood<FjspSchedule>> Neighbourhoods() =>
    [
        new FjspCriticalPathNeighbourhood(_instance),
        new TimeWindowNeighbourhood<FjspSchedule>(),
        new ResourceNeighbourhood<FjspSchedule>("machines"),
        new GroupNeighbourhood<FjspSchedule>("jobs"),
        new RandomItemsNeighbourhood<FjspSchedule>("operations"),
    ];

    public IReadOnlyList<LnsItem> Items(FjspSchedule incumbent) =>
    [
        .. _operations.Select(x =>
        {
            var machine = _instance.Jobs[x.Job].Operations[x.Op].Alternatives[incumbent.Alternative[x.Job][x.Op]].Machine;
            return new LnsItem(incumbent.Start[x.Job][x.Op], incumbent.End(_instance, x.Job, x.Op), [machine], x.Job);
        }),
    ];

    public LnsObjective Objective(FjspSchedule solution) => new(solution.Makespan, solution.SumOfJobEnds(_instance));

    public LnsSubModel<FjspSchedule> BuildSubModel(FjspSchedule incumbent, IReadOnlySet<int> freeItems)
    {
        // Nothing the sub-model finds may end later than the incumbent: that is the horizon.
        var horizon = incumbent.Makespan;
        var free = new HashSet<(int, int)>(freeItems.Select(i => _operations[i]));
        var model = FjspModel.CreateVariables(_instance, horizon, _lowerBound);
        model.AddMachineChoice();
        model.AddNoOverlapPerMachine();
        model.AddJobPrecedence();
        model.AddMakespanDefinition();
        model.AddMachineLoad();
        model.KeepOutside(incumbent, (j, o) => free.Contains((j, o)));
        model.MinimiseMakespan();
        model.AddHint(incumbent);
        return new LnsSubModel<FjspSchedule>(model.Model, model.Read);
    }
}
