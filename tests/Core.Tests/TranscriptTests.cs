using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Tests;

public sealed class TranscriptTests
{
    [Fact]
    public void Captions_are_webvtt_with_a_cue_a_phrase_and_the_markup_characters_escaped()
    {
        var transcript = new Transcript([new SpokenPhrase(0.52, 2.2, "fish & chips"), new SpokenPhrase(61.0, 61.0, "a <b> --> c\n\nd")]);

        Assert.Equal(
            "WEBVTT\n\n00:00:00.520 --> 00:00:02.200\nfish &amp; chips\n\n00:01:01.000 --> 00:01:01.001\na &lt;b&gt; --&gt; c d\n",
            transcript.ToWebVtt());
        Assert.Equal("fish & chips\na <b> --> c\n\nd", transcript.Text);
        Assert.Equal("WEBVTT\n", new Transcript([]).ToWebVtt());
    }
}
