using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
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
public static partial class WebApp
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
        [".webmanifest"] = "application/manifest+json",
    };

    /// <summary>The one page; every view is drawn in it.</summary>
    public const string Page = "index.html";

    /// <summary>
    /// The files' version: a digest of them all. The page names its files under <c>/app/v-{version}/</c>, so a browser
    /// may keep them for a year and still loads the new ones the moment the app changes (a module's relative imports
    /// stay under the same version).
    /// </summary>
    public static string Version => Files.Value.Version;

    private static readonly Lazy<(string Version, ConcurrentDictionary<string, Encoded> Cache)> Files = new(() =>
    {
        var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            digest.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(Folder, file) + "\n"));
            digest.AppendData(File.ReadAllBytes(file));
        }

        return ($"v-{Convert.ToHexStringLower(digest.GetHashAndReset())[..12]}", new(StringComparer.Ordinal));
    });

    [GeneratedRegex("^v-[0-9a-f]{12}/")]
    private static partial Regex VersionPrefix();

    public static IEndpointRouteBuilder MapWebApp(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", ServeHome).ExcludeFromDescription();
        routes.MapGet("/shared/{token}", (HttpContext context) => Serve(context, Page)).ExcludeFromDescription();
        routes.MapGet("/app/{*path}", (HttpContext context, string path) => Serve(context, path)).ExcludeFromDescription();
        return routes;
    }

    /// <summary>
    /// The page at <c>/</c>. Who is signed in is the app's first question there: the browser asks it while the modules
    /// load rather than after (a round trip less before a phone's first clip). A share link's page does not ask it.
    /// </summary>
    public static IResult ServeHome(HttpContext context)
    {
        context.Response.Headers.Link = "</v1/me>; rel=preload; as=fetch; crossorigin";
        return Serve(context, Page);
    }

    /// <summary>
    /// One of the app's files (404 for anything else, a path that climbs out included), with its security headers,
    /// compressed as the browser accepts (Brotli, gzip). The page is checked on every load (its ETag answers 304 while
    /// nothing changed); a file under the current version is kept for a year, any other for a minute.
    /// </summary>
    public static IResult Serve(HttpContext context, string path)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicyFor(context.RequestServices.GetService<IClipStore>()?.DownloadOrigin);
        headers["Referrer-Policy"] = "same-origin";
        var versioned = VersionPrefix().Match(path);
        var current = versioned.Success && versioned.Value == $"{Version}/";
        path = path[versioned.Length..];
        var full = Path.GetFullPath(Path.Combine(Folder, path));
        if (!full.StartsWith(Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || !ContentTypes.TryGetValue(Path.GetExtension(full), out var contentType) || !File.Exists(full))
        {
            return VideosApi.Problem(StatusCodes.Status404NotFound, VideosApi.CodeForStatus(StatusCodes.Status404NotFound), "No such file.");
        }

        headers.CacheControl = path == Page ? "no-cache" : current ? "public, max-age=31536000, immutable" : "public, max-age=60";
        headers.ETag = $"\"{Version}\"";
        headers.Vary = "Accept-Encoding";
        if (context.Request.Headers.IfNoneMatch == headers.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var file = Files.Value.Cache.GetOrAdd(full, name => Encoded.Of(name == Path.Combine(Folder, Page)
            ? Encoding.UTF8.GetBytes(File.ReadAllText(name).Replace("/app/", $"/app/{Version}/", StringComparison.Ordinal))
            : File.ReadAllBytes(name)));
        var accepted = context.Request.Headers.AcceptEncoding.ToString();
        var (body, encoding) = accepted.Contains("br", StringComparison.Ordinal) ? (file.Brotli, "br")
            : accepted.Contains("gzip", StringComparison.Ordinal) ? (file.Gzip, "gzip")
            : (file.Plain, null);
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }

        return TypedResults.Bytes(body, contentType);
    }

    /// <summary>A file as it is sent: as it is, and compressed each way a browser may ask for.</summary>
    private sealed record Encoded(byte[] Plain, byte[] Brotli, byte[] Gzip)
    {
        public static Encoded Of(byte[] plain) => new(plain, Compress(plain, output => new BrotliStream(output, CompressionLevel.SmallestSize)),
            Compress(plain, output => new GZipStream(output, CompressionLevel.SmallestSize)));

        private static byte[] Compress(byte[] plain, Func<Stream, Stream> encoder)
        {
            using var output = new MemoryStream();
            using (var compressing = encoder(output))
            {
                compressing.Write(plain);
            }

            return output.ToArray();
        }
    }
}
