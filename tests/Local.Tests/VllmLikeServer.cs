using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SoraFunctions.Media;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// A video server as vLLM-Omni documents its Videos API: multipart create (prompt, model, seconds, size), jobs that
/// go queued → in_progress → completed, errors as <c>{"error": {"message", "type", "code"}}</c>, the content
/// answered by a redirect to the file, clips without sound. Prompts steer it: "refuse:" is a 400, "flaky:" two 503s
/// first, "fail:" a failed job, "hang:" no answer, "slow:" a job that never finishes. <c>/health</c> answers 503
/// twice (the model loading), then 200. Its clip is a silent test pattern,
/// or the clip <c>clipFor</c> picks for a job's prompt.
/// </summary>
internal sealed class VllmLikeServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string files;
    private readonly ConcurrentDictionary<string, (string Prompt, int Looks)> jobs = new();

    private VllmLikeServer(WebApplication app, string files, Uri address) => (this.app, this.files, Address) = (app, files, address);

    public Uri Address { get; }

    public ConcurrentDictionary<string, int> Creates { get; } = new();

    /// <summary>The prompts of the videos looked at (their creator knows their id).</summary>
    public ConcurrentBag<string> Looked { get; } = new();

    /// <summary>The prompts of the videos deleted (a job that gave up on them).</summary>
    public ConcurrentBag<string> Deleted { get; } = new();

    /// <summary>How often <c>/health</c> was asked.</summary>
    public int HealthLooks => healthLooks;

    private int healthLooks;

    public ConcurrentBag<string> IdempotencyKeys { get; } = new();

    public ConcurrentDictionary<string, (string Prompt, string Model, string Seconds, string Size)> Requests { get; } = new();

    public static async Task<VllmLikeServer> StartAsync(Func<string, string>? clipFor = null)
    {
        var files = Directory.CreateTempSubdirectory("sora-vllm-").FullName;
        var clip = Path.Combine(files, "clip.mp4");
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=16", "-t", "4", "-pix_fmt", "yuv420p", "-c:v", "libx264", clip]);
        VllmLikeServer? server = null;
        var (app, address) = await LoopbackServer.StartAsync(app => Map(app, () => server!, clipFor ?? (_ => clip)));
        server = new VllmLikeServer(app, files, address);
        return server;
    }

    private static void Map(WebApplication app, Func<VllmLikeServer> server, Func<string, string> clipFor)
    {
        app.MapPost("/v1/videos", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var prompt = form["prompt"].ToString();
            var tries = server().Creates.AddOrUpdate(prompt, 1, (_, n) => n + 1);
            server().Requests[prompt] = (prompt, form["model"].ToString(), form["seconds"].ToString(), form["size"].ToString());
            server().IdempotencyKeys.Add(request.Headers["Idempotency-Key"].ToString());
            if (prompt.StartsWith("refuse:", StringComparison.Ordinal))
            {
                return Results.Json(new { error = new { message = "The prompt was flagged by the safety checker.", type = "invalid_request_error", code = 400 } }, statusCode: 400);
            }

            if ((prompt.StartsWith("flaky:", StringComparison.Ordinal) && tries <= 2) || prompt.StartsWith("hang:", StringComparison.Ordinal))
            {
                if (prompt.StartsWith("hang:", StringComparison.Ordinal))
                {
                    await Task.Delay(TimeSpan.FromSeconds(10), request.HttpContext.RequestAborted);
                }

                return Results.Json(new { error = new { message = "Engine is overloaded.", type = "server_error", code = 503 } }, statusCode: 503);
            }

            var id = $"video_gen_{Guid.NewGuid():N}";
            server().jobs[id] = (prompt, 0);
            return Results.Json(new { id, @object = "video", status = "queued", model = form["model"].ToString(), progress = 0 });
        });
        app.MapGet("/v1/videos/{id}", (string id) =>
        {
            if (!server().jobs.TryGetValue(id, out var job))
            {
                return Results.Json(new { error = new { message = "Video not found.", type = "not_found_error", code = 404 } }, statusCode: 404);
            }

            server().jobs[id] = job with { Looks = job.Looks + 1 };
            server().Looked.Add(job.Prompt);
            var status = job.Prompt.StartsWith("slow:", StringComparison.Ordinal) || job.Looks < 1 ? "queued" : job.Looks < 2 ? "in_progress"
                : job.Prompt.StartsWith("fail:", StringComparison.Ordinal) ? "failed" : "completed";
            return Results.Json(new
            {
                id, @object = "video", status, progress = status == "completed" ? 100 : 50,
                error = status == "failed" ? new { code = "generation_failed", message = "CUDA out of memory." } : null,
            });
        });
        app.MapDelete("/v1/videos/{id}", (string id) =>
        {
            if (!server().jobs.TryRemove(id, out var job))
            {
                return Results.Json(new { error = new { message = "Video not found.", type = "not_found_error", code = 404 } }, statusCode: 404);
            }

            server().Deleted.Add(job.Prompt);
            return Results.Json(new { id, @object = "video.deleted", deleted = true });
        });
        app.MapGet("/health", () => Interlocked.Increment(ref server().healthLooks) <= 2 ? Results.StatusCode(503) : Results.Ok());
        app.MapGet("/v1/videos/{id}/content", (string id) => Results.Redirect($"/files/{id}"));
        app.MapGet("/files/{id}", (string id) => Results.File(clipFor(server().jobs[id].Prompt), "video/mp4"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(files, recursive: true);
    }
}
