using System.Text.Json;
using System.Text.Json.Serialization;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Worker;

/// <summary>What the local launcher hands a worker: the job, and the engine database to report completion to.</summary>
public sealed record LocalJobSpec(GenerationJob Job, string EngineDatabase);

/// <summary>What a job folder says about its job, written by the worker (and by the launcher when it stops one).</summary>
public sealed record JobReport(
    JobState State, string Process, GenerationOutput? Output = null, string? Error = null, double RenderSeconds = 0);

/// <summary>
/// The files a local job keeps in its folder: <c>job.json</c> (the spec), <c>launch.json</c> (the process the
/// launcher started) and <c>status.json</c> (the worker's report). Files are replaced atomically.
/// </summary>
public sealed class JobFolder(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public string Path { get; } = path;

    public string SpecFile => System.IO.Path.Combine(Path, "job.json");

    public LocalJobSpec? ReadSpec() => Read<LocalJobSpec>("job.json");

    public void WriteSpec(LocalJobSpec spec) => Write("job.json", spec);

    /// <summary>The identity of the worker process the launcher started (see <see cref="ProcessIdentity"/>).</summary>
    public string? ReadLaunch() => Read<string>("launch.json");

    public void WriteLaunch(string processIdentity) => Write("launch.json", processIdentity);

    public JobReport? ReadReport() => Read<JobReport>("status.json");

    public void WriteReport(JobReport report) => Write("status.json", report);

    private T? Read<T>(string file)
    {
        var full = System.IO.Path.Combine(Path, file);
        return File.Exists(full) ? JsonSerializer.Deserialize<T>(File.ReadAllText(full), Json) : default;
    }

    private void Write<T>(string file, T value)
    {
        Directory.CreateDirectory(Path);
        var full = System.IO.Path.Combine(Path, file);
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(value, Json));
        File.Move(temporary, full, overwrite: true);
    }
}
