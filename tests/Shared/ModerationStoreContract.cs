using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;

namespace SoraFunctions.Tests.Shared;

/// <summary>What every moderation store must do: one case per target, its reports once per reporter, the queue's order.</summary>
public abstract class ModerationStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<IModerationStore> OpenAsync();

    private static ReportTarget Video(string id) => new(TargetKind.Video, id, "member_owner");

    [Fact]
    public async Task Reports_of_one_target_gather_in_its_case_once_per_reporter_at_the_worst_severity()
    {
        var cases = await OpenAsync();
        var target = Video("video_a");

        await cases.FileAsync(target, new Report("member_b", ReportReason.Spam, "ads", Start));
        await cases.FileAsync(target, new Report("member_b", ReportReason.SelfHarm, "again", Start));
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => cases.FileAsync(target, new Report($"member_{i}", ReportReason.Hate, "", Start.AddMinutes(i)))));
        var read = (await cases.GetAsync(ModerationCase.IdFor(target)))!;

        Assert.Equal((6, 4, CaseStatus.Open), (read.ReportCount, read.Severity, read.Status));
        Assert.Equal(("member_b", ReportReason.Spam, "ads"), (read.Reports[0].ReporterId, read.Reports[0].Reason, read.Reports[0].Details));
        Assert.Equal(target, read.Target);
    }

    [Fact]
    public async Task The_queue_holds_open_cases_most_severe_then_most_reported_then_oldest_and_pages()
    {
        var cases = await OpenAsync();
        await cases.FileAsync(Video("video_spam"), new Report("member_b", ReportReason.Spam, "", Start));
        await cases.FileAsync(Video("video_hate_old"), new Report("member_b", ReportReason.Hate, "", Start));
        await cases.FileAsync(Video("video_hate_new"), new Report("member_b", ReportReason.Hate, "", Start.AddMinutes(5)));
        await cases.FileAsync(Video("video_hate_many"), new Report("member_b", ReportReason.Hate, "", Start.AddMinutes(9)));
        await cases.FileAsync(Video("video_hate_many"), new Report("member_c", ReportReason.Other, "", Start.AddMinutes(9)));
        await cases.FileAsync(Video("video_closed"), new Report("member_b", ReportReason.SelfHarm, "", Start));
        var closed = (await cases.GetAsync("case_video_closed"))!;
        closed.Record(new ModerationAction("member_mod", ModerationVerb.Dismiss, "not a violation", Start.AddHours(1)));
        await cases.SaveAsync(closed, []);

        var first = await cases.ListAsync(CaseStatus.Open, 2);
        var rest = await cases.ListAsync(CaseStatus.Open, 10, first[^1].Id);

        Assert.Equal(["case_video_hate_many", "case_video_hate_old"], first.Select(c => c.Id));
        Assert.Equal(["case_video_hate_new", "case_video_spam"], rest.Select(c => c.Id));
        Assert.Equal(["case_video_closed"], (await cases.ListAsync(CaseStatus.Dismissed, 10)).Select(c => c.Id));
        Assert.Empty(await cases.ListAsync(CaseStatus.Removed, 10));
        var audited = (await cases.GetAsync("case_video_closed"))!;
        Assert.Equal((CaseStatus.Dismissed, "member_mod", "not a violation"), (audited.Status, audited.Actions.Single().ModeratorId, audited.Actions.Single().Reason));

        await cases.FileAsync(Video("video_closed"), new Report("member_c", ReportReason.Spam, "", Start.AddHours(2))); // reported again: open again
        Assert.Equal("case_video_closed", (await cases.ListAsync(CaseStatus.Open, 1))[0].Id);
        Assert.Empty(await cases.ListAsync(CaseStatus.Dismissed, 10));
    }

    [Fact]
    public async Task A_case_saved_from_a_stale_read_is_refused()
    {
        var cases = await OpenAsync();
        await cases.FileAsync(Video("video_a"), new Report("member_b", ReportReason.Spam, "", Start));
        var first = (await cases.GetAsync("case_video_a"))!;
        var second = (await cases.GetAsync("case_video_a"))!;
        first.Record(new ModerationAction("member_mod", ModerationVerb.Remove, "spam", Start));
        await cases.SaveAsync(first, []);
        second.Record(new ModerationAction("member_mod", ModerationVerb.Dismiss, "fine", Start));

        await Assert.ThrowsAsync<VersionConflictException>(() => cases.SaveAsync(second, []));
        Assert.Equal(CaseStatus.Removed, (await cases.GetAsync("case_video_a"))!.Status);
        Assert.Null(await cases.GetAsync("case_video_none"));
    }
}
