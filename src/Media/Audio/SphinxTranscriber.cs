using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Media.Likeness;

namespace SoraFunctions.Media.Audio;

/// <summary>
/// Transcription offline: CMU Sphinx with its general US English language model. A phrase is what it heard between two
/// pauses, cut at <see cref="MaxPhraseWords"/> words so that a caption fits on screen. A small model: it catches
/// distinct phrases over a quiet music bed but mishears many ordinary words, and more under loud music (bench/Speech
/// measures how many).
/// </summary>
public sealed class SphinxTranscriber(LikenessOptions options) : ISpeechTranscriber
{
    public const int MaxPhraseWords = 10;

    public async Task<Transcript> TranscribeAsync(string sound, CancellationToken cancellation)
    {
        // A voice must stand well clear of the sound around it (3.5 where the default is 2) before it is heard: with less,
        // rain or a music bed alone comes out as words ("sure", "good").
        var words = await Sphinx.HearAsync(
            sound, options.SpeechModel, ["-lm", Path.Combine(options.SpeechModel, "en-us.lm.bin"), "-vad_threshold", "3.5"], cancellation);
        var phrases = new List<SpokenPhrase>();
        var phrase = new List<HeardWord>();
        void Close()
        {
            if (phrase.Count > 0)
            {
                phrases.Add(new SpokenPhrase(phrase[0].Start, phrase[^1].End, string.Join(' ', phrase.Select(word => word.Word))));
                phrase.Clear();
            }
        }

        foreach (var word in words)
        {
            if (word.Word == "<s>")
            {
                Close(); // an utterance begins after a pause
            }
            else if (!word.IsFiller)
            {
                phrase.Add(word);
                if (phrase.Count == MaxPhraseWords)
                {
                    Close();
                }
            }
        }

        Close();
        return new Transcript(phrases);
    }
}
