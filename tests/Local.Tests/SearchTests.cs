using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoraFunctions.Api;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Local.Cli;

namespace SoraFunctions.Local.Tests;

/// <summary>Search and Discover over the embedded stores, as members who follow, block and mute each other see them.</summary>
public sealed class SearchTests : DataFolderTest
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddHours(-1);

    private IHost host = null!;
    private int minute;

    public override void Dispose()
    {
        host.Dispose();
        base.Dispose();
    }

    private T Service<T>() where T : notnull => host.Services.GetRequiredService<T>();

    private async Task<Dictionary<string, Member>> StartAsync(params (string Username, string DisplayName)[] people)
    {
        Directory.CreateDirectory(Data);
        // The candidates and what is trending are read on every request here, so each step sees the one before.
        await File.WriteAllTextAsync(
            Path.Combine(Data, LocalHost.SettingsFile), System.Text.Json.JsonSerializer.Serialize(new { Sora = new { Feeds = new { CandidatesKeptFor = "00:00:00" } } }));
        host = LocalHost.ForCommand(Data, runPipelines: false);
        var accounts = Service<Accounts>();
        var members = new Dictionary<string, Member>();
        foreach (var (username, displayName) in people)
        {
            var invite = (await accounts.MintInvitesAsync(await accounts.LocalMemberAsync(default), 1, default))[0];
            var member = await accounts.JoinAsync(invite.Code, username, "1990-04-01", "a long enough password", default);
            members[username] = await Service<IMemberStore>().ChangeAsync(member, joined =>
            {
                joined.UpdateProfile(displayName, null);
                return [];
            });
        }

        return members;
    }

    /// <summary>A published clip of the member's, posted a minute after the one before.</summary>
    private async Task<string> PostAsync(Member owner, string caption, string prompt)
    {
        var at = Start.AddMinutes(++minute);
        var id = Video.NewId();
        var video = Video.Queue(id, owner.Id, new VideoSpec(prompt, VideoCatalog.Sora2, 4, 720, 1280, minute), at);
        video.MarkCompleted(new VideoAssets($"videos/{id}/master.mp4", "p", "v", "s", "m"), [], at);
        video.Post(caption, at);
        await Service<IVideoStore>().TryCreateAsync(video, []);
        return id;
    }

    private async Task<string[]> PeopleAsync(Member viewer, string text) =>
        [.. (await Service<Search>().MembersAsync(viewer, text, 20, default)).Select(profile => profile.Member.Username)];

    private async Task<string[]> PostsAsync(Member viewer, string text) =>
        [.. (await Service<Search>().PostsAsync(viewer, text, 20, null, default)).Items.Select(item => item.VideoId)];

    [Fact]
    public async Task People_are_found_by_name_an_exact_username_first_and_never_across_a_block_or_once_suspended()
    {
        var m = await StartAsync(("mia", "Mia Chen"), ("mia_rose", "Rose"), ("amelia", "Mia Amelia"), ("leo", "Leo"), ("zed", "Zed"));
        var admin = await Service<Accounts>().LocalMemberAsync(default);

        Assert.Equal(["mia", "amelia", "mia_rose"], await PeopleAsync(m["leo"], "mia"));
        Assert.Equal(["mia_rose"], await PeopleAsync(m["leo"], "@mia_r"));
        Assert.Equal(["amelia"], await PeopleAsync(m["leo"], "Mia Ame"));

        await Service<Relations>().BlockAsync(m["amelia"], "leo", default);
        await Service<Accounts>().SuspendAsync(admin, "mia_rose", true, default);

        Assert.Equal(["mia"], await PeopleAsync(m["leo"], "mia"));
        Assert.DoesNotContain("leo", await PeopleAsync(m["amelia"], "leo"));
        Assert.Equal(["zed"], await PeopleAsync(m["amelia"], "zed"));
    }

    [Fact]
    public async Task Posts_are_found_by_words_and_hashtags_newest_first_their_own_included_none_of_a_creator_blocked_or_muted()
    {
        var m = await StartAsync(("ann", "Ann"), ("bob", "Bob"), ("cid", "Cid"));
        var annClub = await PostAsync(m["ann"], "Late set #jazz", "A jazz band in a dimly lit club");
        var bobStreet = await PostAsync(m["bob"], "#Jazz on the street", "Buskers at dusk");
        var cidCafe = await PostAsync(m["cid"], "Café morning", "A café with jazz on the radio");

        Assert.Equal([cidCafe, bobStreet, annClub], await PostsAsync(m["ann"], "jazz"));
        Assert.Equal([bobStreet, annClub], await PostsAsync(m["ann"], "#jazz"));
        Assert.Equal([cidCafe], await PostsAsync(m["bob"], "cafe"));

        await Service<Relations>().BlockAsync(m["bob"], "ann", default);
        await Service<Relations>().MuteAsync(m["ann"], "cid", default);

        Assert.Equal([annClub], await PostsAsync(m["ann"], "jazz"));
        Assert.Equal([cidCafe, bobStreet], await PostsAsync(m["bob"], "jazz"));
    }

    [Fact]
    public async Task Discover_shows_the_day_s_hashtags_the_most_engaging_posts_and_their_creators_not_yet_followed_never_one_s_own_or_the_blocked()
    {
        var m = await StartAsync(("ann", "Ann"), ("bob", "Bob"), ("cid", "Cid"), ("dan", "Dan"));
        var annPost = await PostAsync(m["ann"], "#jazz #club night", "A jazz club");
        var bobPost = await PostAsync(m["bob"], "#jazz street", "Buskers");
        var cidPost = await PostAsync(m["cid"], "#kites", "Kites on a beach");
        var engagement = Service<Engagement>();
        await engagement.LikeAsync(m["dan"], annPost, true, default);
        await engagement.LikeAsync(m["bob"], annPost, true, default);
        await Service<Relations>().FollowAsync(m["dan"], "bob", default);
        await Service<Relations>().BlockAsync(m["cid"], "dan", default);

        var forDan = await Service<Search>().DiscoverAsync(m["dan"], default);
        var forAnn = await Service<Search>().DiscoverAsync(m["ann"], default);

        Assert.Equal(["jazz:2", "club:1", "kites:1"], forDan.Hashtags.Select(tag => $"{tag.Tag}:{tag.Posts}"));
        Assert.Equal([annPost, bobPost], forDan.Posts.Select(item => item.VideoId)); // the liked one first; the blocker's not at all
        Assert.Equal(["ann"], forDan.Creators.Select(profile => profile.Member.Username));
        Assert.Equal([cidPost, bobPost], forAnn.Posts.Select(item => item.VideoId)); // not her own; without likes, the newer first
        Assert.Equal(["cid", "bob"], forAnn.Creators.Select(profile => profile.Member.Username)); // in the order of their posts
    }
}
