using Microsoft.Extensions.Time.Testing;
using SoraFunctions.Core.Capacity;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Bench;

/// <summary>
/// A day of clips through the service's own queue (<see cref="GenerationQueue"/>: its fair order, its grants, its checks),
/// a discrete-event simulation on a clock moved by hand, over a pool of GPUs. The day: arrivals on a diurnal curve
/// (evening peak 1.6 times the mean, night trough 0.4), a viral burst (5% of the day's clips in 15 minutes at 20:00, a fifth
/// of them from one member), members' shares heavy-tailed (Zipf, s = 1.1, one member per five clips), lengths 4–20 s
/// (40/30/15/10/5%), 85% sora-2 and 15% sora-2-pro. A job takes its clip-seconds times the model's seconds per clip-second
/// on one GPU (<see cref="Models"/>), give or take 15%; the pool is fixed for the day, one job a GPU.
/// </summary>
internal static class Simulation
{
    public const double Day = 86_400;

    /// <summary>The p99 wait the pool is sized for.</summary>
    public const double TargetP99 = 60;

    /// <summary>
    /// GPU seconds per second of 720p clip. sora-2 as LTX-Video (5 s of 768×512 in 2 s on one H100, arXiv:2501.00103),
    /// scaled by pixels to 720×1280 (2.34×): 0.94. sora-2-pro as HunyuanVideo (129 frames, 5.4 s, of 1280×720 in 1,904 s on
    /// one GPU, its README's xDiT table): 354.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, double> Models = new Dictionary<string, double>
    {
        [VideoCatalog.Sora2] = 2.0 / 5 * (720.0 * 1280 / (768 * 512)),
        [VideoCatalog.Sora2Pro] = 1904.08 / (129 / 24.0),
    };

    /// <summary>One GPU-hour: an ND96isr H100 v5 (8 H100) at ~$98 an hour pay-as-you-go.</summary>
    public const double GpuHourDollars = 98.0 / 8;

    public sealed record Clip(string Id, string Member, string Model, int Seconds, double At, double Work, bool Burst, bool Flood);

    public sealed record Outcome(
        int Gpus, int Clips, int Started, double P50, double P99, double Utilization, double BurstWorstMemberWait, double FloodMedianWait, bool Aborted)
    {
        /// <summary>What a clip costs with the pool paid all day.</summary>
        public double DollarsPerClip => Gpus * GpuHourDollars * Day / 3600 / Clips;

        /// <summary>What a clip costs with only its own GPU-seconds paid (per-second billing, as Container Apps' consumption GPUs).</summary>
        public double DollarsPerClipBusy => DollarsPerClip * Utilization;

        public bool Meets => !Aborted && P99 <= TargetP99;
    }

    /// <summary>The day's clips, in order of arrival, the same for a seed.</summary>
    public static IReadOnlyList<Clip> Arrivals(int perDay, int seed = 2026)
    {
        var random = new Random(seed);
        var members = Math.Max(1, perDay / 5);
        var zipf = Zipf(members, 1.1);
        var burst = perDay / 20;
        var clips = new List<Clip>(perDay);
        for (var i = 0; i < perDay - burst; i++)
        {
            double at;
            do
            {
                at = random.NextDouble() * Day;
            }
            while (random.NextDouble() * 1.6 > Diurnal(at));

            clips.Add(Make(i, at, burst: false));
        }

        for (var i = 0; i < burst; i++)
        {
            clips.Add(Make(perDay - burst + i, (20 * 3600) + (random.NextDouble() * 900), burst: true));
        }

        clips.Sort((a, b) => a.At.CompareTo(b.At));
        return clips;

        Clip Make(int i, double at, bool burst)
        {
            var flood = burst && random.NextDouble() < 0.2;
            var member = flood ? "member_viral" : $"member_{Pick(zipf, random.NextDouble())}";
            var model = random.NextDouble() < 0.85 ? VideoCatalog.Sora2 : VideoCatalog.Sora2Pro;
            var seconds = random.NextDouble() switch { < 0.40 => 4, < 0.70 => 8, < 0.85 => 12, < 0.95 => 16, _ => 20 };
            var work = seconds * Models[model] * (0.85 + (random.NextDouble() * 0.3));
            return new Clip($"video_{i:D8}", member, model, seconds, at, work, burst, flood);
        }
    }

