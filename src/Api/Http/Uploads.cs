using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Api;

/// <summary>Uploads received into files of their own in the temp folder, which their callers delete once done.</summary>
internal static class Uploads
{
    /// <summary>
    /// Holds the request's body to <paramref name="limit"/> bytes: one that says it is larger is refused at once, one that
    /// turns out larger is cut off while it is read; both throw <see cref="BadHttpRequestException"/> with 413, which the
    /// caller answers.
    /// </summary>
    public static void LimitBody(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
        {
            throw new BadHttpRequestException("The body is too large.", StatusCodes.Status413PayloadTooLarge);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }
    }

    public static string PathFor(string kind, string extension = "") => Path.Combine(Path.GetTempPath(), $"sora-{kind}-{Guid.NewGuid():N}{extension}");

    /// <summary>Writes what <paramref name="copy"/> copies into <paramref name="path"/>; a full or failing disk is a storage fault naming <paramref name="what"/>.</summary>
    public static Task ReceiveAsync(string path, string what, Func<Stream, Task> copy) =>
        FileStorage.RunAsync(what, async () =>
        {
            await using var file = File.Create(path);
            await copy(file);
        });
}
