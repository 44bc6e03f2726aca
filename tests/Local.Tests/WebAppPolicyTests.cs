using SoraFunctions.Api;

namespace SoraFunctions.Local.Tests;

public sealed class WebAppPolicyTests
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
}
