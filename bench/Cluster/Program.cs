using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using SoraFunctions.Bench;

// The cloud profile as a user runs it: ./sora emulators, then one, two and three ./sora serve processes on one data
// folder (one service), each configuration on fresh emulators.
// - clips_per_min_N: six 4 s clips asked at once, round-robin over N instances; clips published a minute, from the
//   first request to the last clip published.
// - recovery: with three instances, three more clips; as soon as one instance has started a render, it is killed with
//   all it started (SIGKILL to its process group) and started again; recovery_s is the time from the kill until every
//   clip is published; lost counts clips not published, duplicated those with more than one Published event.
// Medians of the runs (--runs N, default 3).
var runs = args is ["--runs", var count] ? int.Parse(count, CultureInfo.InvariantCulture) : 3;
const int Clips = 6;
const int RecoveryClips = 3;
var perMinute = new Dictionary<int, List<double>> { [1] = [], [2] = [], [3] = [] };
var recoveries = new List<double>();
var (lost, duplicated) = (0, 0);
var root = Directory.CreateTempSubdirectory("sora-bench-cluster-");
try
{
    await Commands.RunAsync(Commands.Sora, ["list", "--data", Path.Combine(root.FullName, "build")]); // built once, before timing
    for (var run = 0; run < runs; run++)
    {
        foreach (var instances in new[] { 1, 2, 3 })
        {
            await using var cluster = await Cluster.StartAsync(Path.Combine(root.FullName, $"{run}-{instances}"), instances);
            var clock = Stopwatch.StartNew();
            var ids = await Task.WhenAll(Enumerable.Range(0, Clips).Select(i => cluster.AskAsync(i % instances, $"A paper lantern floats over a dark lake, take {i}")));
            var published = await Task.WhenAll(ids.Select(id => cluster.PublishedAsync(id)));
            perMinute[instances].Add(published.Count(ok => ok) / clock.Elapsed.TotalMinutes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}, {instances} instance(s): {Clips} clips in {clock.Elapsed.TotalSeconds:F0} s, {perMinute[instances][^1]:F2} clips/min"));
            if (instances < 3)
            {
                continue;
            }

            var more = await Task.WhenAll(Enumerable.Range(0, RecoveryClips).Select(i => cluster.AskAsync(i, $"A kite over a windy hill, take {i}")));
            var victim = await cluster.FirstToRenderAsync();
            var killed = Stopwatch.StartNew();
            cluster.Kill(victim);
            await Task.Delay(TimeSpan.FromSeconds(2));
            await cluster.RestartAsync(victim);
            var done = await Task.WhenAll(more.Select(id => cluster.PublishedAsync(id)));
            recoveries.Add(killed.Elapsed.TotalSeconds);
            lost += done.Count(ok => !ok);
            duplicated += await cluster.DuplicatedAsync([.. ids, .. more]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: instance {victim} killed while it rendered; every clip published {recoveries[^1]:F0} s later, lost {done.Count(ok => !ok)}"));
        }
    }
}
finally
{
    root.Delete(recursive: true);
}

double Median(IEnumerable<double> values) => Timing.Median(values);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"clips_per_min_1={Median(perMinute[1]):F2} clips_per_min_2={Median(perMinute[2]):F2} clips_per_min_3={Median(perMinute[3]):F2} recovery_s={Median(recoveries):F0} lost={lost} duplicated={duplicated}"));

