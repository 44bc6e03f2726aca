using System.Globalization;

namespace SoraFunctions.Media.Audio;

/// <summary>A word CMU Sphinx heard and when, in seconds from the sound's start.</summary>
public sealed record HeardWord(string Word, double Start, double End)
{
    /// <summary>Not a word: an utterance's start or end (<c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>), a silence, a noise (<c>[NOISE]</c>).</summary>
    public bool IsFiller => Word.StartsWith('<') || Word.StartsWith('[');
}

/// <summary>CMU Sphinx (pocketsphinx_continuous, Debian's pocketsphinx and its en-us model) over a 16 kHz mono sound.</summary>
public static class Sphinx
{
    /// <summary>
    /// The timed words heard in <paramref name="sound"/> (raw or WAV) with the acoustic model and dictionary in
    /// <paramref name="model"/>, searched as <paramref name="search"/> says (a language model, a grammar).
    /// </summary>
    public static async Task<IReadOnlyList<HeardWord>> HearAsync(string sound, string model, IEnumerable<string> search, CancellationToken cancellation)
    {
        var output = await Ffmpeg.RunToolAsync("pocketsphinx_continuous",
            [
                "-infile", sound, "-hmm", Path.Combine(model, "en-us"), "-dict", Path.Combine(model, "cmudict-en-us.dict"),
                "-time", "yes", "-logfn", "/dev/null", .. search,
            ],
            cancellation);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(TimedWord).OfType<HeardWord>()];
    }

    /// <summary>
    /// A line of the recognizer's word timings, <c>word start end probability</c>; a pronunciation variant is marked
    /// <c>one(2)</c>. An utterance's hypothesis line is not one.
    /// </summary>
    private static HeardWord? TimedWord(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 4
            && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var start)
            && double.TryParse(parts[2], CultureInfo.InvariantCulture, out var end)
            && double.TryParse(parts[3], CultureInfo.InvariantCulture, out _)
                ? new HeardWord(parts[0].Split('(')[0], start, end)
                : null;
    }
}
