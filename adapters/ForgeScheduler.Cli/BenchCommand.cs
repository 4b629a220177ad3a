using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Baseline;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Fjsp;
using ForgeScheduler.Solver.Kpis;
using ForgeScheduler.Solver.Optimisation;
using ForgeScheduler.Solver.Validation;

namespace ForgeScheduler.Cli;

/// <summary><c>forge bench</c>: the reference day and week (CP-SAT against the baseline and the
/// energy limit) and the Brandimarte FJSP instances (makespan against best-known), as bench.md and
/// bench.json.</summary>
internal static class BenchCommand
{
    private static readonly string[] AllCases = ["day", "week", "books", "fjsp", "reschedule", "cluster", "speed", "generated"];
    /// <summary>Cases run only when named: they need a PostgreSQL (--connection).</summary>
    private static readonly string[] ExtraCases = ["api"];

    public static Command Create(CliContext context)
    {
        var outDir = new Option<string>("--out") { HelpName = "DIR", Description = "directory to write bench.md and bench.json into", DefaultValueFactory = _ => "bench" };
        var dayLimit = new Option<double>("--day-limit") { HelpName = "SECONDS", Description = "CP-SAT time limit for the reference day (30 orders)", DefaultValueFactory = _ => 30.0 };
        var weekLimit = new Option<double>("--week-limit") { HelpName = "SECONDS", Description = "CP-SAT time limit for the reference week (200 orders, rolling horizon), shared among its windows", DefaultValueFactory = _ => 300.0 };
        var fjspLimit = new Option<double>("--fjsp-limit") { HelpName = "SECONDS", Description = "CP-SAT time limit per FJSP instance", DefaultValueFactory = _ => 60.0 };
        var fjspDir = new Option<string?>("--fjsp-dir") { HelpName = "DIR", Description = "folder holding bks.csv and the .fjs files it names; default ../shared/benchmarks/fjsp beside the repository" };
        var rescheduleLimit = new Option<double>("--reschedule-limit") { HelpName = "SECONDS", Description = "rescheduler time limit per event (reschedule case)", DefaultValueFactory = _ => 2.0 };
        var rescheduleBaseLimit = new Option<double>("--reschedule-base-limit") { HelpName = "SECONDS", Description = "CP-SAT limit for the reference day plan the reschedule case starts from", DefaultValueFactory = _ => 10.0 };
        var rescheduleEvents = new Option<int>("--reschedule-events") { HelpName = "N", Description = "single events answered in the reschedule case (furnace trips, late finishes, colder pieces, rush orders, cancellations in turn)", DefaultValueFactory = _ => 24 };
        var rescheduleFreshLimit = new Option<double>("--reschedule-fresh-limit") { HelpName = "SECONDS", Description = "CP-SAT limit of the fresh full optimisation each reschedule is compared with", DefaultValueFactory = _ => 10.0 };
        var clusterPlants = new Option<int>("--cluster-plants") { HelpName = "N", Description = "plants rescheduling at once in the cluster case", DefaultValueFactory = _ => 20 };
        var clusterOrders = new Option<int>("--cluster-orders") { HelpName = "N", Description = "generated orders per plant in the cluster case", DefaultValueFactory = _ => 8 };
        var clusterLimit = new Option<double>("--cluster-limit") { HelpName = "SECONDS", Description = "solve limit per reschedule in the cluster case", DefaultValueFactory = _ => 2.0 };
        var connection = new Option<string?>("--connection") { HelpName = "CONNECTION", Description = "PostgreSQL connection string: the cluster case runs its 2 silos on it (default: localhost clustering, in-memory storage)" };
        var cases = new Option<string>("--cases") { HelpName = "LIST", Description = "comma-separated cases to run: day, week, books (three generated day books), fjsp, reschedule, cluster, speed, generated; api (the service on PostgreSQL, --connection) only when named", DefaultValueFactory = _ => string.Join(',', AllCases) };
        var apiUpserts = new Option<int>("--api-upserts") { HelpName = "N", Description = "order upserts sent by 8 writers in the api case", DefaultValueFactory = _ => 4000 };
        var apiLimit = new Option<double>("--api-limit") { HelpName = "SECONDS", Description = "solver time limit per reschedule in the api case", DefaultValueFactory = _ => 2.0 };
        var apiDays = new Option<int>("--api-days") { HelpName = "N", Description = "simulated days played in the api case (memory after each)", DefaultValueFactory = _ => 7 };
        var seeds = new Option<string>("--seeds") { HelpName = "LIST", Description = "generated case: one book per seed, e.g. 1-10 or 1,4,7 (20-60 orders, load 0.6-1.1 of capacity)", DefaultValueFactory = _ => "1-10" };
        var generatedLimit = new Option<double>("--generated-limit") { HelpName = "SECONDS", Description = "CP-SAT time limit per generated book", DefaultValueFactory = _ => 30.0 };
        var workers = new Option<int>("--workers") { HelpName = "N", Description = "solver worker threads", DefaultValueFactory = _ => SolverOptions.DefaultWorkers };
        var seed = new Option<int>("--seed") { HelpName = "N", Description = "solver random seed", DefaultValueFactory = _ => 1 };
        var soakedWait = new Option<int?>("--soaked-wait") { HelpName = "MIN", Description = "day, books and generated cases: longest soaked wait of a heated piece in its furnace before the press, in minutes (0: none); default the optimiser's (docs/optimiser.md)" };
        var carryState = new Option<bool?>("--carry-furnace-state") { HelpName = "true|false", Description = "rolling horizon: a furnace used by an earlier window pays the gap to its next job (default the optimiser's)" };
        var coldGaps = new Option<int?>("--cold-gaps") { HelpName = "N", Description = "day, books and generated cases: gaps per furnace the model may let go cold (0: every gap priced at holding, the span rule); default the optimiser's (docs/optimiser.md)" };
        var moveWindow = new Option<int?>("--lns-move-window") { HelpName = "MIN", Description = "day, books, generated and week cases: how far an order freed by a forging LNS neighbourhood may move from its incumbent starts, in minutes (0: anywhere); default the optimiser's (docs/optimiser.md)" };
        var lnsShare = new Option<double?>("--lns-share") { HelpName = "X", Description = "day, books, generated and week cases: share of the time limit for the forging LNS after the CP-SAT solve; default the optimiser's" };
        var lnsSubSolve = new Option<double?>("--lns-sub-solve") { HelpName = "UNITS", Description = "day, books, generated and week cases: CP-SAT deterministic limit of one forging LNS neighbourhood; default the optimiser's" };
        var lnsMaxOrders = new Option<int?>("--lns-max-orders") { HelpName = "N", Description = "books of more orders than this skip the forging LNS (the week has 200); default the optimiser's" };
        var deterministic = new Option<double?>("--deterministic-time") { HelpName = "UNITS", Description = "day, books and generated cases: stop each CP-SAT solve on this deterministic time instead of the wall clock; with --workers 1 the figures repeat on any machine load" };
        var command = new Command("bench", "Benchmark: reference day and week (CP-SAT vs baseline vs energy limit) and Brandimarte FJSP " +
                                           "(makespan vs best-known); writes bench.md and bench.json. Exit code 1 if any schedule is invalid.")
        {
            outDir, dayLimit, weekLimit, fjspLimit, fjspDir, cases, workers, seed,
            rescheduleLimit, rescheduleBaseLimit, rescheduleEvents, rescheduleFreshLimit, clusterPlants, clusterOrders, clusterLimit, connection,
            seeds, generatedLimit, apiUpserts, apiLimit, apiDays, coldGaps, soakedWait, carryState, moveWindow, lnsShare, lnsSubSolve, lnsMaxOrders, deterministic,
        };
        command.SetAction(parse => Run(context, new BenchSettings(
            parse.GetValue(outDir)!, parse.GetValue(dayLimit), parse.GetValue(weekLimit), parse.GetValue(fjspLimit),
            parse.GetValue(fjspDir), ParseCases(parse.GetValue(cases)!), parse.GetValue(workers), parse.GetValue(seed))
        {
            RescheduleLimit = parse.GetValue(rescheduleLimit),
            RescheduleBaseLimit = parse.GetValue(rescheduleBaseLimit),
            RescheduleEvents = parse.GetValue(rescheduleEvents),
            RescheduleFreshLimit = parse.GetValue(rescheduleFreshLimit),
            ClusterPlants = parse.GetValue(clusterPlants),
            ClusterOrders = parse.GetValue(clusterOrders),
            ClusterLimit = parse.GetValue(clusterLimit),
            Connection = parse.GetValue(connection),
            Seeds = GeneratedBench.ParseSeeds(parse.GetValue(seeds)!),
            GeneratedLimit = parse.GetValue(generatedLimit),
            ApiUpserts = parse.GetValue(apiUpserts),
            ApiLimit = parse.GetValue(apiLimit),
            ApiDays = parse.GetValue(apiDays),
            Tuning = new SolverTuning(parse.GetValue(coldGaps), parse.GetValue(deterministic), parse.GetValue(soakedWait), parse.GetValue(carryState))
            {
                LnsMoveWindow = parse.GetValue(moveWindow),
                LnsShare = parse.GetValue(lnsShare),
                LnsSubSolve = parse.GetValue(lnsSubSolve),
                LnsMaxOrders = parse.GetValue(lnsMaxOrders),
            },
        }));
        return command;
    }

