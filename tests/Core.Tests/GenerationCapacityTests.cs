using SoraFunctions.Core.Capacity;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Tests;

public sealed class GenerationCapacityTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static QueueEntry Clip(string model, string size, int seconds, double? generation = null, double? finishing = null) =>
        new($"video_{Guid.NewGuid():N}", "procedural", "member_a", model, size, seconds, Noon, Noon, 1, generation is null ? QueueState.Waiting : QueueState.Done,
            GeneratedAt: generation is null ? null : Noon, GenerationSeconds: generation, FinishedAt: finishing is null ? null : Noon.AddSeconds(finishing.Value));

    [Fact]
    public void A_turn_is_put_back_by_each_clip_its_member_has_in_line_and_brought_forward_for_the_pro_tier()
    {
        Assert.Equal(Noon, FairOrder.TurnOf(VideoCatalog.Sora2, Noon, 0));
        Assert.Equal(Noon + (FairOrder.TurnSpacing * 3), FairOrder.TurnOf(VideoCatalog.Sora2, Noon, 3));
        Assert.Equal(Noon - FairOrder.Pro.HeadStart + (FairOrder.TurnSpacing * 3 / 2), FairOrder.TurnOf(VideoCatalog.Sora2Pro, Noon, 3));
    }

    [Fact]
    public void Estimates_use_the_same_kind_of_clip_first_then_scale_the_closest_kind_by_its_length_then_the_prior()
    {
        var estimates = new GenerationEstimates(
        [
            Clip(VideoCatalog.Sora2, "720x1280", 4, 8, 4), Clip(VideoCatalog.Sora2, "720x1280", 4, 10, 6), Clip(VideoCatalog.Sora2, "720x1280", 4, 30, 5),
            Clip(VideoCatalog.Sora2Pro, "1792x1024", 8, 80),
        ]);

        Assert.Equal(TimeSpan.FromSeconds(10), estimates.Generation(Clip(VideoCatalog.Sora2, "720x1280", 4))); // the median
        Assert.Equal(TimeSpan.FromSeconds(5), estimates.Finishing(Clip(VideoCatalog.Sora2, "720x1280", 4)));
        Assert.Equal(TimeSpan.FromSeconds(20), estimates.Generation(Clip(VideoCatalog.Sora2, "720x1280", 8)));
        Assert.Equal(TimeSpan.FromSeconds(160), estimates.Generation(Clip(VideoCatalog.Sora2Pro, "1024x1792", 16)));
        Assert.Equal(TimeSpan.FromSeconds(GenerationEstimates.PriorPerSecond.Generation * 4), new GenerationEstimates([]).Generation(Clip(VideoCatalog.Sora2, "720x1280", 4)));
    }
}
