using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Local.Cli;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Pipeline;
using SoraFunctions.Tests.Shared.Media;

namespace SoraFunctions.Local.Tests;

public sealed class ScreenOutputActivityTests : DataFolderTest
{
    [Fact]
    public async Task Words_not_known_are_heard_and_kept_as_captions_except_for_an_edit_of_a_clip_captioned_in_its_picture()
    {
        using var host = LocalHost.ForCommand(Data, runPipelines: false);
        var services = host.Services;
        var videos = services.GetRequiredService<IVideoStore>();
        Directory.CreateDirectory(Data);
        var clip = Path.Combine(Data, "party.mp4");
        await Soundtracks.MakeClipAsync(clip, ["The weather is lovely today.", "Thanks for coming to my party."], 8);
        var now = DateTimeOffset.UtcNow;
        var spec = new VideoSpec("Friends chat at a garden party", "sora-2", 8, 1280, 720, 1);
        var scripted = Video.Queue("video_scripted", Member.LocalId, spec, now);
        scripted.MarkCompleted(new VideoAssets("m.mp4", "p.jpg", "v.mp4", "s.jpg", "manifest.json", Captions: null), [], now);
        foreach (var video in new[] { Video.Queue("video_model", Member.LocalId, spec, now), scripted, Video.Queue("video_edit", Member.LocalId, spec with { EditOf = scripted.Id }, now) })
        {
            Assert.True(await videos.TryCreateAsync(video, []));
        }

        var activity = (IActivity)services.GetRequiredService<ScreenOutputActivity>();
        async Task<ScreenOutputResult> ScreenAsync(string id, string? script) => (ScreenOutputResult)(await activity.RunAsync(
            new TaskActivityContext(nameof(ScreenOutputActivity), id, CancellationToken.None), new ScreenOutputInput(id, clip, script, null)))!;

        var fromModel = await ScreenAsync("video_model", null);
        var edit = await ScreenAsync("video_edit", null);
        var spoken = await ScreenAsync("video_scripted", "The weather is lovely today.");

        Assert.Null(fromModel.Error);
        Assert.Matches(@"^WEBVTT\n\n00:00:0\d\.\d{3} --> 00:00:0\d\.\d{3}\n[^\n]*today", await File.ReadAllTextAsync(fromModel.Captions!));
        Assert.Equal((null, null), (edit.Error, edit.Captions)); // heard and screened, but its captions are in its picture
        Assert.Equal((null, null), (spoken.Error, spoken.Captions));
    }
}
