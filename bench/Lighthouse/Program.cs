using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using SoraFunctions.Bench;

// Lighthouse 12 (npm, locked in this folder; installed on first run) with its default mobile profile (a mid-range phone:
// the CPU slowed 4×, a slow 4G network simulated) against the local server on loopback, signed in as a viewer with a
// session cookie sent as a header, on the three pages people spend their time on: the Following feed (a creator's
// clips playing), Create and the creator's profile. Three runs a page, each in a fresh Chromium (Debian's, headless);
// per page the median score of each category, 0–100. Last line: each page's scores, and the lowest of all.
const int Runs = 3;
string[] categories = ["performance", "accessibility", "best-practices", "seo"];
(string Name, string Path)[] pages = [("feed", "/#/feed/following"), ("create", "/#/create"), ("profile", "/#/u/creator")];

var folder = Path.Combine(Path.GetDirectoryName(Commands.Sora)!, "bench", "Lighthouse");
if (!File.Exists(Path.Combine(folder, "node_modules", "lighthouse", "cli", "index.js")))
{
    // Its postinstall fetches nothing it needs here: the scripts are skipped, as everywhere in this repository.
    await Commands.RunAsync("npm", ["ci", "--prefix", folder, "--ignore-scripts", "--no-audit", "--no-fund"]);
}

await using var server = await BenchServer.StartAsync(3, "A paper boat {0} drifts down a rainy street at dusk, close-up, rain patters");
using var signIn = new HttpClient { BaseAddress = server.Address };
var session = await signIn.PostAsJsonAsync("/v1/sessions", new { username = "viewer", password = BenchServer.Password });
session.EnsureSuccessStatusCode();
var cookie = string.Join("; ", session.Headers.GetValues("Set-Cookie").Select(header => header.Split(';')[0]));
var headers = JsonSerializer.Serialize(new Dictionary<string, string> { ["Cookie"] = cookie });

var lowest = 100.0;
var summary = new List<string>();
foreach (var (name, path) in pages)
{
    var scores = categories.ToDictionary(category => category, _ => new List<double>());
    for (var run = 0; run < Runs; run++)
    {
        var report = JsonDocument.Parse(await Commands.RunAsync("node", [
            Path.Combine(folder, "node_modules", "lighthouse", "cli", "index.js"), new Uri(server.Address, path).ToString(),
            "--quiet", "--output=json", "--output-path=stdout", $"--only-categories={string.Join(',', categories)}",
            "--chrome-path=/usr/bin/chromium", "--chrome-flags=--headless=new --no-sandbox --autoplay-policy=no-user-gesture-required",
            $"--extra-headers={headers}",
        ])).RootElement;
        foreach (var category in categories)
        {
            scores[category].Add(100 * report.GetProperty("categories").GetProperty(category).GetProperty("score").GetDouble());
        }

        var audits = report.GetProperty("audits");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} run {run + 1}: {string.Join(' ', categories.Select(c => $"{c}={scores[c][^1]:F0}"))} " +
            $"(FCP {audits.GetProperty("first-contentful-paint").GetProperty("displayValue").GetString()}, " +
            $"LCP {audits.GetProperty("largest-contentful-paint").GetProperty("displayValue").GetString()}, " +
            $"CLS {audits.GetProperty("cumulative-layout-shift").GetProperty("displayValue").GetString()})"));
        foreach (var failed in audits.EnumerateObject().Where(audit => audit.Value.TryGetProperty("score", out var score)
            && score.ValueKind == JsonValueKind.Number && score.GetDouble() < 0.9 && audit.Value.GetProperty("scoreDisplayMode").GetString() is "binary" or "numeric"))
        {
            Console.WriteLine($"  below 90: {failed.Name} — {failed.Value.GetProperty("title").GetString()}");
        }
    }

    var medians = categories.ToDictionary(category => category, category => Timing.Median(scores[category]));
    lowest = Math.Min(lowest, medians.Values.Min());
    summary.Add(string.Create(CultureInfo.InvariantCulture, $"{name}={string.Join('/', categories.Select(c => $"{medians[c]:F0}"))}"));
}

Console.WriteLine($"{string.Join(' ', summary)} lowest={lowest.ToString("F0", CultureInfo.InvariantCulture)} (performance/accessibility/best-practices/seo)");
