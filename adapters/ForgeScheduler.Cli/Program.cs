// The forge CLI: see docs/cli.md.
return ForgeScheduler.Cli.ForgeCli.Run(args, Console.Out, Console.Error);
