using SoraFunctions.Media.Editing;

namespace SoraFunctions.Media.Quality;

/// <summary>
/// Tiny gray frames (32x18) for analysing motion and similarity: enough to compare frames, cheap to decode (the
/// deblocking filter is skipped, which such a small picture cannot show).
/// </summary>
public static class GrayFrames
{
    public const int Width = 32;
    public const int Height = 18;
    public const int Size = Width * Height;

    /// <summary>
    /// Input options that make the decode cheaper for analysis; they go before <c>-i</c>. One decoding thread: the
    /// analysis always runs beside other work (the probe, the encoder starting), and on a short clip frame threads cost
    /// a fifth more CPU for no gain in wall time.
    /// </summary>
    public static IReadOnlyList<string> FastDecode { get; } = ["-skip_loop_filter", "all", "-threads", "1"];

    /// <summary>The filter chain that turns a picture into these frames.</summary>
    public static string Filter { get; } = $"scale={Width}:{Height}:flags=area,{Editing.Filter.Format("gray")}";

    /// <summary>The mean absolute difference (0–255) between frames <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static double Difference(byte[] frames, int a, int b)
    {
        long sum = 0;
        for (var p = 0; p < Size; p++)
        {
            sum += Math.Abs(frames[a * Size + p] - frames[b * Size + p]);
        }

        return sum / (double)Size;
    }
}