    /// <summary>
    /// Runs the day on <paramref name="gpus"/>; when <paramref name="sizing"/>, gives up (<see cref="Outcome.Aborted"/>) once
    /// more than 1% of the day's clips have waited past the target, the pool being too small for it.
    /// <paramref name="firstComeFirstServed"/> asks each clip as a member of its own, which makes the fair order plain
    /// arrival order: the same day without fairness, to compare.
    /// </summary>
    public static async Task<Outcome> RunAsync(IReadOnlyList<Clip> clips, int gpus, bool firstComeFirstServed = false, bool sizing = false)
    {
        var start = new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        var queue = new GenerationQueue(new MemoryQueueStore(), new AlwaysRunning(), new GenerationPool("gpu", gpus), clock);
        var byId = clips.ToDictionary(clip => clip.Id);
        var waits = new Dictionary<string, double>(clips.Count);
        var ends = new PriorityQueue<string, double>();
        var busy = 0.0;
        var late = 0;
        var tooLate = sizing ? clips.Count / 100 : int.MaxValue;

        async Task StartAsync(IReadOnlyList<string> granted, double now)
        {
            foreach (var id in granted)
            {
                await queue.StartAsync(id, id);
                var clip = byId[id];
                waits[id] = now - clip.At;
                late += waits[id] > TargetP99 ? 1 : 0;
                busy += clip.Work;
                ends.Enqueue(id, now + clip.Work);
            }
        }

        var next = 0;
        while ((next < clips.Count || ends.Count > 0) && late <= tooLate)
        {
            if (next < clips.Count && (ends.Count == 0 || ends.TryPeek(out _, out var end) && clips[next].At <= end))
            {
                var clip = clips[next++];
                clock.SetUtcNow(start.AddSeconds(clip.At));
                var member = firstComeFirstServed ? clip.Id : clip.Member;
                await StartAsync((await queue.EnqueueAsync(clip.Id, member, clip.Model, VideoCatalog.DefaultSize, clip.Seconds, 1)).Granted, clip.At);
            }
            else
            {
                ends.TryDequeue(out var id, out var at);
                clock.SetUtcNow(start.AddSeconds(at));
                await StartAsync((await queue.ReleaseAsync(id!, id!, rendered: true)).Granted, at);
            }
        }

        Console.Error.WriteLine($"  {clips.Count:N0} clips/day on {gpus:N0} GPUs{(firstComeFirstServed ? ", first come first served" : "")}: {(late > clips.Count / 100 ? "too few" : "enough")}");
        var sorted = waits.Values.Order().ToList();
        var burst = clips.Where(clip => clip.Burst && waits.ContainsKey(clip.Id)).ToList();
        return new Outcome(
            gpus, clips.Count, waits.Count,
            Percentile(sorted, 0.50), Percentile(sorted, 0.99), busy / (gpus * Day),
            burst.Where(clip => !clip.Flood).GroupBy(clip => clip.Member).Select(member => waits[member.First().Id]).DefaultIfEmpty().Max(),
            Percentile([.. burst.Where(clip => clip.Flood).Select(clip => waits[clip.Id]).Order()], 0.5),
            late > tooLate);
    }

    /// <summary>The fewest GPUs whose day keeps the p99 wait within the target, found by doubling and then halving the gap.</summary>
    public static async Task<Outcome> SizeAsync(IReadOnlyList<Clip> clips)
    {
        var load = clips.Sum(clip => clip.Work) / Day;
        var low = Math.Max(1, (int)load);
        var high = low;
        Outcome fits;
        while (!(fits = await RunAsync(clips, high, sizing: true)).Meets)
        {
            low = high;
            high *= 2;
        }

        while (high - low > Math.Max(1, low / 100))
        {
            var middle = (low + high) / 2;
            var outcome = await RunAsync(clips, middle, sizing: true);
            (low, high, fits) = outcome.Meets ? (low, middle, outcome) : (middle, high, fits);
        }

        return fits;
    }

    private static double Diurnal(double at) => 1 + (0.6 * Math.Sin(2 * Math.PI * ((at / Day) - 0.5)));

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : Timing.Percentile(sorted, p);

    private static double[] Zipf(int n, double s)
    {
        var cumulative = new double[n];
        var sum = 0.0;
        for (var k = 0; k < n; k++)
        {
            cumulative[k] = sum += 1 / Math.Pow(k + 1, s);
        }

        for (var k = 0; k < n; k++)
        {
            cumulative[k] /= sum;
        }

        return cumulative;
    }

    private static int Pick(double[] cumulative, double u)
    {
        var index = Array.BinarySearch(cumulative, u);
        return index >= 0 ? index : Math.Min(~index, cumulative.Length - 1);
    }

    /// <summary>Every job runs until the simulation ends it: none dies unreported here.</summary>
    private sealed class AlwaysRunning : IJobLauncher
    {
        public Task StartAsync(GenerationJob job, CancellationToken cancellation = default) => Task.CompletedTask;

        public Task<JobStatus> GetStatusAsync(string jobId, CancellationToken cancellation = default) => Task.FromResult(new JobStatus(JobState.Running));

        public Task StopAsync(string jobId, CancellationToken cancellation = default) => Task.CompletedTask;
    }
}
