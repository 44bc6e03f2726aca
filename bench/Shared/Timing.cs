using System.Diagnostics;

namespace SoraFunctions.Bench;

/// <summary>Timing calls: each call's milliseconds after a warm-up, and the percentiles of them.</summary>
internal static class Timing
{
    /// <summary>Runs <paramref name="call"/> <paramref name="count"/> times after a warm-up of up to 50; the times, sorted.</summary>
    public static async Task<List<double>> MeasureAsync(int count, Func<int, Task> call)
    {
        for (var i = 0; i < Math.Min(count, 50); i++)
        {
            await call(i);
        }

        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call(i);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        return times;
    }

    public static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
