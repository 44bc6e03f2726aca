using Microsoft.AspNetCore.Http;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Api;

/// <summary>
/// A storage fault under any handler answers 503 with <see cref="ErrorCodes.StorageUnavailable"/> and a Retry-After:
/// nothing was changed, and the same request may succeed once the fault clears.
/// </summary>
public static class StorageFaultResponse
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public static IResult For(HttpContext context, StorageFaultException fault)
    {
        context.Response.SetRetryAfter(RetryAfter);
        return VideosApi.Problem(StatusCodes.Status503ServiceUnavailable, ErrorCodes.StorageUnavailable,
            $"The service's storage is unavailable; nothing was changed. Try again later. ({fault.Message})");
    }

    /// <summary>The endpoint filter every route group carries.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (StorageFaultException fault)
        {
            return For(context.HttpContext, fault);
        }
    }
}
