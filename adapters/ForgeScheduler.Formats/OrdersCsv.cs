using ForgeScheduler.Solver.Domain;

namespace ForgeScheduler.Formats;

/// <summary>Orders from a CSV export (docs/formats.md): being built.</summary>
public static class OrdersCsv
{
    public static OrderBook Parse(string text, string source, string plantId) =>
        throw new ForgeInputException(source, "file", "CSV orders are not supported yet");
}
