namespace SoraFunctions.Core.Safety;

/// <summary>
/// The one rule for everything people write that others read (prompts, captions, display names, bios, comments,
/// reports and moderators' reasons): nothing a reader could not see, nor anything that reorders what they see.
/// </summary>
public static class WrittenText
{
    /// <summary>
    /// The first character a person could not see or that reorders what they see: control characters other than tab
    /// and line breaks (NUL among them), bidirectional embeddings, overrides and isolates, and unpaired surrogates.
    /// </summary>
    public static char? HiddenCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var hidden = c switch
            {
                '\t' or '\n' or '\r' => false,
                _ when char.IsControl(c) => true,
                >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' => true,
                _ when char.IsHighSurrogate(c) => !(i + 1 < text.Length && char.IsLowSurrogate(text[++i])),
                _ => char.IsLowSurrogate(c),
            };
            if (hidden)
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>Whether the text holds only what a reader sees, in the order they see it.</summary>
    public static bool IsVisible(string text) => HiddenCharacter(text) is null;

    /// <summary>Whether the text is visible (<see cref="IsVisible"/>) and one line: a name.</summary>
    public static bool IsVisibleLine(string text) => IsVisible(text) && !text.Any(c => c is '\t' or '\n' or '\r');
}
