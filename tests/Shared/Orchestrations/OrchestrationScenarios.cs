using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations.Cameos;
using SoraFunctions.Orchestrations.Pipeline;
using SoraFunctions.Orchestrations.Webhooks;

namespace SoraFunctions.Orchestrations.Scenarios;

/// <summary>An engine running the registered orchestrators and activities, reached through the orchestration port.</summary>
public interface IScenarioEngine : IAsyncDisposable
{
    OrchestrationClient Client { get; }
}

/// <summary>
/// The orchestration scenarios every engine must run alike: the embedded engine and Durable Task's (through the Durable
/// adapters). Each engine's test class starts itself; the scenarios see it only through <see cref="OrchestrationClient"/>.
/// Every orchestration the project adds joins this set.
/// </summary>
public abstract class OrchestrationScenarios
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    protected Probe Probe { get; } = new();

    protected PipelineLedger Ledger { get; } = new();

    /// <summary>Starts the engine with these registrations and services.</summary>
    protected abstract Task<IScenarioEngine> StartAsync(Action<OrchestrationRegistry> register, Action<IServiceCollection> services);

    private Task<IScenarioEngine> StartAsync() => StartAsync(
        registry => PipelineStandIns.Register(registry
            .AddOrchestrator<ChainOrchestration>()
            .AddOrchestrator<FanOutOrchestration>()
            .AddOrchestrator<ParentOrchestration>()
            .AddOrchestrator<FailingChildParentOrchestration>()
            .AddOrchestrator<ThrowingOrchestration>()
            .AddOrchestrator<RetryOrchestration>()
            .AddOrchestrator<FilteredRetryOrchestration>()
            .AddOrchestrator<EventAfterWorkOrchestration>()
            .AddOrchestrator<TimerThenEventOrchestration>()
            .AddOrchestrator<WaitWithTimeoutOrchestration>()
            .AddOrchestrator<CounterOrchestration>()
            .AddOrchestrator<WaitForeverOrchestration>()
            .AddOrchestrator<DeliverWebhookOrchestration>()
            .AddActivity<SendWebhookStandIn>(nameof(SendWebhookActivity))
            .AddActivity<AddOneActivity>()
            .AddActivity<FlakyActivity>()
            .AddActivity<BrokenActivity>()),
        services => services.AddSingleton(Probe).AddSingleton(Ledger));

    private static async Task<OrchestrationMetadata> RunAsync(IScenarioEngine engine, string orchestrator, object? input, string? instanceId = null)
    {
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId));
        return await WaitAsync(engine, id);
    }

    private static async Task<OrchestrationMetadata> WaitAsync(IScenarioEngine engine, string id)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }

    private static async Task<OrchestrationMetadata> WaitUntilAsync(IScenarioEngine engine, string id, Func<OrchestrationMetadata, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await engine.Client.GetInstanceAsync(id) is { } instance && condition(instance))
            {
                return instance;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{id} never reached the state waited for");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task The_video_pipeline_runs_every_step_waits_for_a_slot_retries_a_crashed_job_and_publishes()
    {
        await using var engine = await StartAsync();

        var result = await RunAsync(engine, nameof(GenerateVideoOrchestration), PipelineStandIns.Input("a fox in the snow"), "video_scenario");

        var output = result.ReadOutputAs<GenerateVideoResult>()!;
        Assert.Equal((OrchestrationRuntimeStatus.Completed, null, 2), (result.RuntimeStatus, output.Error, output.GenerationAttempts));
        Assert.Equal(Steps.All.Where(step => step != Steps.CheckConsent), output.Steps.Select(s => s.Step)); // it casts no one
        Assert.Equal(
            [
                nameof(ValidatePromptActivity), nameof(ScreenInputActivity),
                $"{nameof(EnqueueGenerationActivity)} 1", $"{nameof(EnqueueGenerationActivity)} 1", // in line, then told of a free slot
                $"{nameof(StartGenerationJobActivity)} 1", $"{nameof(ReleaseGenerationActivity)} video_scenario-render-1 False",
                $"{nameof(EnqueueGenerationActivity)} 2", $"{nameof(StartGenerationJobActivity)} 2", $"{nameof(ReleaseGenerationActivity)} video_scenario-render-2 True",
                $"{nameof(SyncAudioActivity)} video_scenario-render-2 stand-in/1", $"{nameof(PostEditActivity)} synced.mp4",
                $"{nameof(ScreenOutputActivity)} edited.mp4 Hi.", $"{nameof(PublishVideoActivity)} edited.mp4 2 QC.FROZEN captions.vtt",
            ],
            Ledger.Calls);
        Assert.Equal((100, 2), (result.ReadCustomStatusAs<PipelineProgress>()!.Progress, result.ReadCustomStatusAs<PipelineProgress>()!.GenerationAttempts));
        Assert.Empty(Ledger.Failures);
    }

    [Fact]
    public async Task A_clip_that_casts_cameos_waits_for_each_owners_review_and_is_published_once_all_approve()
    {
        await using var engine = await StartAsync();
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(GenerateVideoOrchestration), PipelineStandIns.Input("@bob and @carol dance", "video_review"), new StartOrchestrationOptions("video_review"));
        await WaitUntilAsync(engine, id, _ => Ledger.Calls.Contains($"{nameof(RequestReviewActivity)} member_bob member_carol"));

        await engine.Client.RaiseEventAsync(id, GenerateVideoOrchestration.CameoReviewedEvent, new CameoReview("member_bob", true));
        await engine.Client.RaiseEventAsync(id, GenerateVideoOrchestration.CameoReviewedEvent, new CameoReview("member_bob", true));
        await engine.Client.RaiseEventAsync(id, GenerateVideoOrchestration.CameoReviewedEvent, new CameoReview("member_mallory", false));
        var waiting = await WaitUntilAsync(engine, id, instance => instance.ReadCustomStatusAs<PipelineProgress>()?.Step == Steps.CheckConsent);
        await engine.Client.RaiseEventAsync(id, GenerateVideoOrchestration.CameoReviewedEvent, new CameoReview("member_carol", true));
        var result = await WaitAsync(engine, id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting.RuntimeStatus);
        var output = result.ReadOutputAs<GenerateVideoResult>()!;
        Assert.Equal((OrchestrationRuntimeStatus.Completed, null), (result.RuntimeStatus, output.Error));
        Assert.Equal(Steps.All, output.Steps.Select(s => s.Step));
        Assert.Equal(2, Ledger.Calls.Count(call => call == nameof(CheckConsentActivity))); // before the wait, and again after it
        Assert.Contains(Ledger.Calls, call => call.StartsWith(nameof(PublishVideoActivity), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_declined_review_or_a_revoked_consent_fails_the_clip_unpublished()
    {
        await using var engine = await StartAsync();
        var reviewed = await engine.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(GenerateVideoOrchestration), PipelineStandIns.Input("@bob and @carol dance", "video_review_declined"), new StartOrchestrationOptions("video_review_declined"));
        await WaitUntilAsync(engine, reviewed, _ => Ledger.Calls.Any(call => call.StartsWith(nameof(RequestReviewActivity), StringComparison.Ordinal)));

        await engine.Client.RaiseEventAsync(reviewed, GenerateVideoOrchestration.CameoReviewedEvent, new CameoReview("member_carol", false));
        var declined = (await WaitAsync(engine, reviewed)).ReadOutputAs<GenerateVideoResult>()!;
        var revoked = (await RunAsync(engine, nameof(GenerateVideoOrchestration), PipelineStandIns.Input("@bob dances", "video_revoked"), "video_revoked"))
            .ReadOutputAs<GenerateVideoResult>()!;

        Assert.Equal((CameoCodes.ReviewDeclined, CameoCodes.ConsentRevoked), (declined.Error?.Code, revoked.Error?.Code));
        Assert.Equal([CameoCodes.ReviewDeclined, CameoCodes.ConsentRevoked], Ledger.Failures.Select(failure => failure.Error.Code));
        Assert.DoesNotContain(Ledger.Calls, call => call.StartsWith(nameof(PublishVideoActivity), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cameo_verification_runs_each_check_then_activates_or_fails_with_the_first_refusal()
    {
        await using var engine = await StartAsync();

        var verified = (await RunAsync(engine, nameof(VerifyCameoOrchestration), "cameo_ok", "cameo_ok")).ReadOutputAs<VerifyCameoResult>()!;
        var verifiedCalls = Ledger.Calls.ToList();
        Ledger.Calls.Clear();
        var twin = (await RunAsync(engine, nameof(VerifyCameoOrchestration), "cameo_twin", "cameo_twin")).ReadOutputAs<VerifyCameoResult>()!;
        var twinCalls = Ledger.Calls.ToList();
        Ledger.Calls.Clear();
        var tooShort = (await RunAsync(engine, nameof(VerifyCameoOrchestration), "cameo_short", "cameo_short")).ReadOutputAs<VerifyCameoResult>()!;

        Assert.Equal((true, 6), (verified.Verified, verified.Steps.Count));
        Assert.Equal(
            [
                nameof(CheckRecordingActivity), nameof(CheckFaceActivity), nameof(CheckSpeechActivity), nameof(ScreenRecordingActivity),
                $"{nameof(CheckUniqueActivity)} 1,2,3", $"{nameof(ActivateCameoActivity)} cameos/cameo_ok/face.jpg 180",
            ],
            verifiedCalls);
        Assert.Equal((CameoCodes.DuplicatePerson, $"{nameof(FailCameoActivity)} {CameoCodes.DuplicatePerson}"), (twin.Error?.Code, twinCalls[^1]));
        Assert.DoesNotContain(twinCalls, call => call.StartsWith(nameof(ActivateCameoActivity), StringComparison.Ordinal));
        Assert.Equal(CameoCodes.TooShort, tooShort.Error?.Code);
        Assert.Equal([nameof(CheckRecordingActivity), $"{nameof(FailCameoActivity)} {CameoCodes.TooShort}"], Ledger.Calls);
    }

    [Fact]
    public async Task A_character_is_checked_for_a_face_pictured_screened_and_activated_with_no_challenge_or_voice()
    {
        await using var engine = await StartAsync();

        var made = (await RunAsync(engine, nameof(VerifyCharacterOrchestration), "cameo_mossy", "cameo_mossy")).ReadOutputAs<VerifyCameoResult>()!;
        var madeCalls = Ledger.Calls.ToList();
        Ledger.Calls.Clear();
        var person = (await RunAsync(engine, nameof(VerifyCharacterOrchestration), "cameo_face", "cameo_face")).ReadOutputAs<VerifyCameoResult>()!;

        Assert.Equal((true, 4), (made.Verified, made.Steps.Count));
        Assert.Equal(
            [
                nameof(CheckRecordingActivity), nameof(PictureCharacterActivity), nameof(ScreenRecordingActivity),
                $"{nameof(ActivateCameoActivity)} cameos/cameo_mossy/picture.png ",
            ],
            madeCalls);
        Assert.Equal(CameoCodes.CharacterHasFace, person.Error?.Code);
        Assert.Equal(
            [nameof(CheckRecordingActivity), nameof(PictureCharacterActivity), $"{nameof(FailCameoActivity)} {CameoCodes.CharacterHasFace}"], Ledger.Calls);
    }

    [Fact]
    public async Task A_refused_prompt_fails_the_video_with_its_code_before_any_job()
    {
        await using var engine = await StartAsync();

        var result = await RunAsync(engine, nameof(GenerateVideoOrchestration), PipelineStandIns.Input("please refuse this"));

        Assert.Equal("SAFETY.INPUT.TEXT.VIOLENCE", result.ReadOutputAs<GenerateVideoResult>()!.Error?.Code);
        Assert.Equal(("SAFETY.INPUT.TEXT.VIOLENCE", 0), (Assert.Single(Ledger.Failures).Error.Code, Ledger.Failures.Single().GenerationAttempts));
        Assert.DoesNotContain(Ledger.Calls, call => call.StartsWith(nameof(StartGenerationJobActivity), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_job_the_video_server_refuses_fails_the_video_with_its_code_and_is_not_tried_again()
    {
        await using var engine = await StartAsync();

        var result = await RunAsync(engine, nameof(GenerateVideoOrchestration), PipelineStandIns.Input($"{StartJobStandIn.RefusedByTheServer} this"));

        Assert.Equal(ErrorCodes.GenerationRefused, result.ReadOutputAs<GenerateVideoResult>()!.Error?.Code);
        Assert.Equal((ErrorCodes.GenerationRefused, 1), (Assert.Single(Ledger.Failures).Error.Code, Ledger.Failures.Single().GenerationAttempts));
        Assert.Single(Ledger.Calls, call => call.StartsWith(nameof(StartGenerationJobActivity), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_webhook_delivery_is_tried_again_after_each_wait_until_it_is_taken_and_fails_after_the_last_try()
    {
        await using var engine = await StartAsync();
        var wait = TimeSpan.FromMilliseconds(100);

        var taken = await RunAsync(engine, nameof(DeliverWebhookOrchestration), new DeliverWebhookInput(SendWebhookStandIn.TakenOnThird, [wait, wait, wait, wait]));
        var refused = await RunAsync(engine, nameof(DeliverWebhookOrchestration), new DeliverWebhookInput("never_taken", [wait]));

        Assert.Equal(DeliveryStatus.Delivered, taken.ReadOutputAs<DeliveryStatus>());
        Assert.Equal(DeliveryStatus.Failed, refused.ReadOutputAs<DeliveryStatus>());
        Assert.Equal(
            [$"{SendWebhookStandIn.TakenOnThird} False", $"{SendWebhookStandIn.TakenOnThird} False", $"{SendWebhookStandIn.TakenOnThird} False", "never_taken False", "never_taken True"],
            Ledger.Calls);
    }

    [Fact]
    public async Task Sequential_activities_pass_each_result_to_the_next()
    {
        await using var engine = await StartAsync();

        var result = await RunAsync(engine, nameof(ChainOrchestration), 10, "chain-1");

        Assert.Equal((OrchestrationRuntimeStatus.Completed, 13, 10), (result.RuntimeStatus, result.ReadOutputAs<int>(), result.ReadInputAs<int>()));
        Assert.Equal(["chain-1:10", "chain-1:11", "chain-1:12"], Probe.Calls);
    }

    [Fact]
    public async Task Fan_out_over_a_hundred_activities_fans_in_every_result()
    {
        await using var engine = await StartAsync();

        var result = await RunAsync(engine, nameof(FanOutOrchestration), 100);

        Assert.Equal(Enumerable.Range(1, 100).Sum(), result.ReadOutputAs<int>());
        Assert.Equal(100, Probe.Calls.Count);
    }

    [Fact]
    public async Task A_sub_orchestration_returns_its_output_and_its_failure_keeps_the_original_type()
    {
        await using var engine = await StartAsync();

        var parent = await RunAsync(engine, nameof(ParentOrchestration), 1);
        var failing = await RunAsync(engine, nameof(FailingChildParentOrchestration), "this");

        Assert.Equal(40, parent.ReadOutputAs<int>());
        Assert.Equal("ThrowingOrchestration failed with System.InvalidOperationException: refusing this", failing.ReadOutputAs<string>());
    }

    [Fact]
    public async Task An_unhandled_orchestrator_exception_fails_the_instance_with_its_details()
    {
        await using var engine = await StartAsync();

        var result = await RunAsync(engine, nameof(ThrowingOrchestration), "that");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(("System.InvalidOperationException", "refusing that"), (result.FailureDetails?.ErrorType, result.FailureDetails?.ErrorMessage));
    }

    [Fact]
    public async Task Retries_back_off_on_durable_timers_and_stop_after_the_last_attempt()
    {
        await using var engine = await StartAsync();

        var succeeded = await RunAsync(engine, nameof(RetryOrchestration), new RetryInput(3, 3), "retry-ok");
        var exhausted = await RunAsync(engine, nameof(RetryOrchestration), new RetryInput(10, 2), "retry-fail");

        Assert.Equal("ok after 3", succeeded.ReadOutputAs<string>());
        var times = Probe.AttemptTimes["retry-ok"].ToArray();
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(200) && times[2] - times[1] >= TimeSpan.FromMilliseconds(400),
            $"waits of {times[1] - times[0]} and {times[2] - times[1]}: the policy asks 200 and 400 ms");
        Assert.Equal("gave up: System.TimeoutException: attempt 2 timed out", exhausted.ReadOutputAs<string>());
        Assert.Equal(2, Probe.Attempts["retry-fail"]);
    }

    [Fact]
    public async Task A_retry_filter_that_refuses_the_failure_stops_after_one_attempt()
    {
        await using var engine = await StartAsync();

        var result = await RunAsync(engine, nameof(FilteredRetryOrchestration), "the pump", "filtered");

        Assert.Equal("gave up: System.InvalidOperationException: the pump is broken", result.ReadOutputAs<string>());
        Assert.Equal(1, Probe.Attempts["filtered"]);
    }

    [Fact]
    public async Task An_event_raised_before_the_wait_begins_is_delivered()
    {
        await using var engine = await StartAsync();

        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(EventAfterWorkOrchestration), 1);
        await engine.Client.RaiseEventAsync(id, "Approval", "approved early");

        Assert.Equal("approved early", (await WaitAsync(engine, id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_wait_with_a_timeout_gives_up_when_no_event_arrives()
    {
        await using var engine = await StartAsync();

        var result = await RunAsync(engine, nameof(WaitWithTimeoutOrchestration), 300);

        Assert.Equal("timed out", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_timer_fires_and_the_custom_status_it_leaves_is_seen_through_the_client_while_the_instance_runs()
    {
        await using var engine = await StartAsync();

        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerThenEventOrchestration), 500);
        var running = await WaitUntilAsync(engine, id, instance => instance.ReadCustomStatusAs<string>() == "timer fired");
        await engine.Client.RaiseEventAsync(id, "resume", "resumed");
        var result = await WaitAsync(engine, id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, running.RuntimeStatus);
        Assert.Equal("resumed after True", result.ReadOutputAs<string>());
        Assert.Equal("timer fired", result.ReadCustomStatusAs<string>());
    }

    [Fact]
    public async Task Continue_as_new_runs_forty_generations_to_the_end()
    {
        await using var engine = await StartAsync();

        var result = await RunAsync(engine, nameof(CounterOrchestration), 0, "counter");

        Assert.Equal((OrchestrationRuntimeStatus.Completed, 40), (result.RuntimeStatus, result.ReadOutputAs<int>()));
        Assert.Equal(40, Probe.Calls.Count);
    }

    [Fact]
    public async Task Terminate_ends_a_waiting_instance_with_its_output_and_later_events_are_dropped()
    {
        await using var engine = await StartAsync();
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForeverOrchestration), "x");
        await WaitUntilAsync(engine, id, instance => instance.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await engine.Client.TerminateInstanceAsync(id, "operator said stop");
        var result = await WaitAsync(engine, id);
        await engine.Client.RaiseEventAsync(id, "never", "too late");

        Assert.Equal((OrchestrationRuntimeStatus.Terminated, "operator said stop"), (result.RuntimeStatus, result.ReadOutputAs<string>()));
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await engine.Client.GetInstanceAsync(id))?.RuntimeStatus);
    }

    [Fact]
    public async Task Purge_removes_a_finished_instance_but_not_a_running_one()
    {
        await using var engine = await StartAsync();
        await RunAsync(engine, nameof(ChainOrchestration), 1, "done");
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForeverOrchestration), "x", new StartOrchestrationOptions("running"));
        await WaitUntilAsync(engine, "running", instance => instance.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        Assert.Equal(1, (await engine.Client.PurgeInstanceAsync("done")).PurgedInstanceCount);
        Assert.Equal(0, (await engine.Client.PurgeInstanceAsync("running")).PurgedInstanceCount);
        Assert.Null(await engine.Client.GetInstanceAsync("done"));
        Assert.NotNull(await engine.Client.GetInstanceAsync("running"));
    }

    [Fact]
    public async Task Starting_an_instance_id_again_is_refused_and_leaves_the_first_run_alone()
    {
        await using var engine = await StartAsync();
        await RunAsync(engine, nameof(ChainOrchestration), 1, "once");

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChainOrchestration), 5, new StartOrchestrationOptions("once")));

        Assert.Equal(4, (await engine.Client.GetInstanceAsync("once", getInputsAndOutputs: true))!.ReadOutputAs<int>());
        Assert.Equal(3, Probe.Calls.Count);
    }
}
