using System.Globalization;
using System.Text;

namespace SoraFunctions.Core.Videos;

/// <summary>A phrase heard in a clip's sound, and when: seconds from the clip's start.</summary>
public sealed record SpokenPhrase(double Start, double End, string Text);

/// <summary>The words heard in a clip's sound, phrase by phrase: what output screening reads, and the clip's captions.</summary>
public sealed record Transcript(IReadOnlyList<SpokenPhrase> Phrases)
{
    /// <summary>Every phrase, one a line.</summary>
    public string Text => string.Join("\n", Phrases.Select(phrase => phrase.Text));

    /// <summary>The phrases as WebVTT captions, one cue each.</summary>
    public string ToWebVtt()
    {
        var vtt = new StringBuilder("WEBVTT\n");
        foreach (var phrase in Phrases)
        {
            // A cue's text may not hold a blank line, "-->", or a bare & or <.
            var text = string.Join(' ', phrase.Text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
                .Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
            vtt.Append(CultureInfo.InvariantCulture, $"\n{Timestamp(phrase.Start)} --> {Timestamp(Math.Max(phrase.End, phrase.Start + 0.001))}\n{text}\n");
        }

        return vtt.ToString();
    }

    private static string Timestamp(double seconds) =>
        TimeSpan.FromMilliseconds(Math.Round(Math.Max(0, seconds) * 1000)).ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
}
