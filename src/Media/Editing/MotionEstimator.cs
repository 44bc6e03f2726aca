using System.Numerics;
using System.Runtime.InteropServices;

namespace SoraFunctions.Media.Editing;

/// <summary>
/// The camera's shift from each frame to the next, measured on small gray frames by integral projections: each of a
/// 3x3 grid of regions sums its columns and its rows into two profiles, and the shift that best lines up a region's
/// profiles with the previous frame's (least mean squared difference, refined to a fraction of a pixel by the parabola
/// through the best and its neighbours) is that region's motion. The median over the regions with texture is the
/// camera's: a subject moving through a few regions doesn't pull it, and flat regions (sky, walls) have no say.
/// </summary>
public static class MotionEstimator
{
    private const int Grid = 3;

    /// <summary>Regions whose profile slopes vary less than this (mean gray levels a pixel) carry no reliable motion.</summary>
    private const double MinTexture = 0.15;

    /// <summary>
    /// The shift of each frame from the one before (the first frame's is zero), in pixels of these frames: positive when
    /// the camera moves right or down (the picture moves left or up).
    /// </summary>
    public static IReadOnlyList<(double X, double Y)> Estimate(byte[] frames, int width, int height, int maxShift)
    {
        var size = width * height;
        var profiles = new Profiles[frames.Length / size];
        for (var frame = 0; frame < profiles.Length; frame++)
        {
            profiles[frame] = Profiles.Of(frames.AsSpan(frame * size, size), width, height);
        }

        var motions = new (double X, double Y)[profiles.Length];
        for (var frame = 1; frame < profiles.Length; frame++)
        {
            motions[frame] = profiles[frame].ShiftFrom(profiles[frame - 1], maxShift);
        }

        return motions;
    }

    /// <summary>Each region's column profile (mean of its rows, per column) and row profile, as slopes.</summary>
    private sealed class Profiles
    {
        private readonly double[][] columns = new double[Grid * Grid][];
        private readonly double[][] rows = new double[Grid * Grid][];

        public static Profiles Of(ReadOnlySpan<byte> frame, int width, int height)
        {
            // One pass: per band of rows, the sum of each column; per row, the sum of each band of columns.
            var columnSums = new int[Grid * width];
            var rowSums = new int[height * Grid];
            for (var band = 0; band < Grid; band++)
            {
                for (var y = band * height / Grid; y < (band + 1) * height / Grid; y++)
                {
                    var line = frame.Slice(y * width, width);
                    Accumulate(line, columnSums.AsSpan(band * width, width));
                    for (var cell = 0; cell < Grid; cell++)
                    {
                        rowSums[y * Grid + cell] = Sum(line[(cell * width / Grid)..((cell + 1) * width / Grid)]);
                    }
                }
            }

            var profiles = new Profiles();
            for (var region = 0; region < Grid * Grid; region++)
            {
                var (cell, band) = (region % Grid, region / Grid);
                var (x0, x1) = (cell * width / Grid, (cell + 1) * width / Grid);
                var (y0, y1) = (band * height / Grid, (band + 1) * height / Grid);
                profiles.columns[region] = Slope(x1 - x0, i => columnSums[band * width + x0 + i] / (double)(y1 - y0));
                profiles.rows[region] = Slope(y1 - y0, i => rowSums[(y0 + i) * Grid + cell] / (double)(x1 - x0));
            }

            return profiles;
        }

        public (double X, double Y) ShiftFrom(Profiles previous, int maxShift)
        {
            var (xs, ys) = (new List<double>(), new List<double>());
            for (var region = 0; region < Grid * Grid; region++)
            {
                if (Shift(columns[region], previous.columns[region], maxShift) is { } x)
                {
                    xs.Add(x);
                }

                if (Shift(rows[region], previous.rows[region], maxShift) is { } y)
                {
                    ys.Add(y);
                }
            }

            return (Median(xs), Median(ys));
        }