/// <summary>The emulators and N servers on one data folder, each in a process group of its own.</summary>
internal sealed class Cluster : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private readonly string data;
    private readonly Process emulators;
    private readonly List<(Process Process, HttpClient Http, List<string> Log)> servers = [];
    private string key = "";

    private Cluster(string data, Process emulators) => (this.data, this.emulators) = (data, emulators);

    public static async Task<Cluster> StartAsync(string data, int instances)
    {
        var cluster = new Cluster(data, Start("emulators", "--data", data));
        try
        {
            await WaitForLineAsync(cluster.emulators, "the cloud profile's settings are in", []);
            // It prints the key's id and name, then the key.
            cluster.key = (await Commands.RunAsync(Commands.Sora, ["key", "create", "bench", "--data", data])).Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
            for (var i = 0; i < instances; i++)
            {
                cluster.servers.Add(await cluster.ServeAsync());
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task<string> AskAsync(int instance, string prompt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/videos") { Content = JsonContent.Create(new { prompt, seconds = "4" }) };
        request.Headers.Add("Idempotency-Key", prompt);
        var response = await servers[instance].Http.SendAsync(request);
        var video = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.IsSuccessStatusCode ? video.GetProperty("id").GetString()! : throw new InvalidOperationException($"{prompt}: {video}");
    }

    /// <summary>Whether the clip was published (false: failed, or not done in time), asked of whichever instance is up.</summary>
    public async Task<bool> PublishedAsync(string id)
    {
        var deadline = DateTime.UtcNow + Patience;
        for (var attempt = 0; DateTime.UtcNow < deadline; attempt++)
        {
            try
            {
                var video = await servers[attempt % servers.Count].Http.GetFromJsonAsync<JsonElement>($"/v1/videos/{id}");
                if (video.GetProperty("status").GetString() is "completed" or "failed")
                {
                    return video.GetProperty("status").GetString() == "completed";
                }
            }
            catch (HttpRequestException)
            {
                // that instance is down: ask another
            }

            await Task.Delay(500);
        }

        return false;
    }

    /// <summary>The instance that started a render first (its log says so).</summary>
    public async Task<int> FirstToRenderAsync()
    {
        while (true)
        {
            for (var i = 0; i < servers.Count; i++)
            {
                lock (servers[i].Log)
                {
                    if (servers[i].Log.Any(line => line.Contains("Started job", StringComparison.Ordinal)))
                    {
                        return i;
                    }
                }
            }

            await Task.Delay(100);
        }
    }

    public void Kill(int instance) => Signal("-KILL", servers[instance].Process);

    public async Task RestartAsync(int instance) => servers[instance] = await ServeAsync();

    /// <summary>How many of the clips had more than one Published event delivered.</summary>
    public async Task<int> DuplicatedAsync(IReadOnlyList<string> ids)
    {
        await Task.Delay(TimeSpan.FromSeconds(5)); // the last events' delivery
        var lines = await File.ReadAllLinesAsync(Path.Combine(data, "events.jsonl"));
        var published = lines.Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "SoraFunctions.Video.Published")
            .GroupBy(e => e.GetProperty("data").GetProperty("videoId").GetString())
            .ToDictionary(g => g.Key!, g => g.Count());
        return ids.Count(id => published.GetValueOrDefault(id) > 1);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in servers)
        {
            Signal("-TERM", server.Process);
            await server.Process.WaitForExitAsync();
        }

        Signal("-TERM", emulators);
        await emulators.WaitForExitAsync();
    }

    private async Task<(Process, HttpClient, List<string>)> ServeAsync()
    {
        var process = Start("serve", "--port", "0", "--data", data);
        var log = new List<string>();
        var line = await WaitForLineAsync(process, "serving ", log);
        var http = new HttpClient { BaseAddress = new Uri(line.Split(' ')[3].TrimEnd(',')) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return (process, http, log);
    }

    /// <summary>Reads the process's output until a line starting with <paramref name="prefix"/>; the rest goes to <paramref name="log"/>.</summary>
    private static async Task<string> WaitForLineAsync(Process process, string prefix, List<string> log)
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                _ = Task.Run(async () =>
                {
                    while (await process.StandardOutput.ReadLineAsync() is { } next)
                    {
                        lock (log)
                        {
                            log.Add(next);
                        }
                    }
                });
                return line;
            }
        }

        throw new InvalidOperationException($"./sora {process.StartInfo.ArgumentList[1]} stopped before it said \"{prefix}\".");
    }

    /// <summary>./sora in a process group of its own, so that it is stopped or killed with all it started.</summary>
    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("setsid") { ArgumentList = { Commands.Sora }, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Logging__LogLevel__Default"] = "Information";
        return Process.Start(start)!;
    }

    private static void Signal(string signal, Process leader)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, "--", $"-{leader.Id}"]) { RedirectStandardError = true })!;
        kill.StandardError.ReadToEnd();
        kill.WaitForExit();
    }
}
