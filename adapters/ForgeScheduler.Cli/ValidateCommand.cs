using System.CommandLine;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Cli;

/// <summary><c>forge validate</c>: judge any schedule (ours, the baseline's, a planner's) against plant and orders.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var plant = new Option<string>("--plant") { HelpName = "FILE", Description = "plant.json (docs/formats.md)", Required = true };
        var orders = new Option<string>("--orders") { HelpName = "FILE", Description = "orders.json, or a CSV export if the name ends in .csv", Required = true };
        var schedule = new Option<string>("--schedule") { HelpName = "FILE", Description = "schedule.json to check", Required = true };
        var command = new Command("validate", "Check a schedule against the plant and the orders: prints each broken rule on its own line; " +
                                              "exit code 0 when valid, 1 when not.")
        {
            plant, orders, schedule,
        };
        command.SetAction(parse => Run(context, parse.GetValue(plant)!, parse.GetValue(orders)!, parse.GetValue(schedule)!));
        return command;
    }

    private static int Run(CliContext context, string plantPath, string ordersPath, string schedulePath)
    {
        var plant = PlantFile.Load(plantPath);
        var book = OrdersFile.Load(ordersPath, plant);
        var schedule = ScheduleFile.Load(schedulePath);
        var violations = ScheduleValidator.Validate(plant, book, schedule);
        foreach (var v in violations) context.Out.WriteLine(v.ToString());
        if (violations.Count == 0)
        {
            context.Out.WriteLine($"valid: {schedule.Operations.Count} operations of {book.Orders.Count} orders on plant {plant.Id}");
            return ExitCodes.Ok;
        }
        context.Error.WriteLine($"forge: {schedulePath}: {violations.Count} violation(s)");
        return ExitCodes.Invalid;
    }
}
