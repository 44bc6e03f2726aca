using SoraFunctions.Media.Editing;

namespace SoraFunctions.Media.Tests;

public sealed class MotionEstimatorTests
{
    private const int Width = 180;
    private const int Height = 320;

    [Fact]
    public void The_cameras_shift_is_found_to_a_fraction_of_a_pixel_while_a_subject_crosses_the_frame()
    {
        // A textured scene filmed by a camera that moves (+3.5, -2.25) px a frame; a bright subject walks through the
        // top-left region on its own (+9 px a frame), and must not pull the estimate.
        var scene = Scene(seed: 5, width: 400, height: 500);
        var frames = new List<byte[]>();
        for (var n = 0; n < 6; n++)
        {
            var frame = Sample(scene, 400, 100 + 3.5 * n, 80 - 2.25 * n);
            for (var y = 20; y < 80; y++)
            {
                for (var x = 9 * n; x < 9 * n + 30 && x < Width; x++)
                {
                    frame[y * Width + x] = 250;
                }
            }

            frames.Add(frame);
        }

        var motions = MotionEstimator.Estimate([.. frames.SelectMany(f => f)], Width, Height, maxShift: 20);

        Assert.Equal((0.0, 0.0), motions[0]);
        Assert.All(motions.Skip(1), m =>
        {
            Assert.InRange(m.X, 3.5 - 0.3, 3.5 + 0.3);
            Assert.InRange(m.Y, -2.25 - 0.3, -2.25 + 0.3);
        });
    }

    [Fact]
    public void A_flat_picture_has_no_motion_to_find()
    {
        var frames = Enumerable.Repeat((byte)90, Width * Height * 3).ToArray();

        Assert.All(MotionEstimator.Estimate(frames, Width, Height, maxShift: 20), m => Assert.Equal((0.0, 0.0), m));
    }

    /// <summary>Smooth random blobs: texture at every scale, as a filmed scene has.</summary>
    private static double[] Scene(int seed, int width, int height)
    {
        var random = new Random(seed);
        var scene = new double[width * height];
        for (var blob = 0; blob < 400; blob++)
        {
            var (cx, cy, radius, level) = (random.Next(width), random.Next(height), 4 + random.Next(24), random.Next(-60, 60));
            for (var y = Math.Max(0, cy - radius); y < Math.Min(height, cy + radius); y++)
            {
                for (var x = Math.Max(0, cx - radius); x < Math.Min(width, cx + radius); x++)
                {
                    var d = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (double)(radius * radius);
                    scene[y * width + x] += level * Math.Exp(-3 * d);
                }
            }
        }

        return scene;
    }

    /// <summary>The camera's view at (<paramref name="left"/>, <paramref name="top"/>), bilinearly interpolated.</summary>
    private static byte[] Sample(double[] scene, int sceneWidth, double left, double top)
    {
        var frame = new byte[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var (sx, sy) = (left + x, top + y);
                var (x0, y0) = ((int)sx, (int)sy);
                var (fx, fy) = (sx - x0, sy - y0);
                double At(int px, int py) => scene[py * sceneWidth + px];
                var value = (1 - fy) * ((1 - fx) * At(x0, y0) + fx * At(x0 + 1, y0)) + fy * ((1 - fx) * At(x0, y0 + 1) + fx * At(x0 + 1, y0 + 1));
                frame[y * Width + x] = (byte)Math.Clamp(128 + value, 0, 255);
            }
        }

        return frame;
    }
}
