using System.Text.Json;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Ports;

/// <summary>Who launched a job that keeps its record in the clip store, when, and which process renders it (see <see cref="Hosting.ProcessIdentity"/>).</summary>
public sealed record StoredJobLaunch(DateTimeOffset StartedAt, string Worker, string Launcher);

/// <summary>
/// A generation job that runs elsewhere than the process that asked for it (a Container Apps execution, a worker of
/// another instance) keeps its files in the clip store under <see cref="Folder"/>: its input image and cameo pictures,
/// the picture and stems it renders, and last how it ended: <see cref="Output"/> (a <see cref="GenerationOutput"/>) or
/// <see cref="Failure"/> (a <see cref="VideoError"/>). A worker started by an instance of the service also leaves
/// <see cref="Launch"/> and a beat every <see cref="BeatInterval"/> while it runs, so any instance on any machine can tell
/// it is alive, and stops when it finds <see cref="Stop"/>. Every name is written once (the store keeps the first).
/// </summary>
public static class StoredJob
{
    /// <summary>How often a running worker says it is alive; a job silent for <see cref="SilenceAllowed"/> has lost its worker.</summary>
    public static readonly TimeSpan BeatInterval = TimeSpan.FromSeconds(5);

    /// <summary>Three beats: room for a slow start, a slow store and clocks a few seconds apart.</summary>
    public static readonly TimeSpan SilenceAllowed = BeatInterval * 3;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Folder(string jobId) => $"jobs/{jobId}";

    public static string Output(string jobId) => $"{Folder(jobId)}/output.json";

    public static string Failure(string jobId) => $"{Folder(jobId)}/failure.json";

    public static string Launch(string jobId) => $"{Folder(jobId)}/launch.json";

    public static string Stop(string jobId) => $"{Folder(jobId)}/stop";

    /// <summary>The <paramref name="beat"/>th beat of a running worker, counted from its start.</summary>
    public static string Beat(string jobId, long beat) => $"{Folder(jobId)}/beat-{beat}";

    /// <summary>
    /// The job as a worker elsewhere sees it: its input image and cameo pictures put in its folder in the store, and
    /// named by their place there.
    /// </summary>
    public static async Task<GenerationJob> PlaceAsync(IClipStore clips, GenerationJob job, CancellationToken cancellation)
    {
        var folder = Folder(job.JobId);
        var remote = job with { OutputFolder = folder };
        if (job.InputImage is { } image)
        {
            remote = remote with { InputImage = $"{folder}/input{Path.GetExtension(image)}" };
            await clips.PutFileAsync(remote.InputImage, image, cancellation);
        }

        if (job.Cameos is { Count: > 0 } cameos)
        {
            remote = remote with { Cameos = [.. cameos.Select(cameo => cameo with { Picture = $"{folder}/{Path.GetFileName(cameo.Picture)}" })] };
            foreach (var (local, stored) in cameos.Zip(remote.Cameos!))
            {
                await clips.PutFileAsync(stored.Picture, local.Picture, cancellation);
            }
        }

        return remote;
    }

    /// <summary>How the job ended, as it left it in the store; null while it has said nothing of its end.</summary>
    public static async Task<JobStatus?> ReadEndAsync(IClipStore clips, string jobId, CancellationToken cancellation)
    {
        if (await ReadAsync<GenerationOutput>(clips, Output(jobId), cancellation) is { } output)
        {
            return new JobStatus(JobState.Succeeded, output);
        }

        return await ReadAsync<VideoError>(clips, Failure(jobId), cancellation) is { } failure
            ? new JobStatus(JobState.Failed, Error: failure.Message)
            : null;
    }

    public static async Task<T?> ReadAsync<T>(IClipStore clips, string name, CancellationToken cancellation) where T : class
    {
        await using var stream = await clips.OpenReadAsync(name, cancellation);
        return stream is null ? null : await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellation);
    }

    /// <summary>Puts a small record (a launch, an output, a failure, a beat) under <paramref name="name"/>.</summary>
    public static async Task WriteAsync<T>(IClipStore clips, string name, T value, CancellationToken cancellation)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sora-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(value, Json), cancellation);
            await clips.PutFileAsync(name, file, cancellation);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
