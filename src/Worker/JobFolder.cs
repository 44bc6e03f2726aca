using System.Text.Json;
using System.Text.Json.Serialization;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Worker;

/// <summary>What the local launcher hands a worker: the job, and the engine database to report completion to.</summary>
public sealed record LocalJobSpec(GenerationJob Job, string EngineDatabase);

/// <summary>Which worker process a launcher started for a job, and which process the launcher was.</summary>
public sealed record JobLaunch(string Worker, string Launcher);

/// <summary>What a job folder says about its job, written by the worker (and by the launcher when it stops one).</summary>
public sealed record JobReport(
    JobState State, string Process, GenerationOutput? Output = null, string? Error = null, double RenderSeconds = 0);

/// <summary>
/// The files a local job keeps in its folder: <c>job.json</c> (the spec), <c>launch.json</c> (the process the
/// launcher started) and <c>status.json</c> (the worker's report). Files are replaced atomically.
/// </summary>
public sealed class JobFolder(string path)
{
    /// <summary>The worker's exit code when it was stopped (Ctrl-C, SIGTERM) before it finished: resumable, not failed.</summary>
    public const int StoppedExitCode = 130;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public string Path { get; } = path;

    public string SpecFile => System.IO.Path.Combine(Path, "job.json");

    public LocalJobSpec? ReadSpec() => Read<LocalJobSpec>("job.json");

    public void WriteSpec(LocalJobSpec spec) => Write("job.json", spec);

    /// <summary>The worker a launcher started and the launcher itself, as process identities (see <see cref="ProcessIdentity"/>).</summary>
    public JobLaunch? ReadLaunch() => Read<JobLaunch>("launch.json");

    public void WriteLaunch(JobLaunch launch) => Write("launch.json", launch);

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
