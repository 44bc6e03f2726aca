using System.Globalization;
using System.Text;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Cameos;

/// <summary>
/// A character's <c>@handle</c>: a username's form (3–30 of <c>[a-z0-9._]</c>), in the one namespace usernames and
/// handles share, so an <c>@</c> in a prompt names one member or one character.
/// </summary>
public static class CameoHandles
{
    /// <summary>The handle in lower case, or throws <see cref="CameoCodes.HandleInvalid"/>.</summary>
    public static string Validate(string? handle)
    {
        var name = (handle ?? "").Trim().TrimStart('@').ToLowerInvariant();
        if (!Usernames.IsWellFormed(name))
        {
            throw new RequestRejectedException(new VideoError(CameoCodes.HandleInvalid,
                "A character's handle has 3 to 30 characters: letters a–z, digits, '.' and '_'."));
        }

        return Usernames.IsReserved(name) ? throw Taken(name) : name;
    }

    /// <summary>
    /// The handles to try, in order, for a character named <paramref name="name"/>: its letters and digits in lower case,
    /// accents dropped and words joined by '_' ("Mossy the Cat" → <c>mossy_the_cat</c>), then with <c>_2</c> … <c>_9</c>.
    /// </summary>
    public static IEnumerable<string> Candidates(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                slug.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '_')
            {
                slug.Append('_');
            }
        }

        var stem = slug.ToString().Trim('_');
        stem = stem.Length < 3 ? $"{stem}_character".TrimStart('_') : stem[..Math.Min(stem.Length, 28)].TrimEnd('_');
        return new[] { stem }.Concat(Enumerable.Range(2, 8).Select(n => $"{stem}_{n}")).Where(candidate => !Usernames.IsReserved(candidate));
    }

    public static RequestRejectedException Taken(string handle) =>
        new(new VideoError(CameoCodes.HandleTaken, $"@{handle} is taken by a member or a character; choose another handle."));
}
