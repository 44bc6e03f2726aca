using SoraFunctions.Api;
using SoraFunctions.Api.Contract;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.DurableHost;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Pipeline;
using SoraFunctions.Orchestrations.Scenarios;

namespace SoraFunctions.Functions.Tests;

/// <summary>
/// The API contract on the Functions app's HTTP functions, their videos' pipelines on Durable Task's test host with the
/// pipeline's stand-in activities.
/// </summary>
public sealed class FunctionsApiContractTests : VideosApiContract, IAsyncLifetime, IDisposable
{
    private readonly string data = Path.Combine(Directory.CreateTempSubdirectory("sora-functions-").FullName, "data");
    private DurableTestEngine engine = null!;
    private FunctionsHttpHost host = null!;
    private HttpClient http = null!;

    /// <summary>The machine's own member's client, every response held to the API's description.</summary>
    protected override HttpClient Http => http;

    protected override Accounts Accounts => host.Services.GetRequiredService<Accounts>();

    public async Task InitializeAsync()
    {
        engine = await DurableTestEngine.StartAsync(
            registry => PipelineStandIns.Register(registry).AddOrchestrator<AwaitJobOrchestration>(), services => services.AddSingleton(new PipelineLedger()));
        host = await FunctionsHttpHost.StartAsync(data, engine.DurableClient);
        http = OpenApiConformance.Client(host.Http.BaseAddress!, host.Http);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await engine.DisposeAsync();
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(data)!, recursive: true);

    [Fact]
    public async Task An_event_event_grid_put_on_the_queue_reaches_every_handler_and_what_is_no_event_fails_for_the_host_to_retry_and_set_aside()
    {
        var events = ActivatorUtilities.CreateInstance<EventFunctions>(host.Services);
        // As Event Grid writes a delivery to a Storage queue: the CloudEvent's JSON, base64.
        static string Message(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await events.Events(
            Message("""{"specversion": "1.0", "id": "evt-queued-1", "source": "/sora", "type": "Test.Ping", "time": "2026-12-04T10:00:00Z", "data": {"n": 1}}"""),
            engine.DurableClient, timeout.Token);
        var notJson = await Record.ExceptionAsync(() => events.Events(Message("not an event"), engine.DurableClient, timeout.Token));
        var misfit = await Record.ExceptionAsync(() => events.Events(
            Message("""{"specversion": "1.0", "id": "evt-queued-2", "source": "/sora", "type": "SoraFunctions.Member.Deleted", "data": "member_x"}"""),
            engine.DurableClient, timeout.Token));

        Assert.Contains(File.ReadAllLines(Path.Combine(data, "events.jsonl")), line => line.Contains("evt-queued-1", StringComparison.Ordinal));
        Assert.NotNull(notJson);
        Assert.IsType<FormatException>(misfit);
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(data, "events.jsonl")), line => line.Contains("evt-queued-2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_job_callback_hands_the_completion_to_the_video_s_orchestration_and_refuses_what_is_not_one()
    {
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitJobOrchestration), "job-1", new StartOrchestrationOptions("video_callback"));
        var completed = new GenerationCompleted("job-1", null, new VideoError(ErrorCodes.GenerationFailed, "out of memory"));

        var accepted = await Http.PostAsJsonAsync("/jobs/video_callback/completed", completed, PayloadSerializer.Options);
        var malformed = await Http.PostAsync("/jobs/video_callback/completed", new StringContent("not json", System.Text.Encoding.UTF8, "application/json"));
        var unknown = await Http.PostAsJsonAsync("/jobs/video_gone/completed", completed, PayloadSerializer.Options);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("out of memory", result.ReadOutputAs<GenerationCompleted>()!.Error!.Message);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal((System.Net.HttpStatusCode.BadRequest, "JOBS.MALFORMED"), (malformed.StatusCode, (await ReadAsync(malformed)).GetProperty("code").GetString()));
    }

    /// <summary>Waits for a generation job's completion, as the video pipeline does, and returns it.</summary>
    public sealed class AwaitJobOrchestration : Orchestrator<string, GenerationCompleted>
    {
        public override Task<GenerationCompleted> RunAsync(OrchestrationContext context, string jobId) =>
            context.WaitForExternalEvent<GenerationCompleted>(GenerateVideoOrchestration.GenerationCompletedEvent);
    }
}