        /// <summary>
        /// The shift s for which current[i] best matches previous[i + s], or null for a flat profile; the search keeps at
        /// least half of the profile overlapping.
        /// </summary>
        private static double? Shift(double[] current, double[] previous, int maxShift)
        {
            if (Spread(current) < MinTexture || Spread(previous) < MinTexture)
            {
                return null;
            }

            var reach = Math.Min(maxShift, current.Length / 2);
            var errors = new double[2 * reach + 1];
            var best = 0;
            for (var shift = -reach; shift <= reach; shift++)
            {
                var (from, to) = (Math.Max(0, -shift), Math.Min(current.Length, previous.Length - shift));
                var error = 0.0;
                for (var i = from; i < to; i++)
                {
                    var difference = current[i] - previous[i + shift];
                    error += difference * difference;
                }

                errors[shift + reach] = error / (to - from);
                if (errors[shift + reach] < errors[best])
                {
                    best = shift + reach;
                }
            }

            if (best == 0 || best == errors.Length - 1)
            {
                return best - reach;
            }

            // The vertex of the parabola through the best error and its neighbours.
            var (left, middle, right) = (errors[best - 1], errors[best], errors[best + 1]);
            var curvature = left - 2 * middle + right;
            return best - reach + (curvature > 0 ? (left - right) / (2 * curvature) : 0);
        }

        /// <summary>Adds each pixel of <paramref name="line"/> to its column's sum, a vector of pixels at a time.</summary>
        private static void Accumulate(ReadOnlySpan<byte> line, Span<int> sums)
        {
            var targets = MemoryMarshal.Cast<int, uint>(sums);
            var lane = Vector<uint>.Count;
            var x = 0;
            for (; x <= line.Length - Vector<byte>.Count; x += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(line[x..]), out var low, out var high);
                Vector.Widen(low, out var first, out var second);
                Vector.Widen(high, out var third, out var fourth);
                (new Vector<uint>(targets[x..]) + first).CopyTo(targets[x..]);
                (new Vector<uint>(targets[(x + lane)..]) + second).CopyTo(targets[(x + lane)..]);
                (new Vector<uint>(targets[(x + 2 * lane)..]) + third).CopyTo(targets[(x + 2 * lane)..]);
                (new Vector<uint>(targets[(x + 3 * lane)..]) + fourth).CopyTo(targets[(x + 3 * lane)..]);
            }

            for (; x < line.Length; x++)
            {
                sums[x] += line[x];
            }
        }

        /// <summary>The sum of a stretch of pixels (a stretch of up to a few thousand: the lanes add up in 16 bits).</summary>
        private static int Sum(ReadOnlySpan<byte> pixels)
        {
            var lanes = Vector<ushort>.Zero;
            var x = 0;
            for (; x <= pixels.Length - Vector<byte>.Count; x += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(pixels[x..]), out var low, out var high);
                lanes += low + high;
            }

            Vector.Widen(lanes, out var first, out var second);
            var sum = (int)Vector.Sum(first + second);
            for (; x < pixels.Length; x++)
            {
                sum += pixels[x];
            }

            return sum;
        }

        /// <summary>
        /// The slope, pixel to pixel, of a profile of <paramref name="length"/> means: what lines up is the pattern,
        /// whatever the light does to its level.
        /// </summary>
        private static double[] Slope(int length, Func<int, double> mean)
        {
            var slope = new double[length - 1];
            for (var i = 0; i < slope.Length; i++)
            {
                slope[i] = mean(i + 1) - mean(i);
            }

            return slope;
        }

        /// <summary>How much a slope profile varies: an even gradient (a sky) has a constant slope, and nothing to line up.</summary>
        private static double Spread(double[] slope)
        {
            var mean = slope.Average();
            return slope.Average(value => Math.Abs(value - mean));
        }

        private static double Median(List<double> values)
        {
            if (values.Count == 0)
            {
                return 0;
            }

            values.Sort();
            return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
        }
    }
}
