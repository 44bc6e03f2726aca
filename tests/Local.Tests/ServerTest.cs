using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Local.Cli;

namespace SoraFunctions.Local.Tests;

/// <summary>The local server on a loopback port over a fresh data folder, and a client for it.</summary>
public abstract class ServerTest : DataFolderTest, IAsyncLifetime
{
    protected WebApplication App { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    /// <summary>Prepares the data folder before the server starts (its settings, say).</summary>
    protected virtual Task PrepareDataAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await PrepareDataAsync();

        App = LocalHost.ForServer(Data, port: 0);
        await App.StartAsync();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    protected static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
