using System.IO.Compression;
using System.Net;
using SoraFunctions.Api;

namespace SoraFunctions.Local.Tests;

public sealed class WebAppPolicyTests : ServerTest
{
    [Fact]
    public void The_page_plays_and_shows_content_from_the_clip_stores_links_and_nothing_else_from_elsewhere()
    {
        var local = WebApp.ContentSecurityPolicyFor(null);
        var blob = WebApp.ContentSecurityPolicyFor(new Uri("https://soraclips.blob.core.windows.net/clips"));

        Assert.Contains("media-src 'self' blob:;", local, StringComparison.Ordinal);
        Assert.Contains("media-src 'self' blob: https://soraclips.blob.core.windows.net;", blob, StringComparison.Ordinal);
        Assert.Contains("img-src 'self' data: blob: https://soraclips.blob.core.windows.net;", blob, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", blob, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self';", blob, StringComparison.Ordinal);
    }

    /// <summary>The modules <paramref name="module"/> imports, and theirs (the app's modules import by relative path).</summary>
    private static IEnumerable<string> StaticImports(string module) =>
        System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(WebApp.Folder, module)), @"^import .* from '\./([a-z]+\.js)';", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(match => match.Groups[1].Value)
            .SelectMany(imported => StaticImports(imported).Append(imported))
            .Distinct();

    [Fact]
    public async Task The_page_names_its_files_by_version_which_are_kept_a_year_and_everything_is_sent_compressed()
    {
        using var browser = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = Http.BaseAddress };
        var page = await SendAsync(browser, "/", "br");
        Assert.Equal("br", Assert.Single(page.Content.Headers.ContentEncoding));
        Assert.True(page.Headers.CacheControl!.NoCache);
        var html = Decode(await page.Content.ReadAsByteArrayAsync(), stream => new BrotliStream(stream, CompressionMode.Decompress));
        Assert.Contains($"src=\"/app/{WebApp.Version}/app.js\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/app/{WebApp.Version}/manifest.webmanifest\"", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"description\"", html, StringComparison.Ordinal);
        // Every module the feed (where one lands) imports is fetched with the page, not one import level at a time; the
        // signed-in member is asked for while they load (the page's Link header), not after.
        Assert.All(StaticImports("feed.js").Append("feed.js"), module =>
            Assert.Contains($"<link rel=\"modulepreload\" href=\"/app/{WebApp.Version}/{module}\">", html, StringComparison.Ordinal));
        Assert.Equal("</v1/me>; rel=preload; as=fetch; crossorigin", page.Headers.GetValues("Link").Single());

        var script = await SendAsync(browser, $"/app/{WebApp.Version}/ui.js", "gzip");
        Assert.Equal("gzip", Assert.Single(script.Content.Headers.ContentEncoding));
        Assert.Equal(TimeSpan.FromDays(365), script.Headers.CacheControl!.MaxAge);
        Assert.Contains("export function h(", Decode(await script.Content.ReadAsByteArrayAsync(), stream => new GZipStream(stream, CompressionMode.Decompress)), StringComparison.Ordinal);
        var plain = await SendAsync(browser, "/app/ui.js", null);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(TimeSpan.FromMinutes(1), plain.Headers.CacheControl!.MaxAge);
        Assert.Equal("application/manifest+json", (await SendAsync(browser, $"/app/{WebApp.Version}/manifest.webmanifest", null)).Content.Headers.ContentType!.MediaType);

        // A page already loaded is not sent again while nothing changed; nor is a file outside the app, however asked.
        using var again = new HttpRequestMessage(HttpMethod.Get, "/");
        again.Headers.IfNoneMatch.Add(page.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await browser.SendAsync(again)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(browser, $"/app/{WebApp.Version}/..%2f..%2fsora.db", null)).StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient browser, string path, string? encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (encoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(encoding);
        }

        return await browser.SendAsync(request);
    }

    private static string Decode(byte[] body, Func<Stream, Stream> decoder)
    {
        using var reader = new StreamReader(decoder(new MemoryStream(body)));
        return reader.ReadToEnd();
    }
}
