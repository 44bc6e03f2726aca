using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Azure.Jobs;

/// <summary>The Container Apps job that renders clips on GPUs (<c>Sora:Jobs</c>), and the ARM endpoint to reach it.</summary>
public sealed class ContainerAppsJobOptions
{
    public const string Section = "Sora:Jobs";

    public string SubscriptionId { get; set; } = "";

    public string ResourceGroup { get; set; } = "";

    public string JobName { get; set; } = "";

    public Uri ArmEndpoint { get; set; } = new("https://management.azure.com");

    public string ApiVersion { get; set; } = "2024-03-01";

    /// <summary>
    /// Where a job reports its end (the Functions app's JobCompleted, with its key): <c>{videoId}</c> is replaced by the
    /// job's video. Without it the pipeline learns of the end at its next status check.
    /// </summary>
    public string? CallbackUrl { get; set; }
}

/// <summary>
/// Generation jobs as executions of a Container Apps job, through the ARM REST API (Azure.Core pipeline, Microsoft
/// Entra ID). Starting copies the job's own container template and adds the job's id and spec as environment
/// overrides; the id also finds the execution again, so a repeated start never runs a second one. An execution that
/// fails or degrades without output is a failed attempt (the pipeline starts another); a stopped one was interrupted. The job's files
/// travel through the clip store (<see cref="StoredJob"/>): its input image goes up before the start,
/// and a finished job leaves its picture, stems and output there.
/// </summary>
public sealed class ContainerAppsJobLauncher : IJobLauncher
{
    public const string JobIdVariable = "SORA_JOB_ID";
    public const string JobSpecVariable = "SORA_JOB_SPEC";
    public const string CallbackVariable = "SORA_JOB_CALLBACK";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ContainerAppsJobOptions options;
    private readonly HttpPipeline pipeline;
    private readonly IClipStore clips;

    public ContainerAppsJobLauncher(ContainerAppsJobOptions options, TokenCredential credential, IClipStore clips, ClientOptions? clientOptions = null)
        : this(options, new BearerTokenAuthenticationPolicy(credential, new Uri(options.ArmEndpoint, "/.default").AbsoluteUri), clips, clientOptions)
    {
    }

    /// <summary>With any authentication policy (tests sign requests without TLS, which the bearer policy refuses).</summary>
    public ContainerAppsJobLauncher(ContainerAppsJobOptions options, HttpPipelinePolicy authentication, IClipStore clips, ClientOptions? clientOptions = null)
    {
        this.options = options;
        this.clips = clips;
        pipeline = JsonPipeline.Build(authentication, clientOptions);
    }

    public async Task StartAsync(GenerationJob job, CancellationToken cancellation = default)
    {
        if (await FindAsync(job.JobId, cancellation) is not null)
        {
            return; // started before
        }

        // The container sees the clip store, not this host's disk: the spec names files by their place in the store.
        var remote = await StoredJob.PlaceAsync(clips, job, cancellation);

        var definition = await SendAsync(RequestMethod.Get, JobPath(), null, cancellation);
        var template = definition["properties"]?["template"]?.AsObject()
            ?? throw new InvalidOperationException($"Container Apps job {options.JobName} has no template.");
        var containers = template["containers"]!.DeepClone().AsArray();
        foreach (var container in containers)
        {
            var environment = container!["env"] as JsonArray ?? [];
            environment.Add(new JsonObject { ["name"] = JobIdVariable, ["value"] = job.JobId });
            environment.Add(new JsonObject { ["name"] = JobSpecVariable, ["value"] = JsonSerializer.Serialize(remote, Json) });
            if (options.CallbackUrl is { } callback)
            {
                environment.Add(new JsonObject { ["name"] = CallbackVariable, ["value"] = callback.Replace("{videoId}", job.VideoId, StringComparison.Ordinal) });
            }

            container["env"] = environment;
        }

        var execution = new JsonObject { ["containers"] = containers };
        if (template["initContainers"] is JsonArray init)
        {
            execution["initContainers"] = init.DeepClone();
        }

        await SendAsync(RequestMethod.Post, $"{JobPath()}/start", execution, cancellation);
    }

    public async Task<JobStatus> GetStatusAsync(string jobId, CancellationToken cancellation = default)
    {
        if (await FindAsync(jobId, cancellation) is not { } execution)
        {
            return new JobStatus(JobState.Missing);
        }

        var status = execution["properties"]?["status"]?.GetValue<string>();
        switch (status)
        {
            case "Succeeded":
                return await StoredJob.ReadEndAsync(clips, jobId, cancellation)
                    ?? new JobStatus(JobState.Failed, Error: $"Execution {Name(execution)} succeeded but left no {StoredJob.Output(jobId)}.");
            case "Failed" or "Degraded":
                return await StoredJob.ReadEndAsync(clips, jobId, cancellation)
                    ?? new JobStatus(JobState.Failed, Error: $"Execution {Name(execution)} is {status}.");
            case "Stopped":
                return new JobStatus(JobState.Interrupted, Error: $"Execution {Name(execution)} was stopped.");
            default:
                return new JobStatus(JobState.Running);
        }
    }

    public async Task StopAsync(string jobId, CancellationToken cancellation = default)
    {
        if (await FindAsync(jobId, cancellation) is { } execution
            && execution["properties"]?["status"]?.GetValue<string>() is "Running" or "Processing" or "Unknown")
        {
            await SendAsync(RequestMethod.Post, $"{JobPath()}/executions/{Name(execution)}/stop", null, cancellation);
        }
    }

    /// <summary>The newest execution carrying the job's id in its environment, following the list's pages.</summary>
    private async Task<JsonNode?> FindAsync(string jobId, CancellationToken cancellation)
    {
        JsonNode? newest = null;
        string? next = $"{JobPath()}/executions";
        while (next is not null)
        {
            var page = await SendAsync(RequestMethod.Get, next, null, cancellation);
            foreach (var execution in page["value"]?.AsArray() ?? [])
            {
                var carries = execution?["properties"]?["template"]?["containers"]?.AsArray()
                    .SelectMany(c => c?["env"]?.AsArray() ?? [])
                    .Any(e => e?["name"]?.GetValue<string>() == JobIdVariable && e["value"]?.GetValue<string>() == jobId) ?? false;
                if (carries && (newest is null || StartTime(execution!) > StartTime(newest)))
                {
                    newest = execution;
                }
            }

            next = page["nextLink"]?.GetValue<string>();
        }

        return newest;
    }

    private static DateTimeOffset StartTime(JsonNode execution) =>
        execution["properties"]?["startTime"]?.GetValue<DateTimeOffset>() ?? DateTimeOffset.MinValue;

    private static string Name(JsonNode execution) => execution["name"]!.GetValue<string>();

    private string JobPath() =>
        $"/subscriptions/{options.SubscriptionId}/resourceGroups/{options.ResourceGroup}/providers/Microsoft.App/jobs/{options.JobName}";

    /// <summary>One ARM call; <paramref name="pathOrLink"/> is a path under the ARM endpoint, or a nextLink as ARM returns it.</summary>
    private Task<JsonNode> SendAsync(RequestMethod method, string pathOrLink, JsonNode? body, CancellationToken cancellation) =>
        JsonPipeline.SendJsonAsync(
            pipeline,
            method,
            Uri.TryCreate(pathOrLink, UriKind.Absolute, out var link) && link.Scheme is "https" or "http"
                ? link
                : JsonPipeline.Address(options.ArmEndpoint, pathOrLink, options.ApiVersion),
            body,
            cancellation);
}
