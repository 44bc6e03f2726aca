namespace SoraFunctions.Media.Likeness;

/// <summary>
/// Local binary patterns (Ojala et al.), the features of OpenCV's LBPH face recognizer: each pixel of the equalized
/// face is coded by which of its 8 neighbours are at least as bright; the codes are counted per cell of an 8×8 grid,
/// the 58 "uniform" codes (at most two bright/dark transitions around the circle: edges, corners, spots) in a bin each
/// and every other code in one more; each cell's counts are normalized.
/// </summary>
internal static class LocalBinaryPatterns
{
    public const int Side = 96;
    private const int Grid = 8;
    private const int Bins = 59;

    public const int Length = Grid * Grid * Bins;

    private static readonly byte[] BinOf = UniformBins();

    public static float[] Histogram(byte[] pixels)
    {
        var histogram = new float[Length];
        const int Cell = Side / Grid;
        for (var y = 1; y < Side - 1; y++)
        {
            for (var x = 1; x < Side - 1; x++)
            {
                var center = pixels[y * Side + x];
                var code = 0;
                code |= (pixels[(y - 1) * Side + x - 1] >= center ? 1 : 0) << 7;
                code |= (pixels[(y - 1) * Side + x] >= center ? 1 : 0) << 6;
                code |= (pixels[(y - 1) * Side + x + 1] >= center ? 1 : 0) << 5;
                code |= (pixels[y * Side + x + 1] >= center ? 1 : 0) << 4;
                code |= (pixels[(y + 1) * Side + x + 1] >= center ? 1 : 0) << 3;
                code |= (pixels[(y + 1) * Side + x] >= center ? 1 : 0) << 2;
                code |= (pixels[(y + 1) * Side + x - 1] >= center ? 1 : 0) << 1;
                code |= pixels[y * Side + x - 1] >= center ? 1 : 0;
                var cell = Math.Min(y / Cell, Grid - 1) * Grid + Math.Min(x / Cell, Grid - 1);
                histogram[cell * Bins + BinOf[code]]++;
            }
        }

        for (var cell = 0; cell < Grid * Grid; cell++)
        {
            var total = 0f;
            for (var bin = 0; bin < Bins; bin++)
            {
                total += histogram[cell * Bins + bin];
            }

            for (var bin = 0; bin < Bins && total > 0; bin++)
            {
                histogram[cell * Bins + bin] /= total;
            }
        }

        return histogram;
    }

    private static byte[] UniformBins()
    {
        var bins = new byte[256];
        byte next = 0;
        for (var code = 0; code < 256; code++)
        {
            var transitions = System.Numerics.BitOperations.PopCount((uint)(code ^ ((code << 1 | code >> 7) & 0xFF)));
            bins[code] = transitions <= 2 ? next++ : (byte)(Bins - 1);
        }

        return bins;
    }
}
