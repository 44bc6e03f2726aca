using System.Globalization;
using System.Text;

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
/// Stabilization in two passes. Pass one measures the camera's motion from frame to frame on gray frames shrunk to a
/// 180-pixel short side (<see cref="MotionEstimator"/>, to a fraction of a pixel); the camera's path is the running sum
/// of those motions, and the path it should have taken is that path smoothed with a Gaussian over about a second. Pass
/// two crops every frame along the difference (one static zoom just large enough for the largest correction) and scales
/// it back, inside the edit's one filter graph: a moving crop costs a small fraction of a per-pixel warp. It corrects
/// translation, the shake of a hand-held camera; rotation is left as filmed.
/// </summary>
public static class Stabilizer
{
    /// <summary>Frames either side that the steady path averages over.</summary>
    public const int SmoothingRadius = 15;

    /// <summary>The largest zoom stabilization may add; shake beyond it is only partly corrected.</summary>
    public const double MaxZoom = 1.12;

    /// <summary>The short side of the gray frames motion is measured on.</summary>
    public const int DetectionShortSide = 180;

    /// <summary>
    /// The crop that steadies a <paramref name="width"/>x<paramref name="height"/> picture, from its gray detection
    /// frames (<see cref="Filter.ShrinkShortSide"/> to <see cref="DetectionShortSide"/>, one byte a pixel, back to back);
    /// null when there is no shake worth a pixel. A camera is taken to move less than an eighth of the picture a frame.
    /// </summary>
    public static Stabilization? Plan(byte[] detectionFrames, int width, int height)
    {
        var (detectionWidth, detectionHeight) = Filter.ShrunkSize(width, height, DetectionShortSide);
        if (detectionFrames.Length % (detectionWidth * detectionHeight) != 0)
        {
            throw new MediaException($"The detection frames are not {detectionWidth}x{detectionHeight} gray pictures.");
        }

        var motions = MotionEstimator.Estimate(
            detectionFrames, detectionWidth, detectionHeight, Math.Min(detectionWidth, detectionHeight) / 8);
        return Plan(motions, width, height, (double)width / detectionWidth);
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

    private static int Even(double size) => 2 * (int)Math.Floor(size / 2);
}
