using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Tests;

public sealed class VideoTests
{
    private static readonly VideoSpec Spec = new("a fox", "sora-2", 4, 720, 1280, 1);
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddDays(20_000);

    private static VideoAssets Assets(string id) => new(
        $"videos/{id}/master.mp4", $"videos/{id}/poster.jpg", $"videos/{id}/preview.mp4", $"videos/{id}/spritesheet.jpg", $"videos/{id}/manifest.json");

    [Fact]
    public void A_new_video_is_queued_with_an_api_shaped_id()
    {
        var video = Video.Queue(Video.NewId(), "member_1", Spec, Now);

        Assert.Equal(VideoStatus.Queued, video.Status);
        Assert.Matches("^video_[0-9a-f]{32}$", video.Id);
        Assert.False(video.IsFinished);
    }

    [Fact]
    public void Only_a_published_video_is_posted_once_with_its_caption_and_a_takedown_or_unposting_makes_it_private()
    {
        var making = Video.Queue("video_making", "member_1", Spec, Now);
        var published = Video.Queue("video_published", "member_1", Spec, Now);
        published.MarkCompleted(Assets("video_published"), [], Now);

        var early = Assert.Throws<RequestRejectedException>(() => making.Post("too soon", Now));
        var long_ = Assert.Throws<RequestRejectedException>(() => published.Post(new string('a', Video.MaxCaptionLength + 1), Now));
        var first = published.Post("  At the beach  ", Now.AddMinutes(1));
        var again = published.Post("A new caption", Now.AddMinutes(2));

        Assert.Equal((ErrorCodes.VideoNotReady, ErrorCodes.CaptionInvalid), (early.Error.Code, long_.Error.Code));
        Assert.Equal((true, false, Now.AddMinutes(1), "A new caption", true), (first, again, published.PostedAt, published.Caption, published.IsPosted));
        Assert.True(published.Unpost());
        Assert.False(published.Unpost());
        Assert.False(published.IsPosted);
        published.Post(null, Now.AddMinutes(3));
        published.Remove("taken down", Now.AddMinutes(4), "CAMEO.TAKEN_DOWN");
        Assert.False(published.IsPosted);
        Assert.Equal(ErrorCodes.VideoNotReady, Assert.Throws<RequestRejectedException>(() => published.Post("back", Now)).Error.Code);
    }

    [Fact]
    public void Removing_ends_a_video_being_made_as_free_keeps_a_finished_ones_outcome_and_happens_once()
    {
        var making = Video.Queue("video_making", "member_1", Spec, Now);
        var published = Video.Queue("video_published", "member_1", Spec, Now);
        published.MarkCompleted(Assets("video_published"), [], Now.AddSeconds(9));

        Assert.True(making.Remove("deleted by its owner", Now.AddSeconds(1)));
        Assert.True(published.Remove("deleted by its owner", Now.AddSeconds(10)));

        Assert.Equal((VideoStatus.Failed, ErrorCodes.VideoRemoved, true), (making.Status, making.Error!.Code, making.IsFinished));
        Assert.Equal((VideoStatus.Completed, Now.AddSeconds(10), "deleted by its owner"), (published.Status, published.RemovedAt, published.Removal));
        Assert.False(published.Remove("again", Now.AddSeconds(11)));
        Assert.Equal(Now.AddSeconds(10), published.RemovedAt);
    }

    [Fact]
    public void Completing_records_the_assets_and_time_and_a_finished_video_cannot_change_again()
    {
        var video = Video.Queue("video_1", "member_1", Spec, Now);
        var assets = Assets("video_1");

        var silence = new QualityIssue("QC.SILENCE", IssueSeverity.Warning, "1 silent stretch");

        video.MarkCompleted(assets, [silence], Now.AddSeconds(9));

        Assert.Equal((VideoStatus.Completed, assets, Now.AddSeconds(9)), (video.Status, video.Assets, video.CompletedAt));
        Assert.Equal([silence], video.Warnings);
        Assert.Throws<InvalidOperationException>(() => video.MarkFailed(new VideoError("X", "late"), Now));
        Assert.Throws<InvalidOperationException>(() => video.MarkCompleted(assets, [], Now));
    }

    [Fact]
    public void A_clip_with_a_quality_defect_cannot_be_published()
    {
        var video = Video.Queue("video_3", "member_1", Spec, Now);
        var black = new QualityIssue("QC.ALL_BLACK", IssueSeverity.Defect, "black");

        Assert.Throws<InvalidOperationException>(() =>
            video.MarkCompleted(Assets("video_3"), [black], Now));
        Assert.Equal(VideoStatus.Queued, video.Status);
    }

    [Fact]
    public void Failing_records_the_error()
    {
        var video = Video.Queue("video_2", "member_1", Spec, Now);

        video.MarkFailed(new VideoError(ErrorCodes.GenerationWorkerCrashed, "gone"), Now);

        Assert.Equal(VideoStatus.Failed, video.Status);
        Assert.Equal(ErrorCodes.GenerationWorkerCrashed, video.Error?.Code);
    }
}
