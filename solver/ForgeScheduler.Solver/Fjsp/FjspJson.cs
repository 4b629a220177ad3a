using System.Text.Json;

namespace ForgeScheduler.Solver.Fjsp;

/// <summary>
/// Writes a schedule as
/// <c>{"makespan":M,"operations":[{"job":1,"op":1,"machine":3,"start":0,"end":4},…]}</c>
/// (compact, operations ordered by job then operation, 1-based numbers).
/// </summary>
public static class FjspJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
    };

    /// <exception cref="ArgumentException">The result has no schedule.</exception>
    public static string Write(FjspResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Makespan is not { } makespan)
        {
            throw new ArgumentException($"The result has no schedule to write (status {result.Status}).", nameof(result));
        }

        var operations = result.Operations
            .OrderBy(operation => operation.Job)
            .ThenBy(operation => operation.Op)
            .Select(operation => new OperationDto(operation.Job, operation.Op, operation.Machine, operation.Start, operation.End))
            .ToList();
        return JsonSerializer.Serialize(new ScheduleDto(makespan, operations), Options);
    }

    private sealed record ScheduleDto(long Makespan, IReadOnlyList<OperationDto> Operations);

    private sealed record OperationDto(int Job, int Op, int Machine, long Start, long End);
}