    private sealed record BenchSettings(string OutDir, double DayLimit, double WeekLimit, double FjspLimit, string? FjspDir,
        IReadOnlyList<string> Cases, int Workers, int Seed)
    {
        public double RescheduleLimit { get; init; } = 2.0;
        public double RescheduleBaseLimit { get; init; } = 10.0;
        public int RescheduleEvents { get; init; } = 24;
        public double RescheduleFreshLimit { get; init; } = 10.0;
        public int ClusterPlants { get; init; } = 20;
        public int ClusterOrders { get; init; } = 8;
        public double ClusterLimit { get; init; } = 2.0;
        public string? Connection { get; init; }
        public IReadOnlyList<int> Seeds { get; init; } = [];
        public double GeneratedLimit { get; init; } = 30.0;
        public int ApiUpserts { get; init; } = 4000;
        public double ApiLimit { get; init; } = 2.0;
        public int ApiDays { get; init; } = 7;
        public SolverTuning Tuning { get; init; } = SolverTuning.None;
    }

    /// <summary>Optional solver settings of the plant cases, for A/B runs (null: the optimiser's default).</summary>
    internal sealed record SolverTuning(int? ColdGaps, double? DeterministicTime, int? SoakedWait = null, bool? CarryFurnaceState = null)
    {
        public static SolverTuning None { get; } = new(null, null);

