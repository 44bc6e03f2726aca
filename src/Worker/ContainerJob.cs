using System.Net.Http.Json;
using System.Text.Json;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Media.Generation;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Worker;

/// <summary>
/// A job run as a container (a Container Apps job execution): its files live in the clip store under
/// <see cref="GenerationJob.StoreFolder"/>. It renders in a local scratch folder, puts the picture and stems up, then
/// the output last (its presence says the rest is there), and reports its end to the callback when it has one.
/// </summary>
public static class ContainerJob
{
    /// <summary>
    /// A file the worker writes when it ends, however it ends: a model server beside it in the job waits for it and
    /// exits, so that the execution ends (a job's replica ends only when all its containers have).
    /// </summary>
    public const string DoneFileVariable = "SORA_DONE_FILE";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<GenerationCompleted> RunAsync(
        GenerationJob job, Func<GenerationJob, CancellationToken, Task<GenerationOutput>> generate, IClipStore clips, Uri? callback, CancellationToken cancellation)
    {
        var scratch = Directory.CreateTempSubdirectory("sora-job-").FullName;
        GenerationCompleted completed;
        try
        {
            var cameos = new List<CameoLook>();
            foreach (var cameo in job.Cameos ?? [])
            {
                cameos.Add(cameo with { Picture = await clips.CopyToFileAsync(cameo.Picture, Path.Combine(scratch, Path.GetFileName(cameo.Picture)), cancellation) });
            }

            var local = job with
            {
                OutputFolder = scratch,
                InputImage = job.InputImage is { } image
                    ? await clips.CopyToFileAsync(image, Path.Combine(scratch, Path.GetFileName(image)), cancellation)
                    : null,
                Cameos = cameos,
            };
            var output = await generate(local, cancellation);
            foreach (var file in output.Files)
            {
                await clips.PutFileAsync($"{job.OutputFolder}/{file}", Path.Combine(scratch, file), cancellation);
            }

            var report = Path.Combine(scratch, "output.json");
            await File.WriteAllTextAsync(report, JsonSerializer.Serialize(output, Json), cancellation);
            await clips.PutFileAsync(GenerationJob.StoreOutput(job.JobId), report, cancellation);
            completed = new GenerationCompleted(job.JobId, output, null);
        }
        catch (Exception exception) when (!cancellation.IsCancellationRequested)
        {
            completed = new GenerationCompleted(job.JobId, null, Generators.ErrorOf(exception));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        if (callback is not null)
        {
            using var http = new HttpClient();
            (await http.PostAsJsonAsync(callback, completed, Json, cancellation)).EnsureSuccessStatusCode();
        }

        return completed;
    }
}
