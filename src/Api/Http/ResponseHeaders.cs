using Microsoft.AspNetCore.Http;

namespace SoraFunctions.Api;

/// <summary>
/// What every response of every host carries, whatever answers it: no content sniffing, so that nothing a member
/// uploaded is ever taken by a browser for a script or a page.
/// </summary>
public static class ResponseHeaders
{
    public static void Apply(HttpResponse response) => response.Headers.XContentTypeOptions = "nosniff";
}
