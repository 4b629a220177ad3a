using System.CommandLine;
using System.Globalization;
using ForgeScheduler.Formats;
using ForgeScheduler.Solver.Domain;
using ForgeScheduler.Solver.Learning;

namespace ForgeScheduler.Cli;

/// <summary><c>forge fit-cooling</c>: fit the yard cooling law (emissivity ε, and h_c where the readings
/// allow) per grade and diameter class from measured temperatures, print the table and write the plant
/// with the fits.</summary>
internal static class FitCoolingCommand
{
    public static Command Create(CliContext context)
    {
        var plant = new Option<string>("--plant") { HelpName = "FILE", Description = "plant.json (docs/formats.md)", Required = true };
        var measurements = new Option<string>("--measurements") { HelpName = "FILE", Description = "CSV: piece,grade,diameter_m,ambient_c,t0_c,minutes,temp_c", Required = true };
        var outPath = new Option<string?>("--out") { HelpName = "DIR", Description = "folder to write <plant>.fitted.json into (default: beside the plant file; a path ending in .json is still taken as the file)" };
        var width = new Option<double>("--class-width") { HelpName = "METRES", Description = "width of a diameter class", DefaultValueFactory = _ => CoolingFit.DefaultClassWidthMetres };
        var command = new Command("fit-cooling", "Fit the yard cooling law (emissivity, and convection where the readings allow) per steel grade and diameter class from measured temperatures; " +
                                                 "fits with at least 5 readings and R² ≥ 0.9 replace the formula in every schedule.")
        {
            plant, measurements, outPath, width,
        };
        command.SetAction(parse => Run(context, parse.GetValue(plant)!, parse.GetValue(measurements)!, parse.GetValue(outPath), parse.GetValue(width)));
        return command;
    }

    private static int Run(CliContext context, string plantPath, string measurementsPath, string? outPath, double width)
    {
        if (width <= 0) throw new ForgeInputException("command line", "--class-width", "must be positive");
        var plant = PlantFile.Load(plantPath);
        var readings = CoolingMeasurementsCsv.Load(measurementsPath);
        var fits = CoolingFit.Fit(readings, width, plant.Cooling);
        var o = context.Out;
        // The plant's own law beside each fit, as the hours to cool 850 °C by a factor e (a τ-like figure).
        o.WriteLine($"{"grade",-12} {"diameter m",-12} {"n",4} {"ε",6} {"h_c",6} {"tau h",7} {"plant h",8} {"R²",6}  used");
        foreach (var f in fits)
        {
            var tau = CoolingFit.EquivalentTauHours(f, plant.AmbientC, plant.Cooling);
            var plantTau = CoolingFit.EquivalentTauHours(f with { Emissivity = plant.Cooling.Emissivity, ConvectionWPerM2K = plant.Cooling.ConvectionWPerM2K },
                plant.AmbientC, plant.Cooling);
            var hc = f.ConvectionFitted ? f.ConvectionWPerM2K.ToString("0.0", CultureInfo.InvariantCulture) : "plant";
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{f.Grade,-12} {$"{f.DiameterMinMetres:0.00}–{f.DiameterMaxMetres:0.00}",-12} {f.Points,4} {f.Emissivity,6:0.000} {hc,6} {tau,7:0.00} {plantTau,8:0.00} {f.RSquared,6:0.000}  {(f.IsGood ? "yes" : Why(f))}"));
        }
        var fileName = Path.GetFileNameWithoutExtension(plantPath) + ".fitted.json";
        var target = outPath is not null ? OutFolder.FileIn(context, outPath, fileName)
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(plantPath)) ?? ".", fileName);
        var fitted = CoolingFit.Apply(plant, fits);
        try { JsonFiles.Write(target, PlantFile.ToDocument(fitted)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ForgeInputException(target, "--out", $"cannot write: {e.Message}");
        }
        o.WriteLine($"{fits.Count(f => f.IsGood)} of {fits.Count} fit(s) good; wrote {target}");
        return ExitCodes.Ok;
    }

    private static string Why(CoolingFitConstant f) =>
        f.Points < CoolingFitConstant.MinPoints ? $"no: fewer than {CoolingFitConstant.MinPoints} readings" : "no: R² below 0.9";
}
