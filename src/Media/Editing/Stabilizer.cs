using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SoraFunctions.Media.Editing;

/// <summary>
/// A steadied picture: each frame cropped to <see cref="CropWidth"/>x<see cref="CropHeight"/> at its own offset, then
/// scaled back to the clip's size.
/// </summary>
public sealed record Stabilization(int CropWidth, int CropHeight, IReadOnlyList<(int X, int Y)> Offsets)
{
    /// <summary>The sendcmd script that moves the crop window at every frame (frame n starts at n / fps).</summary>
    public string Commands(double framesPerSecond)
    {
        var script = new StringBuilder();
        for (var frame = 0; frame < Offsets.Count; frame++)
        {
            // Half a frame early, so a timestamp rounded down still meets its own offset.
            var at = frame == 0 ? 0 : (frame - 0.5) / framesPerSecond;
            var (x, y) = Offsets[frame];
            script.Append(CultureInfo.InvariantCulture,
                $"{at:0.######} {Filter.StabilizeCropName} x {x}, {Filter.StabilizeCropName} y {y};\n");
        }

        return script.ToString();
    }
}

/// <summary>
/// Stabilization in two passes. Pass one is vidstab's motion detection on a copy of the picture scaled to a 360-pixel
/// short side (half size for 720p); from the local motions it finds between frames, the camera's path is the running
/// sum of each frame's robust mean shift, and the path it should have taken is that path smoothed with a Gaussian over
/// about a second. Pass two crops every frame
/// along the difference (one static zoom just large enough for the largest correction) and scales it back, inside the
/// edit's one filter graph: a moving crop costs a small fraction of vidstabtransform's per-pixel warp. It corrects
/// translation, the shake of a hand-held camera; rotation is left as filmed.
/// </summary>
public static partial class Stabilizer
{
    /// <summary>Frames either side that the steady path averages over (vidstab's default smoothing).</summary>
    public const int SmoothingRadius = 15;

    /// <summary>The largest zoom stabilization may add; shake beyond it is only partly corrected.</summary>
    public const double MaxZoom = 1.12;

    /// <summary>The short side of the picture motion is detected on.</summary>
    public const int DetectionShortSide = 360;

    /// <summary>
    /// Each frame's shift from the frame before, in pixels of the picture the motions were detected on, read from
    /// vidstab's ASCII transforms file (one line per frame: <c>Frame N (List K [(LM x y fieldX fieldY size contrast match),…])</c>).
    /// The robust mean drops the fastest and slowest fifth of the fields, so a subject walking through the frame
    /// doesn't read as camera motion.
    /// </summary>
    public static IReadOnlyList<(double X, double Y)> ReadMotions(string transformsFile)
    {
        var motions = new List<(double, double)>();
        foreach (var line in File.ReadLines(transformsFile))
        {
            if (!line.StartsWith("Frame ", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = LocalMotion().Matches(line);
            var xs = fields.Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            var ys = fields.Select(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).ToList();
            motions.Add((TrimmedMean(xs), TrimmedMean(ys)));
        }

        return motions;
    }

    /// <summary>
    /// The crop that steadies a <paramref name="width"/>x<paramref name="height"/> picture whose frames moved by
    /// <paramref name="motions"/> (in pixels of a picture <paramref name="detectionScale"/> times smaller); null when
    /// there is no shake worth a pixel.
    /// </summary>
    public static Stabilization? Plan(IReadOnlyList<(double X, double Y)> motions, int width, int height, double detectionScale)
    {
        var path = new (double X, double Y)[motions.Count];
        for (var i = 1; i < motions.Count; i++)
        {
            path[i] = (path[i - 1].X + motions[i].X * detectionScale, path[i - 1].Y + motions[i].Y * detectionScale);
        }

        var steady = Smooth(path);
        var corrections = path.Select((p, i) => (X: p.X - steady[i].X, Y: p.Y - steady[i].Y)).ToList();
        var marginX = Math.Min(width / 4.0, corrections.Select(c => Math.Abs(c.X)).DefaultIfEmpty().Max());
        var marginY = Math.Min(height / 4.0, corrections.Select(c => Math.Abs(c.Y)).DefaultIfEmpty().Max());
        var zoom = Math.Min(MaxZoom, Math.Max(width / (width - 2 * marginX), height / (height - 2 * marginY)));
        var (cropWidth, cropHeight) = (Even(width / zoom), Even(height / zoom));
        if (cropWidth >= width && cropHeight >= height)
        {
            return null;
        }

        var (slackX, slackY) = ((width - cropWidth) / 2, (height - cropHeight) / 2);
        var offsets = corrections
            .Select(c => (
                X: (int)Math.Round(Math.Clamp(slackX - c.X, 0, width - cropWidth)),
                Y: (int)Math.Round(Math.Clamp(slackY - c.Y, 0, height - cropHeight))))
            .ToList();
        return new Stabilization(cropWidth, cropHeight, offsets);
    }

    /// <summary>The path averaged with a Gaussian (σ = half the radius), renormalized where it runs off either end.</summary>
    private static (double X, double Y)[] Smooth((double X, double Y)[] path)
    {
        var sigma = SmoothingRadius / 2.0;
        var weights = Enumerable.Range(-SmoothingRadius, 2 * SmoothingRadius + 1)
            .Select(k => Math.Exp(-k * k / (2 * sigma * sigma))).ToArray();
        var steady = new (double X, double Y)[path.Length];
        for (var i = 0; i < path.Length; i++)
        {
            var (x, y, total) = (0.0, 0.0, 0.0);
            for (var k = -SmoothingRadius; k <= SmoothingRadius; k++)
            {
                if (i + k >= 0 && i + k < path.Length)
                {
                    var weight = weights[k + SmoothingRadius];
                    (x, y, total) = (x + weight * path[i + k].X, y + weight * path[i + k].Y, total + weight);
                }
            }

            steady[i] = (x / total, y / total);
        }

        return steady;
    }

    private static double TrimmedMean(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        var drop = values.Count / 5;
        return values.Skip(drop).Take(values.Count - 2 * drop).Average();
    }

    private static int Even(double size) => 2 * (int)Math.Floor(size / 2);

    [GeneratedRegex(@"\(LM (-?\d+) (-?\d+) ")]
    private static partial Regex LocalMotion();
}
