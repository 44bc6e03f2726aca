using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SoraFunctions.Api;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Tests.Shared.Cameos;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// The browser app in headless Chromium (Debian's, driven by Playwright) against the local server, asserting on what a
/// person sees. Each page is photographed at a phone's size and a desktop's into <c>TestResults/screenshots</c>.
/// </summary>
[Collection(HeavyRenders.Name)]
public sealed partial class WebAppTests : ServerTest
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly (string Name, int Width, int Height)[] Sizes = [("phone", 390, 844), ("desktop", 1280, 800)];

    internal static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "screenshots");

    /// <summary>Headless Chromium that autoplays muted video, as a phone's browser does.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
    });

    /// <summary>
    /// For You and what is trending follow each post at once here (a server keeps their candidates a minute); the
    /// generator runs one job at a time, whatever the machine.
    /// </summary>
    protected override Task PrepareDataAsync()
    {
        Directory.CreateDirectory(Data);
        return File.WriteAllTextAsync(
            Path.Combine(Data, Cli.LocalHost.SettingsFile), """{"Sora": {"Feeds": {"CandidatesKeptFor": "00:00:00"}, "Generation": {"Slots": 1}}}""");
    }

    [Fact]
    public async Task Two_members_join_one_follows_the_other_who_creates_and_posts_it_plays_in_following_is_liked_commented_shared_and_remixed_and_she_hears_of_it_live()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var (ann, bob) = await AnnAndBobAsync(browser);
        // A new member's Following feed is a welcome: whom to follow, and the way to a first clip.
        await bob.GotoAsync("#/feed/following");
        await Assertions.Expect(bob.GetByRole(AriaRole.Heading, new() { Name = "Follow people to see their posts here" })).ToBeVisibleAsync();
        await Assertions.Expect(bob.GetByRole(AriaRole.Link, new() { Name = "Make your first clip" })).ToBeVisibleAsync();
        await ShootAsync(bob, "welcome");
        await FollowAsync(bob, "ann");
        await Assertions.Expect(bob.Locator(".counts")).ToHaveTextAsync("1 follower · 0 following");
        await ShootAsync(bob, "profile");

        await ann.GetByRole(AriaRole.Link, new() { Name = "Create" }).ClickAsync();
        // Before she creates, the review says what the clip will show and what the generator will leave out.
        await ann.GetByLabel("Prompt").FillAsync("A man plays the theremin on a beach at noon");
        await Assertions.Expect(ann.Locator("#prompt-feedback")).ToContainTextAsync("Left out: theremin");
        // And what screening would say: a prompt refused is known before Create, and is not coached.
        await ann.GetByLabel("Prompt").FillAsync("Tom Cruise dances on a beach at noon");
        await Assertions.Expect(ann.Locator("#prompt-feedback")).ToContainTextAsync("This would be refused.");
        await Assertions.Expect(ann.Locator("#prompt-feedback .suggestions")).ToHaveCountAsync(0);
        await ann.GetByLabel("Prompt").FillAsync("A red kite flies over a beach at noon, wide shot, waves crash, a gentle breeze");
        await Assertions.Expect(ann.Locator("#prompt-feedback")).ToContainTextAsync("Specific");
        await Assertions.Expect(ann.Locator("#prompt-feedback")).ToContainTextAsync("Will show: kite");
        await Assertions.Expect(ann.Locator("#prompt-feedback")).Not.ToContainTextAsync("Left out");
        await ann.GetByLabel("Duration").SelectOptionAsync("4");
        await ShootAsync(ann, "create");
        // Someone else's clip holds the generator: hers waits in line, and she is told where she stands.
        var ahead = await CreateAsync(Http, "A lighthouse at night in the rain");
        await WaitForAsync(Http, ahead, video => video.GetProperty("queue_position").ValueKind == System.Text.Json.JsonValueKind.Null
            && video.GetProperty("estimated_completed_at").ValueKind == System.Text.Json.JsonValueKind.Number);
        await ann.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Assertions.Expect(ann.GetByRole(AriaRole.Heading, new() { Name = "Making your clip" })).ToBeVisibleAsync();
        await Assertions.Expect(ann.Locator("p.status")).ToHaveTextAsync(new Regex(@"^Next in line · ready (in about \d+ (s|minutes?)|any moment now)$"));
        await ShootAsync(ann, "progress-in-line");
        await Assertions.Expect(ann.Locator(".steps li.done").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(ann.Locator("p.status")).ToHaveTextAsync(new Regex(@"^Ready (in about \d+ (s|minutes?)|any moment now)$"), new() { Timeout = 60_000 });
        await ShootAsync(ann, "progress");
        await Assertions.Expect(ann.GetByRole(AriaRole.Heading, new() { Name = "Your draft" })).ToBeVisibleAsync(new() { Timeout = 180_000 });
        await ShootAsync(ann, "draft");
        await ann.GetByLabel("Caption").FillAsync("Kite day #kites");
        await ann.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();
        await Assertions.Expect(ann.Locator(".clip .caption")).ToHaveTextAsync("Kite day #kites");

        await bob.GotoAsync("#/feed/following");
        var clip = bob.Locator(".clip").First;
        await ReloadUntilAsync(bob, clip, "the post to reach Bob's Following feed (its fan-out is an event's handler)");
        await Assertions.Expect(clip.Locator(".author")).ToHaveTextAsync("@ann");
        await Assertions.Expect(bob.Locator(".caught-up")).ToContainTextAsync("You’re all caught up");
        await Assertions.Expect(clip.Locator(".label").First).ToHaveTextAsync("AI-generated");
        await bob.WaitForFunctionAsync("() => { const v = document.querySelector('.clip video'); return v && !v.paused && v.currentTime > 0; }");
        // Its caption track loaded as WebVTT and showing (empty: this clip's dialogue is captioned in its picture).
        await bob.WaitForFunctionAsync("() => { const t = document.querySelector('.clip video track'); return t && t.readyState === 2 && t.track.mode === 'showing'; }");
        await ShootAsync(bob, "following");
        // A tap pauses it (and says so), Space plays it again; sound, once on, stays on for the next clip.
        await clip.Locator("video").ClickAsync();
        await Assertions.Expect(clip.GetByRole(AriaRole.Button, new() { Name = "Play", Exact = true })).ToBeVisibleAsync();
        Assert.True(await clip.Locator("video").EvaluateAsync<bool>("v => v.paused"));
        await bob.Locator(".feed").FocusAsync();
        await bob.Keyboard.PressAsync("Space");
        await Assertions.Expect(clip.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true })).ToBeVisibleAsync();
        await clip.GetByRole(AriaRole.Button, new() { Name = "Unmute" }).ClickAsync();
        await Assertions.Expect(clip.GetByRole(AriaRole.Button, new() { Name = "Mute", Exact = true })).ToBeVisibleAsync();
        Assert.False(await clip.Locator("video").EvaluateAsync<bool>("v => v.muted"));
        // A double tap likes it.
        await clip.Locator("video").DblClickAsync();
        await Assertions.Expect(clip.Locator(".like")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(clip.Locator(".count.likes")).ToHaveTextAsync("1 like");
        await bob.GotoAsync("#/me?tab=liked");
        await Assertions.Expect(bob.GetByRole(AriaRole.List, new() { Name = "Liked posts" }).GetByRole(AriaRole.Img, new() { Name = "Kite day #kites" })).ToBeVisibleAsync();
        await bob.GotoAsync("#/feed/following");
        clip = bob.Locator(".clip").First;
        Assert.False(await clip.Locator("video").EvaluateAsync<bool>("v => v.muted"));

        // Discover: the day's hashtags and what is trending; search while typing, people and posts; a caption's hashtag opens its posts.
        await bob.GetByRole(AriaRole.Link, new() { Name = "Discover" }).ClickAsync();
        await Assertions.Expect(bob.GetByRole(AriaRole.Link, new() { Name = "#kites 1 post" })).ToBeVisibleAsync();
        await Assertions.Expect(bob.GetByRole(AriaRole.List, new() { Name = "Trending posts" }).GetByRole(AriaRole.Img, new() { Name = "Kite day #kites" })).ToBeVisibleAsync();
        await ShootAsync(bob, "discover");
        await bob.GetByRole(AriaRole.Searchbox).FillAsync("an");
        await Assertions.Expect(bob.GetByRole(AriaRole.List, new() { Name = "People" }).GetByRole(AriaRole.Link)).ToContainTextAsync("@ann");
        await Assertions.Expect(bob.GetByText("No posts with “an” yet.")).ToBeVisibleAsync();
        await bob.GetByRole(AriaRole.Searchbox).FillAsync("kite");
        await Assertions.Expect(bob.GetByRole(AriaRole.List, new() { Name = "Posts found" }).GetByRole(AriaRole.Img, new() { Name = "Kite day #kites" })).ToBeVisibleAsync();
        await Assertions.Expect(bob.GetByText("No one matches “kite”.")).ToBeVisibleAsync();
        Assert.EndsWith("#/discover?q=kite", bob.Url, StringComparison.Ordinal);
        await ShootAsync(bob, "search");
        await bob.GotoAsync("#/feed/following");
        await clip.GetByRole(AriaRole.Link, new() { Name = "#kites" }).ClickAsync();
        await Assertions.Expect(bob.GetByRole(AriaRole.Heading, new() { Name = "#kites" })).ToBeVisibleAsync();
        await Assertions.Expect(bob.GetByRole(AriaRole.Img, new() { Name = "Kite day #kites" })).ToBeVisibleAsync();
        await bob.GotoAsync("#/feed/following");

        await clip.GetByRole(AriaRole.Button, new() { Name = "Comments" }).ClickAsync();
        var comments = bob.GetByRole(AriaRole.Dialog, new() { Name = "Comments" });
        await comments.GetByLabel("Add a comment").FillAsync("What a kite!");
        await comments.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Assertions.Expect(comments.Locator(".comment-entry")).ToContainTextAsync("@bob · now");
        await Assertions.Expect(comments.Locator(".comment-entry")).ToContainTextAsync("What a kite!");
        await ShootAsync(bob, "comments");
        await comments.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Assertions.Expect(clip.Locator(".count.comments")).ToHaveTextAsync("1 comment");

        // A share link opens the post for someone who isn't signed in.
        await clip.GetByRole(AriaRole.Button, new() { Name = "Share" }).ClickAsync();
        var sharing = bob.GetByRole(AriaRole.Dialog, new() { Name = "Share" });
        await sharing.GetByRole(AriaRole.Button, new() { Name = "Copy link" }).ClickAsync();
        await Assertions.Expect(sharing.GetByRole(AriaRole.Status)).ToHaveTextAsync("Copied");
        var link = await sharing.GetByLabel("Link to this clip").InputValueAsync();
        Assert.Equal(link, await bob.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        Assert.Contains("/shared/", link, StringComparison.Ordinal);
        await sharing.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        var stranger = await NewPageAsync(browser, Sizes[0]);
        await stranger.GotoAsync(link);
        await Assertions.Expect(stranger.GetByRole(AriaRole.Heading, new() { Name = "A clip by @ann" })).ToBeAttachedAsync();
        await stranger.WaitForFunctionAsync("() => { const v = document.querySelector('.clip video'); return v && !v.paused && v.currentTime > 0; }");
        await Assertions.Expect(stranger.GetByRole(AriaRole.Link, new() { Name = "Join" })).ToHaveAttributeAsync("href", "/#/signup");
        await ShootAsync(stranger, "shared");
        await stranger.GotoAsync(link[..^4] + "AAAA");
        await Assertions.Expect(stranger.GetByRole(AriaRole.Heading, new() { Name = "This link opens nothing any more" })).ToBeVisibleAsync();
        await ShootAsync(stranger, "shared-dead");

        // Her clip ready, and Bob's follow, like and comment.
        await Assertions.Expect(ann.Locator("#unread")).ToHaveTextAsync("4", new() { Timeout = 15_000 });
        await ann.GetByRole(AriaRole.Link, new() { Name = "Notifications" }).ClickAsync();
        await Assertions.Expect(ann.GetByText("@bob liked your clip")).ToBeVisibleAsync();
        await Assertions.Expect(ann.GetByText("@bob commented on your clip")).ToBeVisibleAsync();
        await Assertions.Expect(ann.GetByText("@bob followed you")).ToBeVisibleAsync();
        await Assertions.Expect(ann.GetByRole(AriaRole.Link, new() { Name = "Your clip is ready" })).ToBeVisibleAsync();
        await ShootAsync(ann, "notifications");
        await Assertions.Expect(ann.Locator("#unread")).ToBeHiddenAsync(new() { Timeout = 15_000 });

        // A reply sits folded under its comment; its author deletes it, after saying so.
        await clip.GetByRole(AriaRole.Button, new() { Name = "Comments" }).ClickAsync();
        await comments.GetByRole(AriaRole.Button, new() { Name = "Reply" }).ClickAsync();
        await comments.GetByLabel("Your reply").FillAsync("It flew for an hour");
        await comments.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Assertions.Expect(comments.Locator(".replies summary")).ToHaveTextAsync("View 1 reply");
        await Assertions.Expect(comments.Locator(".replies .comment-entry")).ToContainTextAsync("It flew for an hour");
        await comments.Locator(".replies").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await bob.GetByRole(AriaRole.Dialog, new() { Name = "Delete this comment? It can’t be undone." }).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(comments.GetByText("It flew for an hour")).ToHaveCountAsync(0);
        await Assertions.Expect(comments.GetByText("What a kite!")).ToBeVisibleAsync();
        await comments.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        await clip.GetByRole(AriaRole.Link, new() { Name = "Remix" }).ClickAsync();
        await Assertions.Expect(bob.GetByRole(AriaRole.Heading, new() { Name = "Remix @ann" })).ToBeVisibleAsync();
        await bob.GetByLabel("Prompt").FillAsync("the same kite at night");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Remix" }).ClickAsync();
        await Assertions.Expect(bob.GetByRole(AriaRole.Heading, new() { Name = "Your draft" })).ToBeVisibleAsync(new() { Timeout = 180_000 });
        await bob.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();
        await Assertions.Expect(bob.Locator(".clip .label.remix")).ToHaveTextAsync("Remix of @ann");
        await ShootAsync(bob, "clip");
        // Its Content Credentials, as a C2PA reader finds them in the file: made by AI, from Ann's clip, signed here.
        await bob.Locator(".clip").GetByRole(AriaRole.Button, new() { Name = "Content Credentials" }).ClickAsync();
        var credentials = bob.GetByRole(AriaRole.Dialog, new() { Name = "Content Credentials" });
        await Assertions.Expect(credentials).ToContainTextAsync("AI: generated, not filmed");
        await Assertions.Expect(credentials).ToContainTextAsync("Generated as a remix of a clip by @ann");
        await Assertions.Expect(credentials).ToContainTextAsync("Remixed from a clip by @ann");
        await Assertions.Expect(credentials).ToContainTextAsync("its own development certificate");
        await ShootAsync(bob, "credentials");
        await credentials.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Assertions.Expect(ann.Locator("#unread")).ToHaveTextAsync("2", new() { Timeout = 15_000 }); // the reply, the remix
        await ann.ReloadAsync();
        await Assertions.Expect(ann.GetByText("@bob remixed your clip")).ToBeVisibleAsync();

        // Offline, a page says so and opens by itself once the connection is back.
        await bob.Context.SetOfflineAsync(true);
        await bob.GotoAsync("#/notifications");
        await Assertions.Expect(bob.GetByRole(AriaRole.Heading, new() { Name = "You’re offline" })).ToBeVisibleAsync();
        await Assertions.Expect(bob.GetByText("You’re offline: what you see may be out of date.")).ToBeVisibleAsync();
        await ShootAsync(bob, "offline");
        await bob.Context.SetOfflineAsync(false);
        await Assertions.Expect(bob.GetByRole(AriaRole.Heading, new() { Name = "Notifications" })).ToBeVisibleAsync();
        await Assertions.Expect(bob.Locator(".offline")).ToBeHiddenAsync();

        // Her followers open from her count; blocking her leaves a page that says so, and the way back.
        await bob.GotoAsync("#/u/ann");
        await bob.GetByRole(AriaRole.Link, new() { Name = "1 follower" }).ClickAsync();
        await Assertions.Expect(bob.GetByRole(AriaRole.List, new() { Name = "Followers of @ann" }).GetByRole(AriaRole.Link)).ToContainTextAsync("@bob");
        await ShootAsync(bob, "followers");
        await bob.GotoAsync("#/u/ann");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Block" }).ClickAsync();
        await bob.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Block" }).ClickAsync();
        await Assertions.Expect(bob.GetByRole(AriaRole.Heading, new() { Name = "You blocked @ann" })).ToBeVisibleAsync();
        await bob.ReloadAsync();
        await Assertions.Expect(bob.GetByRole(AriaRole.Heading, new() { Name = "You blocked @ann" })).ToBeVisibleAsync();
        await ShootAsync(bob, "blocked");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Unblock" }).ClickAsync();
        await Assertions.Expect(bob.Locator(".counts")).ToHaveTextAsync("0 followers · 0 following");
    }

    [Fact]
    public async Task A_cameo_recorded_with_the_camera_is_verified_cast_by_a_mutual_and_its_deletion_takes_the_clip_down()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var (ann, bob) = await AnnAndBobAsync(browser);
        await FollowAsync(ann, "bob");
        await FollowAsync(bob, "ann");

        await ann.GetByRole(AriaRole.Link, new() { Name = "Cameo" }).ClickAsync();
        await ann.GetByRole(AriaRole.Button, new() { Name = "Record your cameo" }).ClickAsync();
        await Assertions.Expect(ann.Locator(".digits")).ToBeVisibleAsync();
        await ShootAsync(ann, "cameo-challenge");
        var challenge = System.Web.HttpUtility.ParseQueryString(new Uri(ann.Url).Fragment.Split('?')[1]);

        // The camera and microphone are Chromium's fake devices, playing a face that reads the digits and turns.
        var recording = Path.Combine(Data, "camera.mp4");
        await CameoRecordings.MakeAsync(recording, CameoRecordings.Julia, challenge["digits"]!, challenge["turn"] == "left" ? HeadTurn.Left : HeadTurn.Right, seconds: 8);
        var camera = Path.Combine(Data, "camera.y4m");
        var microphone = Path.Combine(Data, "microphone.wav");
        await Media.Ffmpeg.RunAsync(["-i", recording, "-an", "-pix_fmt", "yuv420p", camera]);
        await Media.Ffmpeg.RunAsync(["-i", recording, "-vn", "-ac", "1", "-ar", "48000", "-c:a", "pcm_s16le", microphone]);
        await using var withCamera = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                $"--use-file-for-fake-video-capture={camera}", $"--use-file-for-fake-audio-capture={microphone}%noloop",
            ],
        });
        var recorder = await (await withCamera.NewContextAsync(new()
        {
            BaseURL = Http.BaseAddress!.ToString(), StorageState = await ann.Context.StorageStateAsync(), ViewportSize = new() { Width = 390, Height = 844 },
        })).NewPageAsync();
        recorder.SetDefaultTimeout(20_000);
        await recorder.GotoAsync(ann.Url);
        await recorder.GetByLabel("Name").FillAsync("Ann");
        await recorder.GetByRole(AriaRole.Button, new() { Name = "Start camera" }).ClickAsync();
        await recorder.GetByRole(AriaRole.Button, new() { Name = "Record 6 seconds" }).ClickAsync();
        await Assertions.Expect(recorder.GetByRole(AriaRole.Heading, new() { Name = "Your cameo is ready" })).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await ShootAsync(recorder, "cameo");
        await recorder.GetByLabel("Who may cast you").SelectOptionAsync("mutuals");
        await Assertions.Expect(recorder.Locator("#toast")).ToHaveTextAsync("Saved");
        await recorder.GetByLabel("Approve someone by username").FillAsync("@bob");
        await recorder.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await Assertions.Expect(recorder.GetByRole(AriaRole.List, new() { Name = "People you approve" })).ToHaveTextAsync("@bob Remove @bob");
        await recorder.GetByRole(AriaRole.Button, new() { Name = "Remove @bob" }).ClickAsync();
        await recorder.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Assertions.Expect(recorder.GetByRole(AriaRole.List, new() { Name = "People you approve" })).ToHaveTextAsync("No one yet.");

        // Below her cameo, Ann adds her dog as a character from a video on her phone; it is cast by its @handle.
        var dog = Path.Combine(Data, "dog.mp4");
        await CameoRecordings.FilmAsync(dog, CameoRecordings.Dog);
        await recorder.GetByLabel("Its name").FillAsync("Chicky");
        await recorder.GetByLabel("A video of it, 1 to 10 seconds").SetInputFilesAsync(dog);
        await recorder.GetByRole(AriaRole.Button, new() { Name = "Add character" }).ClickAsync();
        await Assertions.Expect(recorder.GetByLabel("Who may cast @chicky")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await ShootAsync(recorder, "characters");

        // Bob is suggested Ann's cameo as he types her @name.
        await bob.GetByRole(AriaRole.Link, new() { Name = "Create" }).ClickAsync();
        await bob.GetByLabel("Prompt").PressSequentiallyAsync("@a");
        await Assertions.Expect(bob.GetByRole(AriaRole.Option, new() { Name = "@ann Ann" })).ToHaveAttributeAsync("aria-selected", "true");
        await ShootAsync(bob, "create-cameo");
        await bob.GetByLabel("Prompt").PressAsync("Enter");
        await bob.GetByLabel("Prompt").PressSequentiallyAsync("waves at the camera on a sunny beach at noon");
        await Assertions.Expect(bob.GetByLabel("Prompt")).ToHaveValueAsync("@ann waves at the camera on a sunny beach at noon");
        await bob.GetByLabel("Duration").SelectOptionAsync("4");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Assertions.Expect(bob.GetByRole(AriaRole.Heading, new() { Name = "Your draft" })).ToBeVisibleAsync(new() { Timeout = 180_000 });
        await bob.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();
        await Assertions.Expect(bob.Locator(".clip video")).ToBeVisibleAsync();
        await Assertions.Expect(bob.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToBeVisibleAsync(); // his own

        await ann.GotoAsync("#/notifications");
        await ReloadUntilAsync(ann, ann.GetByText("@bob cast your cameo"), "Ann to hear her cameo was cast");
        await ann.GotoAsync("#/cameo");
        await ann.GetByRole(AriaRole.Button, new() { Name = "Delete cameo" }).ClickAsync();
        await ann.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete cameo" }).ClickAsync();
        await Assertions.Expect(ann.Locator("#toast")).ToHaveTextAsync("Your cameo was deleted");
        await ReloadUntilAsync(bob, bob.GetByRole(AriaRole.Heading, new() { Name = "This clip was taken down" }), "the clip to be taken down with the cameo");
        await Assertions.Expect(bob.GetByRole(AriaRole.Alert)).ToContainTextAsync("CAMEO.DELETED");
        await ShootAsync(bob, "taken-down");
    }

    [Fact]
    public async Task A_member_reported_from_a_profile_is_suspended_from_the_moderation_queue_the_reporter_hears_of_it_and_an_appeal_reinstates_her()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var (ann, bob) = await AnnAndBobAsync(browser);
        await App.Services.GetRequiredService<Accounts>().CreateAdminAsync("moira", "1980-01-01", "a long enough password", default);
        var moira = await NewPageAsync(browser, Sizes[1]);

        await bob.GotoAsync("#/u/ann");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Report" }).ClickAsync();
        await bob.GetByLabel("Reason").SelectOptionAsync("harassment");
        await bob.GetByLabel("Details (optional)").FillAsync("Insults under my posts");
        await ShootAsync(bob, "report");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
        await Assertions.Expect(bob.Locator("#toast")).ToContainTextAsync("Reported");
        await Assertions.Expect(bob.GetByRole(AriaRole.Link, new() { Name = "Moderation" })).ToBeHiddenAsync();

        await moira.GotoAsync("/");
        await moira.GetByLabel("Username").FillAsync("moira");
        await moira.GetByLabel("Password").FillAsync("a long enough password");
        await moira.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await moira.GetByRole(AriaRole.Link, new() { Name = "Moderation" }).ClickAsync();
        var reported = moira.Locator(".case").First;
        await Assertions.Expect(reported.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Member by @ann · severity 3 · 1 report");
        await Assertions.Expect(reported).ToContainTextAsync("Harassment — @bob: Insults under my posts");
        await ShootAsync(moira, "moderation");
        await reported.GetByLabel("Reason").FillAsync("Repeated insults");
        await reported.GetByRole(AriaRole.Button, new() { Name = "Suspend the member" }).ClickAsync();
        await moira.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Member suspended" }).ClickAsync();
        await Assertions.Expect(moira.GetByText("Nothing to review.")).ToBeVisibleAsync();

        await ann.ReloadAsync();
        await Assertions.Expect(ann.GetByRole(AriaRole.Heading, new() { Name = "Your account is suspended" })).ToBeVisibleAsync();
        await Assertions.Expect(ann.GetByRole(AriaRole.Alert)).ToContainTextAsync("AUTH.MEMBER_SUSPENDED");
        await ShootAsync(ann, "suspended");
        await bob.GotoAsync("#/notifications");
        await ReloadUntilAsync(bob, bob.GetByText("Your report led to an action."), "Bob to hear his report was acted on");

        // On appeal, the moderator finds the case among the suspended and reinstates her.
        await moira.GetByRole(AriaRole.Link, new() { Name = "Suspended" }).ClickAsync();
        var appealed = moira.Locator(".case").First;
        await Assertions.Expect(appealed.GetByRole(AriaRole.List, new() { Name = "Actions taken" })).ToContainTextAsync("Member suspended by @moira");
        await ShootAsync(moira, "moderation-suspended");
        await appealed.GetByLabel("Reason").FillAsync("Appeal upheld");
        await appealed.GetByRole(AriaRole.Button, new() { Name = "Reinstate the member" }).ClickAsync();
        await Assertions.Expect(moira.GetByText("No one suspended.")).ToBeVisibleAsync();
        await ann.ReloadAsync();
        await Assertions.Expect(ann.GetByRole(AriaRole.Link, new() { Name = "Profile" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Settings_change_the_profile_and_avatar_make_an_api_key_shown_once_and_change_the_password_and_a_clip_from_a_photo_is_discarded()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var (ann, _) = await AnnAndBobAsync(browser);
        await ann.GetByRole(AriaRole.Link, new() { Name = "Profile" }).ClickAsync();
        await ann.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await ann.GetByLabel("Display name").FillAsync("Ann Lee");
        await ann.GetByLabel("Bio").FillAsync("Kites and beaches");
        await ann.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Assertions.Expect(ann.Locator("#toast")).ToHaveTextAsync("Profile saved");
        await ann.GetByLabel("Picture (PNG, JPEG or WebP, up to 5 MB)").SetInputFilesAsync(CameoRecordings.Julia.Path);
        await ann.GetByRole(AriaRole.Button, new() { Name = "Upload avatar" }).ClickAsync();
        await Assertions.Expect(ann.GetByRole(AriaRole.Img, new() { Name = "Your avatar" })).ToBeVisibleAsync();

        await ann.GetByLabel("New key's name").FillAsync("laptop");
        await ann.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var key = ann.GetByRole(AriaRole.Status, new() { Name = "New key" });
        await Assertions.Expect(key).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^sora_sk_"));
        await Assertions.Expect(ann.GetByRole(AriaRole.List, new() { Name = "API keys" })).ToContainTextAsync("laptop");
        await ShootAsync(ann, "settings");
        using (var program = new HttpClient { BaseAddress = Http.BaseAddress })
        {
            program.DefaultRequestHeaders.Authorization = new("Bearer", await key.TextContentAsync());
            Assert.Equal(System.Net.HttpStatusCode.OK, (await program.GetAsync("/v1/me")).StatusCode);
        }

        await ann.GetByLabel("Current password").FillAsync("not the password");
        await ann.GetByLabel("New password", new() { Exact = true }).FillAsync("a newer longer passphrase");
        await ann.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(ann.GetByRole(AriaRole.Alert).Filter(new() { HasText = "The current password is wrong." })).ToBeVisibleAsync();
        await ann.GetByLabel("Current password").FillAsync("a long enough password");
        await ann.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(ann.Locator("#toast")).ToContainTextAsync("Password changed");

        // A clip cancelled while it is made.
        await ann.GetByRole(AriaRole.Link, new() { Name = "Create" }).ClickAsync();
        await ann.GetByLabel("Prompt").FillAsync("A hot air balloon rises over a valley at dawn, wide shot, birds sing");
        await ann.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await ann.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await ann.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Stop it" }).ClickAsync();
        await Assertions.Expect(ann.GetByRole(AriaRole.Heading, new() { Name = "The clip was not made" })).ToBeVisibleAsync();
        await Assertions.Expect(ann.GetByRole(AriaRole.Alert)).ToContainTextAsync("Details for support: VIDEO.CANCELLED");
        // Trying again keeps what was asked.
        await ann.GetByRole(AriaRole.Link, new() { Name = "Try again" }).ClickAsync();
        await Assertions.Expect(ann.GetByLabel("Prompt")).ToHaveValueAsync("A hot air balloon rises over a valley at dawn, wide shot, birds sing");

        // A clip from a photo, looped and graded, thought better of.
        await ann.GetByRole(AriaRole.Link, new() { Name = "Create" }).ClickAsync();
        await Assertions.Expect(ann.GetByLabel("Prompt")).ToHaveValueAsync(""); // a fresh form
        await ann.GetByLabel("Prompt").FillAsync("The woman in the photo smiles at the camera in a sunny garden, close-up, birds sing");
        await ann.GetByLabel("Duration").SelectOptionAsync("4");
        await ann.GetByLabel("Landscape").CheckAsync();
        await ann.GetByLabel("Start from an image (optional)").SetInputFilesAsync(CameoRecordings.Julia.Path);
        await ann.GetByLabel("Loop seamlessly").CheckAsync();
        await ann.GetByLabel("Color grade").SelectOptionAsync("warm");
        await ann.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        // She leaves while it is made: it waits in her drafts, and a notification brings her back when it is ready.
        await Assertions.Expect(ann.GetByRole(AriaRole.Heading, new() { Name = "Making your clip" })).ToBeVisibleAsync();
        await ann.GetByRole(AriaRole.Link, new() { Name = "Profile" }).ClickAsync();
        await ann.GetByRole(AriaRole.Link, new() { Name = "Drafts" }).ClickAsync();
        await Assertions.Expect(ann.GetByRole(AriaRole.List, new() { Name = "Drafts" }).GetByRole(AriaRole.Link)
            .Filter(new() { HasText = "The woman in the photo" })).ToBeVisibleAsync();
        await ShootAsync(ann, "drafts");
        await ann.GotoAsync("#/notifications");
        await ReloadUntilAsync(ann, ann.GetByRole(AriaRole.Link, new() { Name = "Your clip is ready" }), "Ann to hear her clip is ready");
        await ann.GetByRole(AriaRole.Link, new() { Name = "Your clip is ready" }).ClickAsync();
        await Assertions.Expect(ann.GetByRole(AriaRole.Heading, new() { Name = "Your draft" })).ToBeVisibleAsync();
        var draft = ann.Locator(".draft video");
        await ann.WaitForFunctionAsync("() => document.querySelector('.draft video')?.videoWidth > 0");
        Assert.True(await draft.EvaluateAsync<bool>("video => video.videoWidth > video.videoHeight"), "The draft is landscape.");
        var draftId = (await draft.GetAttributeAsync("src"))!.Split('/')[3];
        await ann.GetByRole(AriaRole.Button, new() { Name = "Discard" }).ClickAsync();
        await ann.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Discard" }).ClickAsync();
        await Assertions.Expect(ann.Locator("#toast")).ToHaveTextAsync("Discarded");
        await Assertions.Expect(ann.GetByRole(AriaRole.List, new() { Name = "Drafts" })).Not.ToContainTextAsync("The woman in the photo");
        Assert.True((await App.Services.GetRequiredService<SoraFunctions.Core.Ports.IVideoStore>().GetAsync(draftId))!.IsRemoved);

        await ann.GetByRole(AriaRole.Link, new() { Name = "Profile" }).ClickAsync();
        await ann.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await ann.GetByRole(AriaRole.Link, new() { Name = "Sign out" }).ClickAsync();
        await ann.GetByLabel("Username").FillAsync("ann");
        await ann.GetByLabel("Password").FillAsync("a newer longer passphrase");
        await ann.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ann.GetByRole(AriaRole.Link, new() { Name = "Profile" }).ClickAsync();
        await Assertions.Expect(ann.GetByRole(AriaRole.Heading, new() { Name = "Ann Lee" })).ToBeVisibleAsync();
        await Assertions.Expect(ann.GetByText("Kites and beaches")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Reloads the page, as a person pulls to refresh (every second or so: faster, a member meets the rate limit),
    /// until <paramref name="shown"/> is there.
    /// </summary>
    private static Task ReloadUntilAsync(IPage page, ILocator shown, string what) => WaitUntilAsync(async () =>
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        await page.ReloadAsync();
        await page.Locator("main > *").First.WaitForAsync();
        return await shown.CountAsync() > 0;
    }, what);

    private static async Task FollowAsync(IPage page, string username)
    {
        await page.GotoAsync($"#/u/{username}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Follow" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Following" })).ToBeVisibleAsync();
    }

    /// <summary>Ann at a phone's size and Bob at a desktop's, each joined through the app.</summary>
    private async Task<(IPage Ann, IPage Bob)> AnnAndBobAsync(IBrowser browser)
    {
        var ann = await NewPageAsync(browser, Sizes[0]);
        var bob = await NewPageAsync(browser, Sizes[1]);
        await JoinAsync(ann, "ann");
        await JoinAsync(bob, "bob");
        return (ann, bob);
    }

    private async Task<IPage> NewPageAsync(IBrowser browser, (string Name, int Width, int Height) size)
    {
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = size.Width, Height = size.Height }, BaseURL = Http.BaseAddress!.ToString(), Permissions = ["clipboard-read", "clipboard-write"],
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(10_000);
        return page;
    }

    /// <summary>Joins through the app's own form, with an invite the machine's member made.</summary>
    private async Task JoinAsync(IPage page, string username)
    {
        var accounts = App.Services.GetRequiredService<Accounts>();
        var invite = (await accounts.MintInvitesAsync(await accounts.LocalMemberAsync(default), 1, default))[0];
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await ShootAsync(page, "signin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Join with an invite code" }).ClickAsync();
        await page.GetByLabel("Invite code").FillAsync(invite.Code);
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Birthdate").FillAsync("1990-04-01");
        await page.GetByLabel("Password").FillAsync("a long enough password");
        await ShootAsync(page, "join");
        await page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "For You" })).ToHaveAttributeAsync("aria-selected", "true");
    }

    /// <summary>
    /// The page at both sizes, each checked by axe-core (WCAG 2.2 A and AA: labels, names, contrast, landmarks, target
    /// sizes...; any violation fails the test with where it is), wide enough at every phone width (nothing scrolls
    /// sideways at 320, 390 or 430 px), then back at the size it had.
    /// </summary>
    [System.Text.RegularExpressions.GeneratedRegex(
        @"\b(null|undefined|NaN)\b|\[object |\b(video|member|comment|cameo|challenge|case)_[0-9a-f]{16,}\b|(?<!Details for support: )\b[A-Z]{2,}(\.[A-Z_]{2,})+\b")]
    private static partial System.Text.RegularExpressions.Regex RawValue();

    private static readonly int[] PhoneWidths = [320, 390, 430];

    private static async Task ShootAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        // Nothing raw on screen, in any state shot: a missing value printed, an object where words belong, an internal
        // id, or an error's code anywhere but the details line kept for support.
        var shown = await page.EvaluateAsync<string>("() => document.body.innerText");
        Assert.False(RawValue().IsMatch(shown), $"{name} shows a raw value: {RawValue().Match(shown).Value}");
        var own = page.ViewportSize!;
        foreach (var width in PhoneWidths)
        {
            await page.SetViewportSizeAsync(width, 800);
            var widest = await page.EvaluateAsync<int>(
                "() => Math.max(document.documentElement.scrollWidth, document.getElementById('main').scrollWidth)");
            Assert.True(widest <= width, $"{name} scrolls sideways at {width} px: {widest} px wide, by " + await page.EvaluateAsync<string>(
                "() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1).slice(-3).map(e => e.outerHTML.slice(0, 120)).join(' | ')"));
        }

        foreach (var (size, width, height) in Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{name}-{size}.png") });
            // Beside the clip on a wide screen, its author and caption start where the picture does.
            var misaligned = await page.EvaluateAsync<double>(
                "() => { const clip = document.querySelector('.clip'); return clip ? Math.abs(clip.querySelector('.frame').getBoundingClientRect().left - clip.querySelector('.about').getBoundingClientRect().left) : 0; }");
            Assert.True(width < 700 || misaligned <= 1, $"{name} at {size}: the caption starts {misaligned} px away from the clip's edge");
            var checkedPage = await page.RunAxe(new() { RunOnly = new() { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
            Assert.True(checkedPage.Violations.Length == 0, $"{name} at {size}: " + string.Join("; ", checkedPage.Violations.Select(violation =>
                $"{violation.Id} ({violation.Help}) at {string.Join(", ", violation.Nodes.Select(node => node.Html))}")));
        }

        await page.SetViewportSizeAsync(own.Width, own.Height);
    }
}
