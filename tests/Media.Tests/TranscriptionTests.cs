using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Videos;
using SoraFunctions.Media.Audio;
using SoraFunctions.Media.Likeness;
using SoraFunctions.Tests.Shared.Media;

namespace SoraFunctions.Media.Tests;

/// <summary>Words heard in soundtracks that come without a script: spoken lines over music, and music alone.</summary>
public sealed class TranscriptionTests : MediaTest
{
    private static readonly ContentScreener Screener = new(new LocalContentAnalyzer(), new SafetyPolicy());

    private readonly SphinxTranscriber transcriber = new(new LikenessOptions());

    [Fact]
    public async Task A_harmful_line_between_ordinary_ones_under_music_is_heard_in_its_place_and_refused()
    {
        var sound = InFolder("harmful.wav");
        await Soundtracks.MakeAsync(sound, ["The weather is lovely today.", "I will kill the president.", "Thanks for coming to my party."], 10);

        var heard = await HearAsync(sound);
        var screened = await Screener.ScreenOutputAsync([], heard.Text, age: null);

        var threat = Assert.Single(heard.Phrases, phrase => phrase.Text.Contains("kill the president", StringComparison.Ordinal));
        Assert.InRange(threat.Start, 2, 5); // the second line, after the first and a second's pause
        Assert.Equal(Verdict.Block, screened.Verdict);
        Assert.Contains(screened.Hits, hit => hit.Code == $"{ContentScreener.OutputSpeech}.VIOLENCE");
    }

    [Fact]
    public async Task Ordinary_lines_under_music_pass_and_music_alone_says_nothing()
    {
        var ordinary = InFolder("ordinary.wav");
        var bed = InFolder("bed.wav");
        await Soundtracks.MakeAsync(ordinary, ["The weather is lovely today.", "Thanks for coming to my party."], 8);
        await Soundtracks.MakeAsync(bed, [], 8);

        var heard = await HearAsync(ordinary);
        var screened = await Screener.ScreenOutputAsync([], heard.Text, age: null);
        var silence = await HearAsync(bed);

        Assert.Contains("today", heard.Text, StringComparison.Ordinal); // a small model: "the weather is lovely" comes out otherwise
        Assert.True(heard.Phrases.Count >= 2, $"heard: {heard.Text}");
        Assert.Equal(Verdict.Allow, screened.Verdict);
        Assert.Empty(silence.Phrases);
    }

    /// <summary>As output screening hears a clip: its sound taken as 16 kHz mono, then transcribed.</summary>
    private async Task<Transcript> HearAsync(string soundtrack)
    {
        var speech = Path.ChangeExtension(soundtrack, ".16k.wav");
        Assert.True(await ClipMedia.ExtractSpeechSoundAsync(soundtrack, speech, CancellationToken.None));
        return await transcriber.TranscribeAsync(speech, CancellationToken.None);
    }
}
