namespace ForgeScheduler.Cli;

/// <summary><c>--out</c> names a folder in every command; each command writes its files by their own
/// names into it. Before, generate, fjsp and fit-cooling took a file: a value ending in ".json" is
/// still taken as that file, with a note on stderr saying what changed.</summary>
internal static class OutFolder
{
    /// <summary>The file to write; call once the input has been checked (the note is not for bad input).</summary>
    public static string FileIn(CliContext context, string outArgument, string fileName)
    {
        if (!outArgument.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return Path.Combine(outArgument, fileName);
        context.Error.WriteLine($"forge: note: --out names a folder (it gets {fileName}); '{outArgument}' ends in .json, so it is written as that file, as before.");
        return outArgument;
    }
}
