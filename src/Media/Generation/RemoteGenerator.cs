using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SoraFunctions.Core.Capacity;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Media.Generation;

/// <summary>
/// Where the worker's clips come from: a server that speaks the OpenAI Videos API (vLLM-Omni, SGLang-diffusion,
/// FastVideo, NVIDIA Dynamo, another SoraFunctions), or, with no <see cref="Endpoint"/>, the procedural renderer.
/// </summary>
public sealed class GeneratorOptions
{
    public const string Section = "Sora:Generator";

    /// <summary>The server's <c>/v1</c> base URL, e.g. <c>http://127.0.0.1:8000/v1</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The model the server serves, as it names it.</summary>
    public string? Model { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer …</c> when set.</summary>
    public string? Key { get; set; }

    /// <summary>How long one request may take before it counts as failed (and is tried again).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How long the remote job may take, from its creation to its file.</summary>
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The first wait between looks at the remote job; each wait is half as long again, up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Tries of each request that fails for want of an answer (5xx, 429, a timeout, no connection), with backoff.</summary>
    public int Attempts { get; set; } = 4;

    /// <summary>
    /// The server's health URL (vLLM and SGLang answer 200 at <c>/health</c> once the model is loaded): when set, the
    /// worker waits for it before its first call, as a server started beside it in the same job loads its weights.
    /// </summary>
    public Uri? Health { get; set; }

    /// <summary>How long the server may take to become healthy before the job fails.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>
    /// The generator's queue (<see cref="GenerationQueue"/>) with <paramref name="slots"/> (<c>Sora:Generation:Slots</c>), else
    /// the backend's own count: a model server's one (set its GPUs), the procedural renderer's one per two cores (each
    /// render keeps two busy).
    /// </summary>
    public GenerationPool PoolWith(int? slots) => slots is < 1
        ? throw new InvalidOperationException($"Sora:Generation:Slots is {slots}: a generator runs at least one job at once.")
        : Endpoint is null
            ? new GenerationPool("procedural", slots ?? Math.Max(1, Environment.ProcessorCount / 2))
            : new GenerationPool(Model ?? Endpoint.Authority, slots ?? 1);
}

/// <summary>How many jobs the generator runs at once, when not its backend's own count (<see cref="GeneratorOptions.PoolWith"/>).</summary>
public sealed class GenerationOptions
{
    public const string Section = "Sora:Generation";

    public int? Slots { get; set; }
}

/// <summary>
/// The generator backend that calls an OpenAI-compatible video server: creates the video (<c>POST /videos</c>,
/// multipart: prompt, model, seconds, size, and <c>input_reference</c> for image-to-video), looks at it with backoff
/// until it is finished (<c>GET /videos/{id}</c>), and downloads it (<c>GET /videos/{id}/content</c>) into the job's
/// folder. The model's soundtrack becomes the clip's one stem (silence when it has none), so the pipeline's audio
/// sync, edits, checks and publishing run as for any clip. A request the server refuses (4xx) is not tried again
/// (<see cref="ErrorCodes.GenerationRefused"/>); one it fails to answer is, a few times, and then the job fails
/// (<see cref="ErrorCodes.GenerationUnavailable"/>).
/// </summary>
public sealed class RemoteGenerator(GeneratorOptions options, HttpClient http)
{
    public const string PictureFile = "model.mp4";
    public const string SoundtrackFile = "soundtrack.wav";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The generator's name as provenance manifests record it.</summary>
    public string Name => $"openai-compatible/{options.Model}@{options.Endpoint!.Host}";

