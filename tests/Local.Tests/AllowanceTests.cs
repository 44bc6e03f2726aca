using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Local.Tests;

/// <summary>Fair use: a clip is charged once, when it is published; failed ones are free; room is needed to start one.</summary>
public sealed class AllowanceTests : DataFolderTest
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Only_clips_published_today_are_charged_and_those_in_the_making_hold_room()
    {
        var (videos, allowances) = Open(new AllowanceTier { Daily = 5, InFlight = 2 });
        var member = Member.Join(Member.NewId(), "ann", new DateOnly(1990, 4, 1), MemberRole.Member, null, Now);
        await AddAsync(videos, member, "video_published", Now.AddHours(-2), VideoStatus.Completed);
        await AddAsync(videos, member, "video_started_yesterday", Now.AddDays(-1), VideoStatus.Completed, completedAt: Now.AddHours(-14));
        await AddAsync(videos, member, "video_published_yesterday", Now.AddDays(-1), VideoStatus.Completed, completedAt: Now.AddDays(-1));
        await AddAsync(videos, member, "video_failed", Now.AddHours(-1), VideoStatus.Failed);
        await AddAsync(videos, member, "video_running", Now.AddMinutes(-1), VideoStatus.Queued);

        var usage = await allowances.UsageAsync(member, default);

        Assert.Equal((2, 1, 5, 2, 2), (usage.PublishedToday, usage.InFlight, usage.Daily, usage.InFlightLimit, usage.Left));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), usage.ResetsAt);
        Assert.True(await videos.TryCreateAsync(Queued("video_room_for", member), [], allowances.AdmissionFor(member))); // the last one in the making
        var full = await Assert.ThrowsAsync<AllowanceExceededException>(() => videos.TryCreateAsync(Queued("video_no_room", member), [], allowances.AdmissionFor(member)));
        Assert.Equal(Allowances.InFlightCode, full.Error.Code);
        Assert.Null(await videos.GetAsync("video_no_room"));
        Assert.False(await videos.TryCreateAsync(Queued("video_room_for", member), [], allowances.AdmissionFor(member))); // a retry needs no room
    }

    [Fact]
    public async Task A_used_allowance_is_refused_until_midnight_utc_and_admins_have_none()
    {
        var (videos, allowances) = Open(new AllowanceTier { Daily = 1, InFlight = 3 });
        var member = Member.Join(Member.NewId(), "bob", new DateOnly(1990, 4, 1), MemberRole.Member, null, Now);
        var admin = Member.Join(Member.NewId(), "carol", new DateOnly(1990, 4, 1), MemberRole.Admin, null, Now);
        await AddAsync(videos, member, "video_bob", Now.AddHours(-1), VideoStatus.Completed);
        await AddAsync(videos, admin, "video_carol", Now.AddHours(-1), VideoStatus.Completed);

        var used = await Assert.ThrowsAsync<AllowanceExceededException>(() => videos.TryCreateAsync(Queued("video_bob_2", member), [], allowances.AdmissionFor(member)));
        Assert.True(await videos.TryCreateAsync(Queued("video_carol_2", admin), [], allowances.AdmissionFor(admin)));

        Assert.Equal((Allowances.ExceededCode, TimeSpan.FromHours(9)), (used.Error.Code, used.RetryAfter));
        Assert.Null((await allowances.UsageAsync(admin, default)).Left);
    }

    [Fact]
    public async Task Thirty_creates_at_once_are_admitted_no_further_than_the_allowance()
    {
        var (videos, allowances) = Open(new AllowanceTier { Daily = 2, InFlight = 30 });
        var member = Member.Join(Member.NewId(), "dan", new DateOnly(1990, 4, 1), MemberRole.Member, null, Now);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
        {
            try
            {
                return await videos.TryCreateAsync(Queued($"video_at_once_{i}", member), [], allowances.AdmissionFor(member));
            }
            catch (AllowanceExceededException)
            {
                return false;
            }
        })));

        Assert.Equal(2, outcomes.Count(created => created));
        Assert.Equal(2, (await videos.ListAsync(member.Id, 50)).Count);
    }

    [Fact]
    public async Task Over_http_a_member_without_room_gets_429_with_retry_after_and_sees_their_usage()
    {
        await TestServer.RefuseEveryPromptAsync(Data, """ "Allowance": {"Tiers": {"Member": {"Daily": 5, "InFlight": 1}}} """);
        await using var server = await TestServer.StartAsync(Data);
        var accounts = server.App.Services.GetRequiredService<Api.Accounts>();
        var invite = (await accounts.MintInvitesAsync(await accounts.LocalMemberAsync(default), 1, default))[0];
        var member = await accounts.JoinAsync(invite.Code, "dave", "1990-04-01", "a long enough password", default);
        using var client = new HttpClient { BaseAddress = server.Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await accounts.CreateKeyAsync(member, "tests", default)).Token);
        // The pipeline resumer would start (and screening end) a video recorded before it has looked.
        await server.App.Services.GetServices<IHostedService>().OfType<PipelineResumer>().Single().ExecuteTask!;
        await server.App.Services.GetRequiredService<IVideoStore>().TryCreateAsync(
            Video.Queue("video_in_the_making", member.Id, new VideoSpec("A kite over a beach", "sora-2", 4, 720, 1280, 1), DateTimeOffset.UtcNow), []);

        var refused = await client.PostAsJsonAsync("/v1/videos", new { prompt = "A lighthouse in a storm at night", seconds = "4" });
        var me = (await (await client.GetAsync("/v1/me")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("usage");

        Assert.Equal((HttpStatusCode.TooManyRequests, "QUOTA.IN_FLIGHT"), (refused.StatusCode, (await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("code").GetString()));
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter!.Delta);
        Assert.Equal((0, 1, 5, 1, 4), (me.GetProperty("published_today").GetInt32(), me.GetProperty("in_flight").GetInt32(),
            me.GetProperty("daily_allowance").GetInt32(), me.GetProperty("in_flight_limit").GetInt32(), me.GetProperty("allowance_left").GetInt32()));
        Assert.Single(await server.App.Services.GetRequiredService<IVideoStore>().ListAsync(member.Id, 10)); // nothing written
    }

    private (IVideoStore Videos, Allowances Allowances) Open(AllowanceTier memberTier)
    {
        var videos = new SqliteVideoStore(new DataFolder(Data));
        var options = new AllowanceOptions();
        options.Tiers[nameof(MemberRole.Member)] = memberTier;
        return (videos, new Allowances(videos, Options.Create(options), new FixedClock(Now)));
    }

    private static Video Queued(string id, Member owner, DateTimeOffset? created = null) =>
        Video.Queue(id, owner.Id, new VideoSpec("A kite over a beach", "sora-2", 4, 720, 1280, 1), created ?? Now);

    private static async Task AddAsync(IVideoStore videos, Member owner, string id, DateTimeOffset created, VideoStatus status, DateTimeOffset? completedAt = null)
    {
        await videos.TryCreateAsync(Queued(id, owner, created), []);
        var video = (await videos.GetAsync(id))!;
        var at = completedAt ?? created.AddMinutes(5);
        switch (status)
        {
            case VideoStatus.Completed:
                video.MarkCompleted(new VideoAssets("m", "p", "v", "s", "j"), [], at);
                break;
            case VideoStatus.Failed:
                video.MarkFailed(new VideoError(ErrorCodes.GenerationFailed, "failed"), at);
                break;
            default:
                return;
        }

        await videos.SaveAsync(video, []);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
