using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Orchestrations.Pipeline;
using SoraFunctions.Orchestrations.Scenarios;

namespace SoraFunctions.Orchestrations.Tests.Embedded;

/// <summary>A finished clip waits for its cameo owners' reviews on a durable timer, on a clock the test moves forward.</summary>
public sealed class ReviewDeadlineTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_clip_whose_owners_never_review_it_fails_unpublished_once_the_deadline_has_passed()
    {
        var clock = new MovableClock();
        var ledger = new PipelineLedger();
        await using var engine = await TestEngine.StartAsync(
            folder.Database, registry => PipelineStandIns.Register(registry), services => services.AddSingleton(ledger).AddSingleton<TimeProvider>(clock));
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(GenerateVideoOrchestration), PipelineStandIns.Input("@bob and @carol dance", "video_review_unanswered"), new StartOrchestrationOptions("video_review_unanswered"));
        await WaitUntilAsync(() => ledger.Calls.Any(call => call.StartsWith(nameof(RequestReviewActivity), StringComparison.Ordinal)));
        await engine.Client.RaiseEventAsync(id, GenerateVideoOrchestration.CameoReviewedEvent, new CameoReview("member_bob", true));

        clock.MoveBy(GenerateVideoOrchestration.ReviewDeadline - TimeSpan.FromHours(1));
        await Task.Delay(500);
        var beforeDeadline = (await engine.Client.GetInstanceAsync(id))!.RuntimeStatus;
        clock.MoveBy(TimeSpan.FromHours(2));
        var result = await engine.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, beforeDeadline);
        Assert.Equal(CameoCodes.ReviewExpired, result.ReadOutputAs<GenerateVideoResult>()!.Error?.Code);
        Assert.Equal(CameoCodes.ReviewExpired, Assert.Single(ledger.Failures).Error.Code);
        Assert.DoesNotContain(ledger.Calls, call => call.StartsWith(nameof(PublishVideoActivity), StringComparison.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the pipeline never asked for reviews");
            await Task.Delay(20);
        }
    }

    /// <summary>The system clock, moved forward by the test.</summary>
    private sealed class MovableClock : TimeProvider
    {
        private long offsetTicks;

        public void MoveBy(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));
    }
}
