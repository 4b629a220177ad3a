using ForgeScheduler.Cluster.Contracts;

namespace ForgeScheduler.Api;

/// <summary>Answers the plant grain's If-Match refusal (<see cref="PlantRejectedException.PreconditionFailed"/>)
/// on a write endpoint as a 412 problem naming <c>If-Match</c>, with the version current at the check as
/// the answer's <c>ETag</c>. Here rather than in the exception handler: ASP.NET's exception handler
/// middleware strips cache headers, ETag among them, from every answer it writes.</summary>
public sealed class IfMatchFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (PlantRejectedException e) when (e.Rejection.Status == StatusCodes.Status412PreconditionFailed)
        {
            if (e.Rejection.CurrentVersion is { } current) context.HttpContext.Response.Headers.ETag = ApiProblems.ETagOf(current);
            var detail = string.Join("; ", e.Rejection.Problems.Select(p => p.Message));
            return ApiProblems.Status(StatusCodes.Status412PreconditionFailed, e.Rejection.Title, detail, "If-Match");
        }
    }
}
