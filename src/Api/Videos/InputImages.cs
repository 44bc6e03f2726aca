using System.Net;
using Microsoft.Extensions.Options;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Webhooks;

namespace SoraFunctions.Api;

/// <summary>An input image named as OpenAI's <c>input_reference</c> object names one: by URL (a data: URL, or https), or by file id.</summary>
public sealed record ImageReference(string? ImageUrl, string? FileId);

/// <summary>
/// Input images given by reference, received into a file of their own as an uploaded image is (the caller deletes it):
/// a data: URL decoded; an https URL downloaded as webhooks are delivered — public networks only unless
/// <see cref="WebhookOptions.AllowPrivateNetworks"/> (which allows plain http too), no redirects, within
/// <see cref="FetchTimeout"/> and <see cref="VideosApi.MaxInputReferenceBytes"/>. A file id is refused: there is no
/// Files API here.
/// </summary>
public sealed class InputImages(IOptions<WebhookOptions> options) : IDisposable
{
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The longest <c>image_url</c>: a data: URL of the largest image, base64 (4 characters per 3 bytes), and its header.</summary>
    public const int MaxImageUrlLength = (int)((VideosApi.MaxInputReferenceBytes + 2) / 3 * 4) + 256;

    public const string FileIdUnsupported = "VALIDATION.INPUT_REFERENCE.FILE_ID_UNSUPPORTED";
    public const string UrlRefused = "VALIDATION.INPUT_REFERENCE.URL";

    private readonly bool allowPrivate = options.Value.AllowPrivateNetworks;
    private readonly HttpClient http = new(PublicNetwork.Handler(options.Value.AllowPrivateNetworks)) { Timeout = FetchTimeout };

    /// <summary>The referenced image, in a new file at <paramref name="path"/>; a reference that gives none is a rejected request.</summary>
    public async Task ReceiveAsync(ImageReference reference, string path, CancellationToken cancellation)
    {
        if (reference is { FileId: not null, ImageUrl: null })
        {
            throw Rejected(FileIdUnsupported, "There is no Files API here: send input_reference as an image file, or as {\"image_url\"} (a data: URL or an https URL).");
        }

        if (reference is not { ImageUrl: { } url, FileId: null })
        {
            throw Rejected(ErrorCodes.BodyMalformed, "input_reference takes one of image_url and file_id.");
        }

        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            await Uploads.ReceiveAsync(path, "Receiving the input image", file => file.WriteAsync(DataUrl(url), cancellation).AsTask());
            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || !(address.Scheme == Uri.UriSchemeHttps || (allowPrivate && address.Scheme == Uri.UriSchemeHttp)))
        {
            throw Rejected(UrlRefused, "input_reference.image_url must be a data: URL or an https URL.");
        }

        try
        {
            using var response = await http.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, cancellation);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw Rejected(UrlRefused, $"Fetching input_reference.image_url answered {(int)response.StatusCode}, not 200 with an image.");
            }

            if (response.Content.Headers.ContentLength > VideosApi.MaxInputReferenceBytes)
            {
                throw TooLarge();
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellation);
            await Uploads.ReceiveAsync(path, "Receiving the input image", async file =>
            {
                var buffer = new byte[81920];
                for (int read; (read = await body.ReadAsync(buffer, cancellation)) > 0;)
                {
                    if (file.Length + read > VideosApi.MaxInputReferenceBytes)
                    {
                        throw TooLarge();
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellation);
                }
            });
        }
        catch (HttpRequestException failed)
        {
            throw Rejected(UrlRefused, failed.InnerException is PrivateNetworkException
                ? "input_reference.image_url is not on a public network."
                : $"input_reference.image_url could not be fetched ({failed.HttpRequestError}).");
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw Rejected(UrlRefused, $"input_reference.image_url gave no image within {FetchTimeout.TotalSeconds:0} seconds.");
        }
    }

    /// <summary>A base64 data: URL's bytes (its media type is not trusted: the bytes say what the image is).</summary>
    private static byte[] DataUrl(string url)
    {
        var comma = url.IndexOf(',');
        if (comma < 0 || !url.AsSpan(0, comma).EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            throw Rejected(ErrorCodes.InputReferenceUnreadable, "A data: URL image must be base64 (data:image/png;base64,…).");
        }

        try
        {
            var bytes = Convert.FromBase64String(url[(comma + 1)..]);
            return bytes.Length <= VideosApi.MaxInputReferenceBytes ? bytes : throw TooLarge();
        }
        catch (FormatException)
        {
            throw Rejected(ErrorCodes.InputReferenceUnreadable, "The data: URL's base64 does not decode.");
        }
    }

    private static RequestRejectedException TooLarge() =>
        Rejected(ErrorCodes.InputReferenceTooLarge, $"The input_reference image has more than {VideosApi.MaxInputReferenceBytes:N0} bytes.");

    private static RequestRejectedException Rejected(string code, string message) => new(new VideoError(code, message));

    public void Dispose() => http.Dispose();
}
