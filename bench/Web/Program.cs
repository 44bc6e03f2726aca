using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SoraFunctions.Bench;

// The browser app's speed: headless Chromium (Debian's) against the local server on loopback, over a data folder where
// a creator the viewer follows has posted three clips (rendered by the pipeline first). Five runs, each in a fresh
// browser context (nothing cached) signed in as the viewer, timed inside the page:
// - first_play: from the navigation to the Following feed to its first clip playing (performance.now() counts from the
//   navigation's start; the 'playing' event);
// - next_play: from ArrowDown to the next clip playing (the app preloads it while the first plays);
// - progress: from pressing Create to the first finished step on screen (streamed by server-sent events); the clip is
//   then deleted, which stops its pipeline, so that no run renders behind the next;
// - first_play_phone: first_play again in a fresh context made a mid-range phone on a slow mobile network (Chromium's
//   DevTools protocol: the CPU slowed 4×, 1.6 Mbps down, 750 kbps up, 150 ms added to every round trip; touch, 3×
//   pixels), as Lighthouse's mobile profile has it.
// Last line: the medians.
const int Runs = 5;
const int Posts = 3;

await using var server = await BenchServer.StartAsync(Posts, "A paper boat {0} drifts down a rainy street at dusk, close-up, rain patters");
var (address, viewer) = (server.Address, server.Viewer);
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
});
var firstPlays = new List<double>();
var nextPlays = new List<double>();
var progresses = new List<double>();
var phonePlays = new List<double>();
for (var run = 0; run < Runs; run++)
{
    await using var context = await SignedInAsync(new() { BaseURL = address.ToString(), ViewportSize = new() { Width = 390, Height = 844 } });
    var page = await context.NewPageAsync();
    page.SetDefaultTimeout(60_000);
    await page.GotoAsync("/#/feed/following");
    await page.WaitForFunctionAsync("() => window.plays.length > 0");
    var firstPlay = await page.EvaluateAsync<double>("() => window.plays[0].at");
    await page.WaitForTimeoutAsync(1000); // a person watches a moment before swiping
    await page.Keyboard.PressAsync("ArrowDown");
    await page.WaitForFunctionAsync("() => window.plays.some(p => p.src !== window.plays[0].src && p.at >= window.swiped)");
    var nextPlay = await page.EvaluateAsync<double>("() => window.plays.find(p => p.src !== window.plays[0].src && p.at >= window.swiped).at - window.swiped");

    await page.GotoAsync("/#/create");
    await page.GetByLabel("Prompt").FillAsync($"A lighthouse {run} on a cliff at dusk, waves below, wide shot, wind howls");
    await page.GetByLabel("Duration").SelectOptionAsync("4");
    await page.EvaluateAsync("""
        () => {
          new MutationObserver((_, observer) => {
            const done = document.querySelector('.steps li.done');
            if (done) { observer.disconnect(); window.progressed = performance.now(); window.firstStep = done.textContent; }
          }).observe(document.body, { childList: true, subtree: true });
          window.created = performance.now();
          document.querySelector('form button[type=submit]').click();
        }
        """);
    await page.WaitForFunctionAsync("() => window.progressed");
    var progress = await page.EvaluateAsync<double>("() => window.progressed - window.created");
    var firstStep = await page.EvaluateAsync<string>("() => window.firstStep");
    foreach (var video in (await viewer.GetFromJsonAsync<JsonElement>("/v1/videos")).GetProperty("data").EnumerateArray())
    {
        await viewer.DeleteAsync($"/v1/videos/{video.GetProperty("id").GetString()}");
    }

    await using var phone = await SignedInAsync(new()
    {
        BaseURL = address.ToString(), ViewportSize = new() { Width = 390, Height = 844 }, DeviceScaleFactor = 3, IsMobile = true, HasTouch = true,
    });
    var phonePage = await phone.NewPageAsync();
    phonePage.SetDefaultTimeout(60_000);
    var devTools = await phone.NewCDPSessionAsync(phonePage);
    await devTools.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = 4 });
    await devTools.SendAsync("Network.enable");
    await devTools.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
    {
        ["offline"] = false, ["latency"] = 150, ["downloadThroughput"] = 1_600_000 / 8, ["uploadThroughput"] = 750_000 / 8,
    });
    await phonePage.GotoAsync("/#/feed/following");
    await phonePage.WaitForFunctionAsync("() => window.plays.length > 0");
    var phonePlay = await phonePage.EvaluateAsync<double>("() => window.plays[0].at");

    firstPlays.Add(firstPlay);
    nextPlays.Add(nextPlay);
    progresses.Add(progress);
    phonePlays.Add(phonePlay);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"run {run + 1}: first_play_ms={firstPlay:F0} next_play_ms={nextPlay:F0} progress_ms={progress:F0} (\"{firstStep}\") first_play_phone_ms={phonePlay:F0}"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"first_play_ms={Timing.Median(firstPlays):F0} next_play_ms={Timing.Median(nextPlays):F0} progress_ms={Timing.Median(progresses):F0} first_play_phone_ms={Timing.Median(phonePlays):F0}"));

/// A fresh browser context signed in as the viewer, noting when each clip starts playing and when ArrowDown is pressed.
async Task<IBrowserContext> SignedInAsync(BrowserNewContextOptions options)
{
    var context = await browser.NewContextAsync(options);
    var signedIn = await context.APIRequest.PostAsync("/v1/sessions", new() { DataObject = new { username = "viewer", password = BenchServer.Password } });
    if (!signedIn.Ok)
    {
        throw new InvalidOperationException($"Signing the viewer in answered {signedIn.Status}.");
    }

    await context.AddInitScriptAsync("""
        window.plays = [];
        document.addEventListener('playing', event => window.plays.push({ src: event.target.currentSrc, at: performance.now() }), true);
        document.addEventListener('keydown', event => { if (event.key === 'ArrowDown') window.swiped = performance.now(); }, true);
        """);
    return context;
}
