using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SoraFunctions.Api;
using SoraFunctions.Bench;
using SoraFunctions.Local.Cli;

// The browser app's speed: headless Chromium (Debian's) against the local server on loopback, over a data folder where
// a creator the viewer follows has posted three clips (rendered by the pipeline first). Five runs, each in a fresh
// browser context (nothing cached) signed in as the viewer, timed inside the page:
// - first_play: from the navigation to the Following feed to its first clip playing (performance.now() counts from the
//   navigation's start; the 'playing' event);
// - next_play: from ArrowDown to the next clip playing (the app preloads it while the first plays);
// - progress: from pressing Create to the first finished step on screen (streamed by server-sent events); the clip is
//   then deleted, which stops its pipeline, so that no run renders behind the next.
// Last line: the medians.
const int Runs = 5;
const int Posts = 3;
const string Password = "a long enough password";

var data = Directory.CreateTempSubdirectory("sora-bench-web-").FullName;
var app = LocalHost.ForServer(data, port: 0);
await app.StartAsync();
try
{
    var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    var creator = await MemberAsync("creator");
    var viewer = await MemberAsync("viewer");
    (await viewer.PostAsync("/v1/members/creator/follow", null)).EnsureSuccessStatusCode();
    var made = await Task.WhenAll(Enumerable.Range(0, Posts).Select(i => MakeAsync(creator, $"A paper boat {i} drifts down a rainy street at dusk, close-up, rain patters")));
    foreach (var id in made)
    {
        (await creator.PostAsJsonAsync($"/v1/videos/{id}/post", new { caption = "Boats" })).EnsureSuccessStatusCode();
    }

    while ((await viewer.GetFromJsonAsync<JsonElement>("/v1/feed/following")).GetProperty("data").GetArrayLength() < Posts)
    {
        await Task.Delay(100); // the fan-out is an event's handler
    }

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
    });
    var firstPlays = new List<double>();
    var nextPlays = new List<double>();
    var progresses = new List<double>();
    for (var run = 0; run < Runs; run++)
    {
        await using var context = await browser.NewContextAsync(new() { BaseURL = address.ToString(), ViewportSize = new() { Width = 390, Height = 844 } });
        var signedIn = await context.APIRequest.PostAsync("/v1/sessions", new() { DataObject = new { username = "viewer", password = Password } });
        if (!signedIn.Ok)
        {
            throw new InvalidOperationException($"Signing the viewer in answered {signedIn.Status}.");
        }

        await context.AddInitScriptAsync("""
            window.plays = [];
            document.addEventListener('playing', event => window.plays.push({ src: event.target.currentSrc, at: performance.now() }), true);
            document.addEventListener('keydown', event => { if (event.key === 'ArrowDown') window.swiped = performance.now(); }, true);
            """);
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

        firstPlays.Add(firstPlay);
        nextPlays.Add(nextPlay);
        progresses.Add(progress);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run + 1}: first_play_ms={firstPlay:F0} next_play_ms={nextPlay:F0} progress_ms={progress:F0} (\"{firstStep}\")"));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"first_play_ms={Timing.Median(firstPlays):F0} next_play_ms={Timing.Median(nextPlays):F0} progress_ms={Timing.Median(progresses):F0}"));

    /// A member joined with an invite of the machine's own, and a client with their API key.
    async Task<HttpClient> MemberAsync(string username)
    {
        var accounts = app.Services.GetRequiredService<Accounts>();
        var invite = (await accounts.MintInvitesAsync(await accounts.LocalMemberAsync(default), 1, default))[0];
        var member = await accounts.JoinAsync(invite.Code, username, "1990-04-01", Password, default);
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await accounts.CreateKeyAsync(member, "bench", default)).Token);
        return client;
    }

    /// A 4 s portrait clip rendered to the end: its id.
    async Task<string> MakeAsync(HttpClient client, string prompt)
    {
        var created = await (await client.PostAsJsonAsync("/v1/videos", new { prompt, seconds = "4", size = "720x1280" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        while (true)
        {
            var status = (await client.GetFromJsonAsync<JsonElement>($"/v1/videos/{id}")).GetProperty("status").GetString();
            if (status == "completed")
            {
                return id;
            }

            if (status == "failed")
            {
                throw new InvalidOperationException($"The seed clip {id} failed.");
            }

            await Task.Delay(250);
        }
    }
}
finally
{
    await app.StopAsync();
    await app.DisposeAsync();
    Directory.Delete(data, recursive: true);
}
