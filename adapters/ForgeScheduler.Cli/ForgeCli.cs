using System.CommandLine;
using System.CommandLine.Invocation;
using ForgeScheduler.Formats;

namespace ForgeScheduler.Cli;

/// <summary>Exit codes of every forge command (docs/cli.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>A schedule breaks a rule (validate), or the engine made one that does (schedule).</summary>
    public const int Invalid = 1;
    /// <summary>Bad input: a missing or broken file, a field that makes no sense, a bad option.</summary>
    public const int BadInput = 2;
    public const int InternalError = 3;
}

/// <summary>What a command needs from its surroundings: where to write, which methods exist, and the clock
/// that defaults such as "tomorrow 06:00" are taken from (a fake in tests).</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, ScheduleMethods Methods)
{
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>The forge command line. <see cref="Run"/> is the whole program, callable in-process by tests.</summary>
public static class ForgeCli
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, ScheduleMethods? methods = null,
        TimeProvider? clock = null)
    {
        var context = new CliContext(stdout, stderr, methods ?? ScheduleMethods.Default) { Clock = clock ?? TimeProvider.System };
        try
        {
            var root = BuildRoot(context);
            var parse = root.Parse(args);
            if (parse.Action is ParseErrorAction)
            {
                foreach (var error in parse.Errors) stderr.WriteLine($"forge: {error.Message}");
                stderr.WriteLine($"Try '{HelpHint(parse)} --help'.");
                return ExitCodes.BadInput;
            }
            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                // We want our own one-line messages and exit codes, never the default stack trace.
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (ForgeInputException e)
        {
            // One line per problem, each naming the file and the field.
            foreach (var line in e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                stderr.WriteLine($"forge: {line}");
            DebugTrace(stderr, e);
            return ExitCodes.BadInput;
        }
#pragma warning disable CA1031 // the top of the program: anything unexpected becomes one line and exit 3
        catch (Exception e)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"forge: internal error: {OneLine(e.Message)} ({e.GetType().Name}; set FORGE_DEBUG=1 for details)");
            DebugTrace(stderr, e);
            return ExitCodes.InternalError;
        }
    }

    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("forge: plans heating furnaces, presses and heat-treatment furnaces of a forging plant " +
                                   "for hot charging, hot transfer, low idle, low CO2 and on-time delivery.")
        {
            ScheduleCommand.Create(context),
            ValidateCommand.Create(context),
            GenerateCommand.Create(context),
            FjspCommand.Create(context),
            BenchCommand.Create(context),
            WhatIfCommand.Create(context),
            DbCommand.Create(context),
            ServeCommand.Create(context),
            SimulateCommand.Create(context),
            RescheduleCommand.Create(context),
            FitCoolingCommand.Create(context),
        };
        return root;
    }

    private static string HelpHint(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Add(r.Command is RootCommand ? "forge" : r.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private static void DebugTrace(TextWriter stderr, Exception e)
    {
        if (Environment.GetEnvironmentVariable("FORGE_DEBUG") == "1") stderr.WriteLine(e.ToString());
    }
}
