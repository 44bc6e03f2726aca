using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace SoraFunctions.Bench;

/// <summary>
/// Six 4 s clips asked for at once on the local server (three members, two each), with the generator's slots as
/// configured (<c>Sora__Generation__Slots</c>: none set is the machine's own count) — after one clip alone, which is the
/// reference and the estimates' first measurement. Each clip is followed every 250 ms: when it was seen finished, and
/// the first completion estimate it was given.
/// </summary>
internal static class Live
{
    public const int Clips = 6;

    /// <summary>Seconds from asking to finished: the clip alone, the first, mean and last of the six; the worst first estimate's error.</summary>
    public sealed record Result(double AloneS, double FirstS, double MeanS, double LastS, double WorstEtaErrorPct);

    public static async Task<Result> RunAsync(int? slots)
    {
        Environment.SetEnvironmentVariable("Sora__Generation__Slots", slots?.ToString(CultureInfo.InvariantCulture));
        await using var server = await BenchServer.StartAsync(0, "");
        HttpClient[] members = [await server.MemberAsync("avery"), await server.MemberAsync("blake"), await server.MemberAsync("casey")];
        var alone = await FollowAsync(members[0], "A jazz band plays in a dimly lit club while a singer sways at the microphone");
        var six = await Task.WhenAll(Enumerable.Range(0, Clips).Select(i => FollowAsync(members[i % members.Length], $"A golden retriever runs along a beach at sunset, seagulls overhead, take {i}")));
        return new Result(alone.DoneS, six.Min(clip => clip.DoneS), six.Average(clip => clip.DoneS), six.Max(clip => clip.DoneS), six.Max(clip => clip.EtaErrorPct));
    }

    /// <summary>Asks for a 4 s clip and follows it to the end: its seconds from asking to finished, and its first estimate's error (% of that).</summary>
    private static async Task<(double DoneS, double EtaErrorPct)> FollowAsync(HttpClient member, string prompt)
    {
        var clock = Stopwatch.StartNew();
        var asked = DateTimeOffset.UtcNow;
        using var response = await member.PostAsJsonAsync("/v1/videos", new { prompt, seconds = "4", size = "720x1280" });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        DateTimeOffset? estimate = null;
        while (true)
        {
            var video = await member.GetFromJsonAsync<JsonElement>($"/v1/videos/{id}");
            if (estimate is null && video.GetProperty("estimated_completed_at").ValueKind == JsonValueKind.Number)
            {
                estimate = DateTimeOffset.FromUnixTimeSeconds(video.GetProperty("estimated_completed_at").GetInt64());
            }

            switch (video.GetProperty("status").GetString())
            {
                case "completed":
                    var done = clock.Elapsed.TotalSeconds;
                    var error = estimate is { } told ? Math.Abs((told - (asked + clock.Elapsed)).TotalSeconds) / done * 100 : double.NaN;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {id[^6..]} done {done:0.0} s, told {(estimate - asked)?.TotalSeconds:0.0} s"));
                    return (done, error);
                case "failed":
                    throw new InvalidOperationException($"{id} failed: {video.GetProperty("error")}");
            }

            await Task.Delay(250);
        }
    }
}
