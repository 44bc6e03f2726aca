using System.Net.Http.Json;
using System.Text.Json;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Media.Generation;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Worker;

/// <summary>
/// A job whose files live in the clip store (<see cref="StoredJob"/>): a Container Apps job execution, or a worker an
/// instance of the service started for a job any instance may ask after. It renders in a local scratch folder, puts the
/// picture and stems up, then how it ended last (the output, whose presence says the rest is there, or the failure),
/// and reports its end to the callback when it has one. While it renders it beats, and it stops when told to.
/// </summary>
public static class ContainerJob
{
    /// <summary>
    /// A file the worker writes when it ends, however it ends: a model server beside it in the job waits for it and
    /// exits, so that the execution ends (a job's replica ends only when all its containers have).
    /// </summary>
    public const string DoneFileVariable = "SORA_DONE_FILE";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Renders the job; a stop found in the store cancels it as <paramref name="cancellation"/> does (then it throws).</summary>
    public static async Task<GenerationCompleted> RunAsync(
        GenerationJob job, Func<GenerationJob, CancellationToken, Task<GenerationOutput>> generate, IClipStore clips, Uri? callback, CancellationToken cancellation)
    {
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var rendered = new CancellationTokenSource();
        var beating = BeatAsync(clips, job.JobId, stopped, rendered.Token);
        var scratch = Directory.CreateTempSubdirectory("sora-job-").FullName;
        GenerationCompleted completed;
        try
        {
            var cameos = new List<CameoLook>();
            foreach (var cameo in job.Cameos ?? [])
            {
                cameos.Add(cameo with { Picture = await clips.CopyToFileAsync(cameo.Picture, Path.Combine(scratch, Path.GetFileName(cameo.Picture)), stopped.Token) });
            }

            var local = job with
            {
                OutputFolder = scratch,
                InputImage = job.InputImage is { } image
                    ? await clips.CopyToFileAsync(image, Path.Combine(scratch, Path.GetFileName(image)), stopped.Token)
                    : null,
                Cameos = cameos,
            };
            var output = await generate(local, stopped.Token);
            foreach (var file in output.Files)
            {
                await clips.PutFileAsync($"{job.OutputFolder}/{file}", Path.Combine(scratch, file), stopped.Token);
            }

            await StoredJob.WriteAsync(clips, StoredJob.Output(job.JobId), output, stopped.Token);
            completed = new GenerationCompleted(job.JobId, output, null);
        }
        catch (Exception exception) when (!stopped.IsCancellationRequested)
        {
            completed = new GenerationCompleted(job.JobId, null, Generators.ErrorOf(exception));
            await StoredJob.WriteAsync(clips, StoredJob.Failure(job.JobId), completed.Error, cancellation);
        }
        finally
        {
            await rendered.CancelAsync();
            await beating;
            Directory.Delete(scratch, recursive: true);
        }

        if (callback is not null)
        {
            using var http = new HttpClient();
            (await http.PostAsJsonAsync(callback, completed, Json, cancellation)).EnsureSuccessStatusCode();
        }

        return completed;
    }

    /// <summary>
    /// Puts a beat in the store every <see cref="StoredJob.BeatInterval"/> until the job is rendered, and cancels
    /// <paramref name="stop"/> when it finds the job's stop there. A beat the store refuses is skipped: the next may pass.
    /// </summary>
    private static async Task BeatAsync(IClipStore clips, string jobId, CancellationTokenSource stop, CancellationToken rendered)
    {
        using var timer = new PeriodicTimer(StoredJob.BeatInterval);
        try
        {
            for (long beat = 0; ; beat++)
            {
                try
                {
                    await StoredJob.WriteAsync(clips, StoredJob.Beat(jobId, beat), beat, rendered);
                    if (await clips.GetLengthAsync(StoredJob.Stop(jobId), rendered) is not null)
                    {
                        await stop.CancelAsync();
                        return;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A beat the store refused: the render goes on, and the next beat may pass.
                }

                await timer.WaitForNextTickAsync(rendered);
            }
        }
        catch (OperationCanceledException) when (rendered.IsCancellationRequested)
        {
            // Rendered: no more beats.
        }
    }
}
