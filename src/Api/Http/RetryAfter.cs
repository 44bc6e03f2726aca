using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace SoraFunctions.Api;

public static class RetryAfterExtensions
{
    /// <summary>Tells the client how long to wait, in whole seconds (at least one), as every refusal that may pass later does.</summary>
    public static void SetRetryAfter(this HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