        public int? LnsMoveWindow { get; init; }
        public double? LnsShare { get; init; }
        public double? LnsSubSolve { get; init; }
        public int? LnsMaxOrders { get; init; }

        public CpSatOptions Apply(CpSatOptions options) => options with
        {
            ColdGapsPerFurnace = ColdGaps ?? options.ColdGapsPerFurnace,
            SoakedWaitMaxMinutes = SoakedWait ?? options.SoakedWaitMaxMinutes,
            CarryFurnaceState = CarryFurnaceState ?? options.CarryFurnaceState,
            LnsMoveWindowMinutes = LnsMoveWindow ?? options.LnsMoveWindowMinutes,
            LnsShare = LnsShare ?? options.LnsShare,
            LnsSubSolveDeterministicTime = LnsSubSolve ?? options.LnsSubSolveDeterministicTime,
            LnsMaxOrders = LnsMaxOrders ?? options.LnsMaxOrders,
            DeterministicTime = DeterministicTime ?? options.DeterministicTime,
        };
    }

    private static List<string> ParseCases(string text)
    {
        var cases = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToLowerInvariant()).Distinct().ToList();
        var unknown = cases.Where(c => !AllCases.Contains(c) && !ExtraCases.Contains(c)).ToList();
        if (cases.Count == 0 || unknown.Count > 0)
            throw new ForgeInputException("command line", "--cases", $"'{text}' must list some of {string.Join(", ", AllCases.Concat(ExtraCases))}");
        return cases;
    }

    private static int Run(CliContext context, BenchSettings settings)
    {
        foreach (var (name, value) in new[]
                 {
                     ("--day-limit", settings.DayLimit), ("--week-limit", settings.WeekLimit), ("--fjsp-limit", settings.FjspLimit),
                     ("--reschedule-limit", settings.RescheduleLimit), ("--reschedule-base-limit", settings.RescheduleBaseLimit), ("--reschedule-fresh-limit", settings.RescheduleFreshLimit), ("--cluster-limit", settings.ClusterLimit),
                     ("--generated-limit", settings.GeneratedLimit),
                 })
            if (!double.IsFinite(value) || value <= 0) throw new ForgeInputException("command line", name, "must be a positive number of seconds");
        if (settings.Workers < 1) throw new ForgeInputException("command line", "--workers", "must be at least 1");
        if (settings.Tuning.LnsShare is { } share && !(share >= 0 && share <= 0.95))
            throw new ForgeInputException("command line", "--lns-share", "must be between 0 and 0.95");
        if (settings.Tuning.LnsSubSolve is { } sub && !(double.IsFinite(sub) && sub > 0))
            throw new ForgeInputException("command line", "--lns-sub-solve", "must be a positive number of deterministic seconds");
        if (settings.Tuning.LnsMaxOrders is < 0) throw new ForgeInputException("command line", "--lns-max-orders", "must be 0 or more");
        if (settings.Tuning.LnsMoveWindow is < 0) throw new ForgeInputException("command line", "--lns-move-window", "must be 0 (anywhere) or a positive number of minutes");
        foreach (var (name, value) in new[] { ("--reschedule-events", settings.RescheduleEvents), ("--cluster-plants", settings.ClusterPlants), ("--cluster-orders", settings.ClusterOrders) })
            if (value < 1) throw new ForgeInputException("command line", name, "must be at least 1");

        // Find every input before spending minutes on the first case.
        var needsRepository = settings.Cases.Any(c => c != "fjsp") || settings.FjspDir is null;
        var root = needsRepository ? RepositoryRoot() : null;
        string? fjspDir = null;
        if (settings.Cases.Contains("fjsp")) fjspDir = FindFjspDir(settings.FjspDir, root);

        if (settings.Cases.Contains("api"))
        {
            if (settings.ApiUpserts < 1 || settings.ApiDays < 0 || !(settings.ApiLimit > 0))
                throw new ForgeInputException("command line", "--api-upserts", "api case: --api-upserts ≥ 1, --api-days ≥ 0, --api-limit > 0");
            var api = ApiBench.RunAsync(context, root!, settings.Connection, settings.ApiUpserts, settings.ApiLimit, settings.ApiDays, CancellationToken.None)
                .GetAwaiter().GetResult();
            Directory.CreateDirectory(settings.OutDir);
            File.WriteAllText(Path.Combine(settings.OutDir, "bench-api.md"), ApiBench.Markdown(api));
            JsonFiles.Write(Path.Combine(settings.OutDir, "bench-api.json"), api);
            context.Out.WriteLine($"wrote {Path.Combine(settings.OutDir, "bench-api.md")}");
            if (settings.Cases.Count == 1) return ExitCodes.Ok;
        }

        var plantCases = new List<PlantCaseReport>();
        foreach (var (name, file, limit) in new[] { ("day", "orders-day.json", settings.DayLimit), ("week", "orders-week.json", settings.WeekLimit) })
        {
            if (!settings.Cases.Contains(name)) continue;
            var plant = PlantFile.Load(Path.Combine(root!, "datasets", "reference", "plant.json"));
            var ordersPath = Path.Combine(root!, "datasets", "reference", file);
            plantCases.Add(RunPlantCase(context, name, file, plant, OrdersFile.Load(ordersPath, plant), limit, settings.Workers, settings.Seed, settings.Tuning));
        }
        if (settings.Cases.Contains("books"))
            plantCases.AddRange(BenchBooks.Run(context, Path.Combine(root!, "datasets", "reference"), settings.DayLimit, settings.Workers, settings.Seed, settings.Tuning));
        var fjsp = fjspDir is null ? null : RunFjsp(context, fjspDir, settings);
        RescheduleBenchReport? reschedule = null;
        ClusterBenchReport? cluster = null;
        if (settings.Cases.Contains("reschedule") || settings.Cases.Contains("cluster"))
        {
            var plant = PlantFile.Load(Path.Combine(root!, "datasets", "reference", "plant.json"));
            var day = OrdersFile.Load(Path.Combine(root!, "datasets", "reference", "orders-day.json"), plant);
            if (settings.Cases.Contains("reschedule"))
                reschedule = RescheduleBench.Run(context, plant, day, settings.RescheduleBaseLimit, settings.RescheduleLimit, settings.RescheduleFreshLimit, settings.RescheduleEvents,
                    settings.Workers, settings.Seed);
            if (settings.Cases.Contains("cluster"))
                cluster = ClusterBench.RunAsync(context, plant, day.PlanStart, settings.ClusterPlants, settings.ClusterOrders, settings.ClusterLimit,
                    settings.Connection, settings.Seed).GetAwaiter().GetResult();
        }

        SpeedBenchReport? speed = null;
        if (settings.Cases.Contains("speed"))
        {
            var plant = PlantFile.Load(Path.Combine(root!, "datasets", "reference", "plant.json"));
            var week = OrdersFile.Load(Path.Combine(root!, "datasets", "reference", "orders-week.json"), plant);
            speed = SpeedBench.Run(context, plant, week, "datasets/reference/orders-week.json");
        }

        GeneratedBenchReport? generated = null;
        if (settings.Cases.Contains("generated"))
        {
            var plant = PlantFile.Load(Path.Combine(root!, "datasets", "reference", "plant.json"));
            generated = GeneratedBench.Run(context, plant, GenerateCommand.ParseStart(GeneratedBench.PlanStart, GenerateCommand.FindZone(plant.TimeZone)),
                settings.Seeds, settings.GeneratedLimit, settings.Workers, settings.Seed, settings.Tuning, Path.Combine(settings.OutDir, "generated"));
        }

        var report = new BenchReport(context.Clock.GetUtcNow().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            settings.Workers, settings.Seed, plantCases, fjsp, reschedule, cluster, speed, generated);
        var mdPath = Path.Combine(settings.OutDir, "bench.md");
        var jsonPath = Path.Combine(settings.OutDir, "bench.json");
        try
        {
            Directory.CreateDirectory(settings.OutDir);
            File.WriteAllText(mdPath, BenchMarkdown.Render(report));
            JsonFiles.Write(jsonPath, report);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ForgeInputException(settings.OutDir, "--out", $"cannot write: {e.Message}");
        }
        context.Out.WriteLine($"wrote {mdPath}");
        context.Out.WriteLine($"wrote {jsonPath}");

        var allValid = plantCases.All(c => c.Valid.Values.All(v => v)) && (fjsp?.Instances.All(i => i.Valid) ?? true)
                       && (generated?.Books.All(b => b.BaselineValid && b.CpsatValid) ?? true);
        if (!allValid) context.Error.WriteLine("forge: some schedules are invalid (see the valid columns)");
        return allValid ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    /// <summary>CP-SAT against the best dispatch rule (baseline v2), every rule, and the limit, on one book.</summary>
    internal static PlantCaseReport RunPlantCase(CliContext context, string name, string ordersName, Plant plant, OrderBook book,
        double limit, int workers, int seed, SolverTuning? tuning = null)
    {
        context.Out.WriteLine(Invariant($"bench {name}: {book.Orders.Count} orders from {ordersName}, CP-SAT limit {limit:0.#} s"));
        var progress = new ProgressLog(context.Error, name);
        var clock = Stopwatch.StartNew();
        var portfolio = BaselinePortfolio.Run(plant, book);
        var baseline = portfolio.Best;
        var result = CpSatScheduler.Solve(plant, book, (tuning ?? SolverTuning.None).Apply(new CpSatOptions
        {
            TimeLimitSeconds = limit,
            Workers = workers,
            Seed = seed,
            OnProgress = progress.Report,
        }), baseline);
        var wall = clock.Elapsed.TotalSeconds;
        foreach (var note in result.Notes) progress.Note(note);

        var baselineKpis = portfolio.BestKpis;
        var cpsatKpis = KpiCalculator.Compute(plant, book, result.Schedule);
        var limitBlock = EnergyLimitCalculator.Compute(plant, book);
        var valid = new Dictionary<string, bool>
        {
            [BaselineDispatcher.MethodName] = ScheduleValidator.Validate(plant, book, baseline).Count == 0,
            [CpSatScheduler.MethodName] = ScheduleValidator.Validate(plant, book, result.Schedule).Count == 0,
        };
        var ratios = BenchMarkdown.RatioKeys.ToDictionary(k => k, k =>
        {
            var row = KpiTable.Rows(baselineKpis, cpsatKpis).Single(r => r.Key == k);
            return row.Ratio;
        });
        var solver = SolverBlock.From(
            new SolverStats(result.Status.Text, result.Objective, result.Bound, result.WallSeconds, result.Windows, result.FellBackToBaseline), result.Notes);
        context.Out.WriteLine(Invariant($"bench {name}: {result.Status}{(result.FellBackToBaseline ? " (baseline kept)" : "")} in {wall:0.0} s; cpsat ÷ baseline ({portfolio.BestRule.Name}): ") +
                              string.Join(", ", ratios.Select(r => $"{r.Key} {(r.Value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—")}")));
        return new PlantCaseReport(name, ordersName, book.Orders.Count, limit, wall, solver, valid,
            new Dictionary<string, object>
            {
                [BaselineDispatcher.MethodName] = baselineKpis,
                [CpSatScheduler.MethodName] = cpsatKpis,
                [KpiBlocks.Limit] = limitBlock,
            },
            ratios)
        {
            BaselineRule = portfolio.BestRule.Name,
            BaselineRules = KpiBlocks.Rules(portfolio),
        };
    }

    private static FjspBenchReport RunFjsp(CliContext context, string dir, BenchSettings settings)
    {
        var bksPath = Path.Combine(dir, "bks.csv");
        var rows = BksCsv.Load(bksPath);
        var options = FjspCommand.Options(settings.FjspLimit, settings.Workers, settings.Seed);
        var reports = new List<FjspInstanceReport>();
        foreach (var row in rows)
        {
            var path = Path.Combine(dir, row.Instance + ".fjs");
            var instance = FjspCommand.Load(path);
            context.Out.WriteLine(Invariant($"bench fjsp {row.Instance}: {instance.Jobs.Count} jobs, {instance.MachineCount} machines, bks {row.Bks}, limit {settings.FjspLimit:0.#} s"));
            var result = FjspSolver.Solve(instance, options, new ProgressLog(context.Error, row.Instance).Report);
            var valid = result.HasSchedule && FjspValidator.Validate(instance, result).Count == 0;
            double? gap = result.Makespan is { } m ? 100.0 * (m - row.Bks) / row.Bks : null;
            reports.Add(new FjspInstanceReport(row.Instance, instance.Jobs.Count, instance.MachineCount, result.Makespan, row.Bks, row.Lb,
                gap, result.BestBound, result.Status, result.WallSeconds, valid)
            { LnsNeighbourhoods = result.Lns?.Neighbourhoods, LnsAccepted = result.Lns?.Accepted });
            context.Out.WriteLine(Invariant($"bench fjsp {row.Instance}: makespan {result.Makespan?.ToString(CultureInfo.InvariantCulture) ?? "none"}, gap {(gap is { } g ? g.ToString("0.0", CultureInfo.InvariantCulture) : "—")} %, {result.Status}, {result.WallSeconds:0.0} s{(valid ? "" : ", INVALID")}"));
        }
        var gaps = reports.Where(r => r.GapPct is not null).Select(r => r.GapPct!.Value).ToList();
        // A mean over fewer instances than were run would flatter the solver: no mean then.
        double? mean = gaps.Count == reports.Count && gaps.Count > 0 ? gaps.Average() : null;
        return new FjspBenchReport(settings.FjspLimit, reports, mean);
    }

    /// <summary>The folder holding ForgeScheduler.sln: from the working directory up, else from the program's folder up.</summary>
    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ForgeScheduler.sln"))) return dir.FullName;
        throw new ForgeInputException("command line", "repository",
            $"no ForgeScheduler.sln in {Directory.GetCurrentDirectory()} or above; run forge bench inside the repository (it reads datasets/reference and ../shared)");
    }

    private static string FindFjspDir(string? given, string? root)
    {
        var dir = given ?? Path.GetFullPath(Path.Combine(root!, "..", "shared", "benchmarks", "fjsp"));
        if (!File.Exists(Path.Combine(dir, "bks.csv")))
        {
            var where = given is null
                ? $"the FJSP benchmarks are expected in ../shared/benchmarks/fjsp beside the repository {root}; pass --fjsp-dir DIR"
                : "expected a folder holding bks.csv and the .fjs files it names";
            throw new ForgeInputException(dir, Directory.Exists(dir) ? "bks.csv" : "--fjsp-dir", $"not found: {where}");
        }
        return dir;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>bks.csv: <c>instance,jobs,machines,bks,lb</c>, instance = path of the .fjs file without the extension.</summary>
internal static class BksCsv
{
    public sealed record Row(string Instance, long Bks, long Lb);

    public static List<Row> Load(string path)
    {
        var lines = JsonFiles.ReadText(path).Split('\n').Select(l => l.Trim()).ToList();
        var header = lines.FirstOrDefault()?.Split(',').Select(h => h.Trim().ToLowerInvariant()).ToList() ?? [];
        int Column(string name) => header.IndexOf(name) is var i and >= 0 ? i
            : throw new ForgeInputException(path, "line 1", $"the header must name the column '{name}' (instance,jobs,machines,bks,lb)");
        var (instance, bks, lb) = (Column("instance"), Column("bks"), Column("lb"));
        var rows = new List<Row>();
        for (var n = 1; n < lines.Count; n++)
        {
            if (lines[n].Length == 0) continue;
            var cells = lines[n].Split(',').Select(c => c.Trim()).ToArray();
            if (cells.Length < header.Count) throw new ForgeInputException(path, $"line {n + 1}", $"has {cells.Length} columns, the header {header.Count}");
            rows.Add(new Row(cells[instance], Positive(cells[bks], "bks", path, n), Positive(cells[lb], "lb", path, n)));
        }
        if (rows.Count == 0) throw new ForgeInputException(path, "document", "lists no instances");
        return rows;
    }

    private static long Positive(string text, string column, string path, int n) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v
            : throw new ForgeInputException(path, $"line {n + 1}", $"{column} '{text}' is not a positive whole number");
}
