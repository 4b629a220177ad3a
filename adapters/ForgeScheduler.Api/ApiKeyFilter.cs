using System.Security.Cryptography;
using System.Text;

namespace ForgeScheduler.Api;

/// <summary>Write endpoints need <c>X-Api-Key</c> when a key is configured; reads stay open.</summary>
public sealed class ApiKeyFilter(ForgeApiOptions options) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (options.ApiKey is { Length: > 0 } key)
        {
            var sent = context.HttpContext.Request.Headers[Header].ToString();
            // Constant time, so the key cannot be guessed byte by byte from response times.
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(key)))
                return ApiProblems.Status(StatusCodes.Status401Unauthorized, "API key required.",
                    $"write requests need the {Header} header with the service's key", Header);
        }
        return await next(context);
    }
}
