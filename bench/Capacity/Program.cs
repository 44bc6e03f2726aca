using System.Globalization;
using SoraFunctions.Bench;

// Generation capacity, measured here and simulated at internet scale.
// Here (Live): six 4 s clips at once with the generator's slots on (this machine's own count) and off (as many slots as
// clips: every job starts at once, as before there were slots), side by side in each run; medians of the runs.
var runs = args is ["--runs", var count, ..] ? int.Parse(count, CultureInfo.InvariantCulture) : 3;
var on = new List<Live.Result>();
var off = new List<Live.Result>();
for (var run = 0; run < runs; run++)
{
    foreach (var (slots, results) in new[] { ((int?)null, on), (Live.Clips, off) })
    {
        var result = await Live.RunAsync(slots);
        results.Add(result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {run}, slots {(slots is null ? "on" : "off")}: alone {result.AloneS:0.0} s; six at once: first {result.FirstS:0.0} s, mean {result.MeanS:0.0} s, last {result.LastS:0.0} s; worst estimate off by {result.WorstEtaErrorPct:0} %"));
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"mean_done_ratio={Timing.Median(on.Zip(off, (a, b) => a.MeanS / b.MeanS)):0.00} eta_error_pct={Timing.Median(on.Select(r => r.WorstEtaErrorPct)):0}"));
