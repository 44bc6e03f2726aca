using System.Globalization;
using System.Numerics;

namespace SoraFunctions.Core.Safety;

/// <summary>
/// A 64-bit difference hash: the picture shrunk to 9x8 gray, one bit per pair of horizontal neighbours (is the left one
/// brighter). Re-encoding, resizing and small color shifts keep it within a few bits; different pictures differ in about
/// half.
/// </summary>
public static class ImageFingerprint
{
    public const int Width = 9;
    public const int Height = 8;

    /// <summary>The hash of a 9x8 gray picture, row by row.</summary>
    public static ulong Of(ReadOnlySpan<byte> gray9x8)
    {
        if (gray9x8.Length != Width * Height)
        {
            throw new ArgumentException($"A fingerprint needs {Width}x{Height} gray pixels, not {gray9x8.Length} bytes.", nameof(gray9x8));
        }

        var hash = 0UL;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width - 1; x++)
            {
                hash = (hash << 1) | (gray9x8[y * Width + x] > gray9x8[y * Width + x + 1] ? 1UL : 0UL);
            }
        }

        return hash;
    }

    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    public static string Format(ulong fingerprint) => fingerprint.ToString("x16", CultureInfo.InvariantCulture);

    public static ulong Parse(string hex) =>
        ulong.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{hex}' is not a 16-digit hex image fingerprint.");
}
