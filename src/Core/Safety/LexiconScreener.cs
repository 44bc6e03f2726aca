using System.Text.RegularExpressions;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Safety;

/// <summary>
/// The local screener: whole-word rules over normalized text, each naming its category, so a block explains itself.
/// Frames are not classified locally (no image model ships with the embedded defaults); the spoken words are screened
/// with the text rules.
/// </summary>
public sealed partial class LexiconScreener : ISafetyScreener
{
    private static readonly (string Category, string[] Terms)[] Rules =
    [
        ("SEXUAL", ["porn", "pornographic", "nude", "naked", "explicit sex", "sex scene", "nsfw", "genitals"]),
        ("VIOLENCE", ["behead", "beheading", "decapitate", "dismember", "gore", "torture", "mass shooting", "massacre"]),
        ("SELF_HARM", ["suicide", "kill myself", "self-harm", "self harm", "cutting myself"]),
        ("HATE", ["ethnic cleansing", "white power", "racial slur", "genocide of"]),
    ];

    [GeneratedRegex(@"[^\p{L}\p{N}\- ]+")]
    private static partial Regex Punctuation();

    public Task<SafetyVerdict> ScreenTextAsync(string text, CancellationToken cancellation = default) =>
        Task.FromResult(Screen(text, ErrorCodes.SafetyInputText));

    public Task<SafetyVerdict> ScreenOutputAsync(
        IReadOnlyList<string> framePaths, string transcript, CancellationToken cancellation = default) =>
        Task.FromResult(Screen(transcript, $"{ErrorCodes.SafetyOutput}.SPEECH"));

    private static SafetyVerdict Screen(string text, string codePrefix)
    {
        var normalized = " " + Punctuation().Replace(text.ToLowerInvariant(), " ") + " ";
        foreach (var (category, terms) in Rules)
        {
            var hit = terms.FirstOrDefault(term => normalized.Contains(" " + term + " ", StringComparison.Ordinal));
            if (hit is not null)
            {
                return SafetyVerdict.Block($"{codePrefix}.{category}", $"The text matches the {category.ToLowerInvariant()} rule '{hit}'.");
            }
        }

        return SafetyVerdict.Allow;
    }
}
