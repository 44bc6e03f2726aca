using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Api;

/// <summary>
/// The browser app: plain files (HTML, CSS, JavaScript modules; no build step) shipped in <c>wwwroot</c> next to the
/// binaries and served from the API's own origin, so the session cookie and its anti-forgery token are the app's. The
/// page is answered at <c>/</c> and at a share link's <c>/shared/{token}</c>; its files under <c>/app/</c>. Every answer
/// carries a content security policy that allows nothing from elsewhere.
/// </summary>
public static class WebApp
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "wwwroot");

    /// <summary>
    /// Scripts, styles and connections from this origin only; media and images also from the clip store's download links
    /// (content answers with a redirect to them where the store has them: Blob Storage); no frames, no plugins.
    /// </summary>
    public static string ContentSecurityPolicyFor(Uri? clipStore)
    {
        var store = clipStore is null ? "" : $" {clipStore.GetLeftPart(UriPartial.Authority)}";
        return $"default-src 'self'; img-src 'self' data: blob:{store}; media-src 'self' blob:{store}; connect-src 'self'; style-src 'self'; " +
            "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    }

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json",
    };

    /// <summary>The one page; every view is drawn in it.</summary>
    public const string Page = "index.html";

    public static IEndpointRouteBuilder MapWebApp(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", (HttpContext context) => Serve(context, Page));
        routes.MapGet("/shared/{token}", (HttpContext context) => Serve(context, Page));
        routes.MapGet("/app/{*path}", (HttpContext context, string path) => Serve(context, path));
        return routes;
    }

    /// <summary>One of the app's files (404 for anything else, a path that climbs out included), with its security headers.</summary>
    public static IResult Serve(HttpContext context, string path)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicyFor(context.RequestServices.GetService<IClipStore>()?.DownloadOrigin);
        headers["Referrer-Policy"] = "same-origin";
        var full = Path.GetFullPath(Path.Combine(Folder, path));
        if (!full.StartsWith(Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || !ContentTypes.TryGetValue(Path.GetExtension(full), out var contentType) || !File.Exists(full))
        {
            return VideosApi.Problem(StatusCodes.Status404NotFound, VideosApi.CodeForStatus(StatusCodes.Status404NotFound), "No such file.");
        }

        // The page is checked on every load; its files may be kept for a minute.
        headers.CacheControl = path == Page ? "no-cache" : "public, max-age=60";
        return TypedResults.PhysicalFile(full, contentType);
    }
}
