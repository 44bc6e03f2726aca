using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SoraFunctions.Local.Cli;
using SoraFunctions.Tests.Shared.Media;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// Clips from a video model, whose soundtrack comes without a script, through the whole pipeline: output screening hears
/// the words, refuses a clip that says something harmful, and keeps what it heard as the clip's captions.
/// </summary>
public sealed class HeardSpeechTests : ServerTest
{
    private readonly string made = Directory.CreateTempSubdirectory("sora-heard-").FullName;
    private VllmLikeServer? model;

    /// <summary>The video server answers a prompt that mentions a toast with a threat among the guests' lines.</summary>
    protected override async Task PrepareDataAsync()
    {
        var (ordinary, toast) = (Path.Combine(made, "ordinary.mp4"), Path.Combine(made, "toast.mp4"));
        await Soundtracks.MakeClipAsync(ordinary, ["The weather is lovely today.", "Thanks for coming to my party."], 8);
        await Soundtracks.MakeClipAsync(toast, ["The weather is lovely today.", "I will kill the president.", "Thanks for coming to my party."], 12);
        model = await VllmLikeServer.StartAsync(prompt => prompt.Contains("toast", StringComparison.Ordinal) ? toast : ordinary);
        Directory.CreateDirectory(Data);
        await File.WriteAllTextAsync(Path.Combine(Data, LocalHost.SettingsFile), JsonSerializer.Serialize(new
        {
            Sora = new { Generator = new { Endpoint = new Uri(model.Address, "/v1").AbsoluteUri, Model = "ltx-2", PollInterval = "00:00:00.100" } },
        }));
    }

    public override void Dispose()
    {
        model?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(made, recursive: true);
        base.Dispose();
    }

    [Fact]
    public async Task The_words_heard_in_a_models_soundtrack_become_the_clips_captions()
    {
        var id = await RequestAsync(new { prompt = "Friends chat at a garden party in the sun", seconds = "8", size = "1280x720" });

        var finished = await FinishedAsync(Http, id);
        using var captions = await Http.GetAsync($"/v1/videos/{id}/content?variant=captions");
        var vtt = await captions.Content.ReadAsStringAsync();

        Assert.Equal("completed", finished.GetProperty("status").GetString());
        Assert.Equal("text/vtt", captions.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("WEBVTT\n", vtt, StringComparison.Ordinal);
        Assert.Matches(@"\n00:00:0\d\.\d{3} --> 00:00:0\d\.\d{3}\n[^\n]*today", vtt); // the first line, in its place
        Assert.True(vtt.Split(" --> ").Length - 1 >= 2, vtt); // and the second

        // Posted and opened from a share link, signed out, at a phone's size: the clip plays with the words as captions,
        // lifted clear of what the app lays over the clip's bottom.
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsJsonAsync($"/v1/videos/{id}/post", new { caption = "Garden party" })).StatusCode);
        var token = (await ReadAsync(await Http.PostAsync($"/v1/videos/{id}/shares", null))).GetProperty("token").GetString()!;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await WebAppTests.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, BaseURL = Http.BaseAddress!.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/shared/{token}");
        var shown = await (await page.WaitForFunctionAsync(
            "() => { const track = document.querySelector('.clip video track')?.track; const cue = track?.activeCues?.[0]; return cue && { text: cue.text, line: cue.line }; }",
            null, new() { Timeout = 20_000 })).JsonValueAsync<JsonElement>();
        Directory.CreateDirectory(WebAppTests.Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebAppTests.Screenshots, "heard-captions-phone.png") });

        Assert.Contains(shown.GetProperty("text").GetString()!, vtt, StringComparison.Ordinal);
        Assert.Equal(-5, shown.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task A_clip_whose_soundtrack_says_something_harmful_is_refused_with_what_was_heard()
    {
        var id = await RequestAsync(new { prompt = "Friends raise a toast at a garden party", seconds = "12", size = "1280x720" });

        var failed = await FinishedAsync(Http, id);
        using var content = await Http.GetAsync($"/v1/videos/{id}/content?variant=captions");

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("SAFETY.OUTPUT.SPEECH.VIOLENCE", failed.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(409, (int)content.StatusCode); // nothing of it is served
    }

    private async Task<string> RequestAsync(object request) =>
        (await ReadAsync(await Http.PostAsJsonAsync("/v1/videos", request))).GetProperty("id").GetString()!;
}
