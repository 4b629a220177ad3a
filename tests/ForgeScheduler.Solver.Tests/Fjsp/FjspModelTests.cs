using ForgeScheduler.Solver.Fjsp;
using Google.OrTools.Sat;

namespace ForgeScheduler.Solver.Tests.Fjsp;

/// <summary>
/// Each constraint family by itself: an assignment that breaks it is rejected (INFEASIBLE) with the
/// family, and accepted without it, so the test shows the family is what rejects it.
/// Instance: job 1 op 1 on M1 (6) or M2 (4), op 2 on M1 (1); job 2 op 1 on M1 (6), op 2 on M2 (6).
/// </summary>
public sealed class FjspModelTests
{
    private const long Horizon = 40;

    [Fact]
    public void MachineChoiceRejectsAnOperationOnTwoMachines()
    {
        // Equal durations on both machines, so only the choice constraint can tell this apart.
        var instance = FjspParser.Parse("1 2\n1 2 1 3 2 3", "same-duration");
        static void Violate(FjspModel model)
        {
            model.Model.Add(model.Presences[0][0][0] == 1);
            model.Model.Add(model.Presences[0][0][1] == 1);
        }

        Assert.Equal(CpSolverStatus.Infeasible, Solve(Violate, model => model.AddMachineChoice(), instance));
        Assert.NotEqual(CpSolverStatus.Infeasible, Solve(Violate, _ => { }, instance));
    }

    [Fact]
    public void MachineChoiceRejectsAnOperationOnNoMachine()
    {
        static void Violate(FjspModel model)
        {
            model.Model.Add(model.Presences[0][0][0] == 0);
            model.Model.Add(model.Presences[0][0][1] == 0);
        }

        Assert.Equal(CpSolverStatus.Infeasible, Solve(Violate, model => model.AddMachineChoice()));
        Assert.NotEqual(CpSolverStatus.Infeasible, Solve(Violate, _ => { }));
    }

    [Fact]
    public void ChosenMachineFixesTheDuration()
    {
        // On M2 job 1 op 1 takes 4, so ending at 6 (M1's duration) must be impossible.
        static void Violate(FjspModel model)
        {
            model.Model.Add(model.Presences[0][0][1] == 1);
            model.Model.Add(model.Starts[0][0] == 0);
            model.Model.Add(model.Ends[0][0] == 6);
        }

        Assert.Equal(CpSolverStatus.Infeasible, Solve(Violate, model => model.AddMachineChoice()));
    }

    [Fact]
    public void NoOverlapRejectsTwoOperationsAtOnceOnOneMachine()
    {
        // Job 1 op 1 on M1 [0,6) and job 2 op 1 on M1 [3,9).
        static void Violate(FjspModel model)
        {
            model.Model.Add(model.Presences[0][0][0] == 1);
            model.Model.Add(model.Presences[1][0][0] == 1);
            model.Model.Add(model.Starts[0][0] == 0);
            model.Model.Add(model.Starts[1][0] == 3);
        }

        Assert.Equal(CpSolverStatus.Infeasible, Solve(Violate, model => model.AddNoOverlapPerMachine()));
        Assert.NotEqual(CpSolverStatus.Infeasible, Solve(Violate, _ => { }));
    }

    [Fact]
    public void PrecedenceRejectsAnOperationStartingBeforeItsPredecessorEnds()
    {
        // Job 2 op 1 runs [0,6); op 2 may not start at 5.
        static void Violate(FjspModel model)
        {
            model.Model.Add(model.Starts[1][0] == 0);
            model.Model.Add(model.Ends[1][0] == 6);
            model.Model.Add(model.Starts[1][1] == 5);
        }

        Assert.Equal(CpSolverStatus.Infeasible, Solve(Violate, model => model.AddJobPrecedence()));
        Assert.NotEqual(CpSolverStatus.Infeasible, Solve(Violate, _ => { }));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(13)]
    public void MakespanMustEqualTheLatestEnd(long makespan)
    {
        // Last ends 7 and 12: the makespan is exactly 12, neither less nor more.
        void Violate(FjspModel model)
        {
            model.Model.Add(model.Ends[0][1] == 7);
            model.Model.Add(model.Ends[1][1] == 12);
            model.Model.Add(model.Makespan == makespan);
        }

        Assert.Equal(CpSolverStatus.Infeasible, Solve(Violate, model => model.AddMakespanDefinition()));
        Assert.NotEqual(CpSolverStatus.Infeasible, Solve(Violate, _ => { }));
    }

    [Fact]
    public void MachineLoadRejectsAMakespanBelowAMachinesTotalWork()
    {
        // All three M1-capable operations on M1: 6 + 1 + 6 = 13 units of work, so makespan 12 is too
        // short. Without no-overlap in the model, only the load constraint can see that.
        static void Violate(FjspModel model)
        {
            model.Model.Add(model.Presences[0][0][0] == 1);
            model.Model.Add(model.Makespan == 12);
        }

        Assert.Equal(CpSolverStatus.Infeasible, Solve(Violate, model => { model.AddMachineChoice(); model.AddMachineLoad(); }));
        Assert.NotEqual(CpSolverStatus.Infeasible, Solve(Violate, model => model.AddMachineChoice()));
    }

    [Fact]
    public void VariablesAreNamedWithOneBasedIndices()
    {
        var model = FjspModel.CreateVariables(FjspTestData.TwoJobsInstance, Horizon, 0);

        Assert.Equal("start_j2_o1", model.Starts[1][0].Name());
        Assert.Equal("end_j1_o2", model.Ends[0][1].Name());
        Assert.Equal("x_j1_o1_m2", model.Presences[0][0][1].Name());
    }

    [Fact]
    public void GreedyHintIsFeasibleInTheFullModel()
    {
        var instance = FjspTestData.TwoJobsInstance;
        var model = FjspModel.CreateVariables(instance, 17, 0);
        AddAllConstraints(model);
        model.AddHint(FjspGreedy.Schedule(instance, FjspGreedyRule.EarliestFinish));

        using var solver = new CpSolver { StringParameters = "num_workers:1, max_time_in_seconds:5, fix_variables_to_their_hinted_value:true" };

        Assert.Equal(CpSolverStatus.Optimal, solver.Solve(model.Model));
        Assert.Equal(17, solver.Value(model.Makespan));
    }

    private static void AddAllConstraints(FjspModel model)
    {
        model.AddMachineChoice();
        model.AddNoOverlapPerMachine();
        model.AddJobPrecedence();
        model.AddMakespanDefinition();
        model.AddMachineLoad();
    }

    private static CpSolverStatus Solve(Action<FjspModel> violate, Action<FjspModel> addFamily, FjspInstance? instance = null)
    {
        var model = FjspModel.CreateVariables(instance ?? FjspTestData.TwoJobsInstance, Horizon, 0);
        addFamily(model);
        violate(model);
        using var solver = new CpSolver { StringParameters = "num_workers:1, max_time_in_seconds:5" };
        return solver.Solve(model.Model);
    }
}
