using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Api;
using SoraFunctions.Api.Contract;

namespace SoraFunctions.Local.Tests;

/// <summary>The API contract on the local server (every prompt refused at screening, so nothing renders).</summary>
public sealed class LocalApiContractTests : VideosApiContract, IAsyncLifetime, IDisposable
{
    private readonly string data = Path.Combine(Directory.CreateTempSubdirectory("sora-contract-").FullName, "data");
    private TestServer server = null!;

    protected override HttpClient Http => server.Http;

    protected override string EventLog => Path.Combine(data, "events.jsonl");

    protected override Accounts Accounts => server.App.Services.GetRequiredService<Accounts>();

    public async Task InitializeAsync()
    {
        await TestServer.RefuseEveryPromptAsync(data, $$"""  "Events": {"WebhookSecret": "{{EventsSecret}}"} """);
        server = await TestServer.StartAsync(data);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(data)!, recursive: true);
}