    /// <summary>The client for <paramref name="options"/>: its key on every request, no overall timeout (each request has its own).</summary>
    public static HttpClient CreateClient(GeneratorOptions options)
    {
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        if (options.Key is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    public async Task<GenerationOutput> GenerateAsync(GenerationJob job, CancellationToken cancellation)
    {
        if (job.Cameos is { Count: > 0 })
        {
            // A cameo is a likeness this service verified; an OpenAI-compatible server has no way to take one.
            throw new GenerationException(new VideoError(ErrorCodes.GenerationCameosUnsupported, "The video server this service calls cannot cast cameos."));
        }

        if (options.Health is { } health)
        {
            await WaitUntilHealthyAsync(health, cancellation);
        }

        Directory.CreateDirectory(job.OutputFolder);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(options.JobTimeout);
        string? id = null;
        try
        {
            // The job's id as the idempotency key: a create tried again after a lost answer makes no second video where
            // the server honours it (another SoraFunctions does).
            var remote = await SendAsync(
                () => new HttpRequestMessage(HttpMethod.Post, Url("videos")) { Content = CreateForm(job), Headers = { { "Idempotency-Key", job.JobId } } },
                "create the video", deadline.Token);
            id = (await ReadAsync(remote, deadline.Token)).Id;
            var wait = options.PollInterval;
            while (true)
            {
                var video = await ReadAsync(await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url($"videos/{Uri.EscapeDataString(id)}")), "look at the video", deadline.Token), deadline.Token);
                if (video.Status == "completed")
                {
                    break;
                }

                if (video.Status == "failed")
                {
                    throw new GenerationException(new VideoError(
                        ErrorCodes.GenerationFailed, $"The video server failed the video: {video.Error?.Message ?? "no reason given"} ({video.Error?.Code ?? "no code"})."));
                }

                await Task.Delay(wait, deadline.Token);
                wait = TimeSpan.FromTicks(Math.Min(options.MaxPollInterval.Ticks, wait.Ticks * 3 / 2));
            }

            var picture = Path.Combine(job.OutputFolder, PictureFile);
            await DownloadAsync(Url($"videos/{Uri.EscapeDataString(id)}/content"), picture, deadline.Token);
            await SoundtrackAsync(picture, job.Seconds, Path.Combine(job.OutputFolder, SoundtrackFile), deadline.Token);
            return new GenerationOutput(PictureFile, [new AudioStem(SoundtrackFile, "soundtrack", 0, 1)], Transcript: null, Name);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            await AbandonAsync(id);
            throw new GenerationException(new VideoError(ErrorCodes.GenerationTimedOut, $"The video server took longer than {options.JobTimeout}."));
        }
        catch (OperationCanceledException)
        {
            await AbandonAsync(id);
            throw;
        }
    }

    /// <summary>
    /// Deletes the server's video when this job gives up on it (stopped, or past its time), so that its GPU stops working
    /// for nobody; at best effort, briefly: a server that lacks <c>DELETE /videos/{id}</c> or is gone keeps its job.
    /// </summary>
    private async Task AbandonAsync(string? id)
    {
        if (id is null)
        {
            return;
        }

        using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            using var response = await http.DeleteAsync(Url($"videos/{Uri.EscapeDataString(id)}"), brief.Token);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            // Left to the server.
        }
    }

    /// <summary>
    /// Looks at the health URL every poll interval until it answers 200; past the startup timeout the server counts as
    /// unavailable.
    /// </summary>
    private async Task WaitUntilHealthyAsync(Uri health, CancellationToken cancellation)
    {
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        startup.CancelAfter(options.StartupTimeout);
        try
        {
            while (true)
            {
                using (var look = CancellationTokenSource.CreateLinkedTokenSource(startup.Token))
                {
                    look.CancelAfter(options.RequestTimeout);
                    try
                    {
                        using var response = await http.GetAsync(health, look.Token);
                        if (response.IsSuccessStatusCode)
                        {
                            return;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // Not listening yet.
                    }
                    catch (OperationCanceledException) when (!startup.IsCancellationRequested)
                    {
                        // No answer within the request timeout: still loading.
                    }
                }

                await Task.Delay(options.PollInterval, startup.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new GenerationException(new VideoError(
                ErrorCodes.GenerationUnavailable, $"The video server was not healthy at {health} within {options.StartupTimeout}."));
        }
    }

    /// <summary>The create request: the scene's prompts in order (a remix's earlier ones first), and the image to start from.</summary>
    private MultipartFormDataContent CreateForm(GenerationJob job)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(string.Join("\n", job.Prompts)), "prompt" },
            { new StringContent(options.Model!), "model" },
            { new StringContent(job.Seconds.ToString(CultureInfo.InvariantCulture)), "seconds" },
            { new StringContent($"{job.Width}x{job.Height}"), "size" },
        };
        if (job.InputImage is { } image)
        {
            var picture = new StreamContent(File.OpenRead(image));
            picture.Headers.ContentType = new MediaTypeHeaderValue(Path.GetExtension(image).ToLowerInvariant() switch
            {
                ".png" => "image/png",
                ".webp" => "image/webp",
                _ => "image/jpeg",
            });
            form.Add(picture, "input_reference", Path.GetFileName(image));
        }

        return form;
    }

