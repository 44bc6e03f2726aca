using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Api;
using SoraFunctions.Api.Contract;

namespace SoraFunctions.Local.Tests;

/// <summary>The API contract on the local server (every prompt refused at screening, so nothing renders).</summary>
public sealed class LocalApiContractTests : VideosApiContract, IAsyncLifetime, IDisposable
{
    private readonly string data = Path.Combine(Directory.CreateTempSubdirectory("sora-contract-").FullName, "data");
    private TestServer server = null!;
    private HttpClient http = null!;

    /// <summary>The machine's own member's client, every response held to the API's description.</summary>
    protected override HttpClient Http => http;

    protected override Accounts Accounts => server.App.Services.GetRequiredService<Accounts>();

    public async Task InitializeAsync()
    {
        await TestServer.RefuseEveryPromptAsync(data);
        server = await TestServer.StartAsync(data);
        http = OpenApiConformance.Client(server.Http.BaseAddress!, server.Http);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task What_the_framework_answers_by_itself_is_a_problem_in_both_shapes_too()
    {
        // No such route (the Functions host answers that one itself, with no body).
        var problem = await ReadAsync(await Http.GetAsync("/v1/no/such/route"));

        Assert.Equal("HTTP.NOT_FOUND", problem.GetProperty("code").GetString());
        Assert.Equal(("HTTP.NOT_FOUND", "invalid_request_error"),
            (problem.GetProperty("error").GetProperty("code").GetString(), problem.GetProperty("error").GetProperty("type").GetString()));
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(data)!, recursive: true);
}
