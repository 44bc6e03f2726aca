using System.Globalization;
using SoraFunctions.Bench;

// Generation capacity, measured here and simulated at internet scale.
// - Here (Live): six 4 s clips at once with the generator's slots on (this machine's own count) and off (as many slots as
//   clips: every job starts at once, as before there were slots), side by side in each run; medians of the runs
//   (--runs N, default 3). mean_done_ratio: the six clips' mean time to finished, on ÷ off; eta_error_pct: the worst
//   first estimate's error, in % of the clip's time to finished, with slots on.
// - At scale (Simulation): the pool of GPUs that keeps the day's p99 wait under a minute at 10,000 and 1,000,000 clips a
//   day, found by running the day through the queue's own code; burst_worst_member_wait_s: at 1,000,000 a day, the
//   longest any member other than the viral one waited for their first clip of the burst.
// --sim-only skips the live part (it takes minutes of rendering).
var runs = args.SkipWhile(arg => arg != "--runs").Skip(1).Select(value => int.Parse(value, CultureInfo.InvariantCulture)).FirstOrDefault(3);
var live = !args.Contains("--sim-only");
var on = new List<Live.Result>();
var off = new List<Live.Result>();
for (var run = 0; live && run < runs; run++)
{
    foreach (var (slots, results) in new[] { ((int?)null, on), (Live.Clips, off) })
    {
        var result = await Live.RunAsync(slots);
        results.Add(result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {run}, slots {(slots is null ? "on" : "off")}: alone {result.AloneS:0.0} s; six at once: first {result.FirstS:0.0} s, mean {result.MeanS:0.0} s, last {result.LastS:0.0} s; worst first estimate off by {result.WorstEtaErrorPct:0} %"));
    }
}

var sized = new Dictionary<int, Simulation.Outcome>();
var rows = new List<string>();
foreach (var perDay in new[] { 10_000, 1_000_000 })
{
    var day = Simulation.Arrivals(perDay);
    var outcome = sized[perDay] = await Simulation.SizeAsync(day);
    var unfair = await Simulation.RunAsync(day, outcome.Gpus, firstComeFirstServed: true);
    rows.Add(string.Create(CultureInfo.InvariantCulture,
        $"| {perDay:N0} | {outcome.Gpus:N0} | {outcome.P50:0} s ({unfair.P50:0} s) | {outcome.P99:0} s ({unfair.P99:0} s) | {outcome.Utilization:P0} | {outcome.BurstWorstMemberWait:0} s ({unfair.BurstWorstMemberWait:0} s) | {outcome.FloodMedianWait:0} s ({unfair.FloodMedianWait:0} s) | ${outcome.DollarsPerClip:0.00} (${outcome.DollarsPerClipBusy:0.00}) |"));
}

Console.WriteLine("| clips a day | GPUs for p99 wait < 60 s | p50 wait (first come first served) | p99 wait (fcfs) | GPUs busy | burst: the worst-off member's first clip (fcfs) | burst: the viral member's median (fcfs) | $ a clip, pool paid all day (GPU-seconds used only) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
rows.ForEach(Console.WriteLine);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"mean_done_ratio={(live ? Timing.Median(on.Zip(off, (a, b) => a.MeanS / b.MeanS)).ToString("0.00", CultureInfo.InvariantCulture) : "-")} " +
    $"eta_error_pct={(live ? Timing.Median(on.Select(r => r.WorstEtaErrorPct)).ToString("0", CultureInfo.InvariantCulture) : "-")} " +
    $"gpus_10k_per_day={sized[10_000].Gpus} gpus_1m_per_day={sized[1_000_000].Gpus} burst_worst_member_wait_s={sized[1_000_000].BurstWorstMemberWait:0.0}"));