    /// <summary>
    /// Sends the request (made afresh for each try) within the request timeout: a success is answered; a refusal
    /// (4xx but 408 and 429) throws <see cref="ErrorCodes.GenerationRefused"/> at once; anything else is tried again with backoff, then
    /// throws <see cref="ErrorCodes.GenerationUnavailable"/>.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, string what, CancellationToken cancellation)
    {
        string? last = null;
        for (var attempt = 1; attempt <= options.Attempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500 * Math.Pow(2, attempt - 2)), cancellation);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(options.RequestTimeout);
            try
            {
                using var message = request();
                var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return response;
                }

                var problem = await response.Content.ReadAsStringAsync(timeout.Token);
                response.Dispose();
                last = $"{(int)response.StatusCode} {ErrorMessage(problem)}";
                if ((int)response.StatusCode is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests))
                {
                    throw new GenerationException(new VideoError(ErrorCodes.GenerationRefused, $"The video server refused to {what}: {last}."));
                }
            }
            catch (HttpRequestException exception)
            {
                last = exception.Message;
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                last = $"no answer within {options.RequestTimeout}";
            }
        }

        throw new GenerationException(new VideoError(ErrorCodes.GenerationUnavailable, $"The video server did not {what} after {options.Attempts} tries: {last}."));
    }

    private async Task DownloadAsync(Uri url, string file, CancellationToken cancellation)
    {
        using var content = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), "download the video", cancellation);
        await using var written = File.Create(file);
        await content.Content.CopyToAsync(written, cancellation);
    }

    private Uri Url(string path) => new(new Uri(options.Endpoint!.AbsoluteUri.TrimEnd('/') + "/"), path);

    private static async Task<RemoteVideo> ReadAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        using (response)
        {
            try
            {
                return await response.Content.ReadFromJsonAsync<RemoteVideo>(Json, cancellation) is { Id.Length: > 0 } video
                    ? video
                    : throw new JsonException("no id");
            }
            catch (JsonException exception)
            {
                throw new GenerationException(new VideoError(ErrorCodes.GenerationFailed, $"The video server answered something that is not a video object: {exception.Message}"));
            }
        }
    }

    /// <summary>The message of an OpenAI-shaped error (<c>{"error": {"message"}}</c>) or of problem details, else the text itself, short.</summary>
    private static string ErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message))
            {
                return message.GetString() ?? "";
            }

            if (root.TryGetProperty("detail", out var detail))
            {
                return detail.GetString() ?? "";
            }
        }
        catch (JsonException)
        {
        }

        return body.Length > 200 ? body[..200] : body;
    }

    /// <summary>The clip's own sound as a 48 kHz stereo stem, or the clip's length of silence when it has none.</summary>
    private static async Task SoundtrackAsync(string picture, int seconds, string soundtrack, CancellationToken cancellation)
    {
        var probe = await MediaProbe.ProbeAsync(picture, cancellation);
        if (probe.Video is null)
        {
            throw new GenerationException(new VideoError(ErrorCodes.GenerationFailed, "The video server's file has no picture."));
        }

        await Ffmpeg.RunAsync(
            probe.Audio is null
                ? ["-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo", "-t", seconds.ToString(CultureInfo.InvariantCulture), "-c:a", "pcm_s16le", soundtrack]
                : ["-i", picture, "-vn", "-ac", "2", "-ar", "48000", "-c:a", "pcm_s16le", soundtrack],
            cancellation);
    }

    /// <summary>What this backend reads of a video object.</summary>
    private sealed record RemoteVideo(string Id, string? Status, RemoteError? Error);

    private sealed record RemoteError(string? Code, string? Message);
}

/// <summary>A generation that ended without a clip, and why, with its code.</summary>
public sealed class GenerationException(VideoError error) : Exception(error.Message)
{
    public VideoError Error { get; } = error;
}
