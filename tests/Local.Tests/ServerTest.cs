using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Api;
using SoraFunctions.Local.Cli;

namespace SoraFunctions.Local.Tests;

/// <summary>The local server on a loopback port over a data folder, and a client for it.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private TestServer(WebApplication app, HttpClient http) => (App, Http) = (app, http);

    public WebApplication App { get; }

    public HttpClient Http { get; }

    /// <summary>Starts the server; <see cref="Http"/> calls it with an API key of the machine's own member.</summary>
    public static async Task<TestServer> StartAsync(string data)
    {
        var app = LocalHost.ForServer(data, port: 0);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var server = new TestServer(app, new HttpClient { BaseAddress = new Uri(address) });
        var accounts = app.Services.GetRequiredService<Accounts>();
        server.Http.DefaultRequestHeaders.Authorization = new("Bearer", (await accounts.CreateKeyAsync(await accounts.LocalMemberAsync(default), "tests", default)).Token);
        return server;
    }

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = Http.BaseAddress };

    /// <summary>
    /// Settings under which every prompt is refused at screening, so that no request renders a clip, with
    /// <paramref name="more"/> (members of the <c>Sora</c> section, e.g. <c>"RateLimit": {…}</c>).
    /// </summary>
    public static Task RefuseEveryPromptAsync(string data, string more = "")
    {
        Directory.CreateDirectory(data);
        return File.WriteAllTextAsync(
            Path.Combine(data, LocalHost.SettingsFile), $$$"""{"Sora": {"Safety": {"BlockedPatterns": ["[\\s\\S]"]}{{{(more.Length > 0 ? ", " + more : "")}}}}}""");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>A test with the local server over a fresh data folder.</summary>
public abstract class ServerTest : DataFolderTest, IAsyncLifetime
{
    private TestServer server = null!;

    protected WebApplication App => server.App;

    protected HttpClient Http => server.Http;

    /// <summary>Prepares the data folder before the server starts (its settings, say).</summary>
    protected virtual Task PrepareDataAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await PrepareDataAsync();
        server = await TestServer.StartAsync(Data);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    protected static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
