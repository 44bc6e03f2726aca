using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoraFunctions.Orchestrations.Embedded;
using SoraFunctions.Orchestrations.Scenarios;

namespace SoraFunctions.Orchestrations.Tests.Embedded;

/// <summary>A started embedded engine on a database file that outlives it, so a test can stop and restart it.</summary>
internal sealed class TestEngine : IScenarioEngine
{
    private readonly IHost host;

    private TestEngine(IHost host) => this.host = host;

    public OrchestrationClient Client => host.Services.GetRequiredService<OrchestrationClient>();

    public SqliteOrchestrationStore Store => host.Services.GetRequiredService<SqliteOrchestrationStore>();

    public IServiceProvider Services => host.Services;

    public static async Task<TestEngine> StartAsync(
        string databasePath,
        Action<OrchestrationRegistry> register,
        Action<IServiceCollection>? services = null,
        Action<EmbeddedEngineOptions>? configure = null,
        TimeSpan? shutdownTimeout = null,
        ILoggerProvider? logs = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(30));
        builder.Services.Configure<EmbeddedEngineOptions>(options =>
        {
            options.DatabasePath = databasePath;
            configure?.Invoke(options);
        });
        builder.Services.AddOrchestrations(register);
        services?.Invoke(builder.Services);
        builder.Services.AddEmbeddedOrchestrationEngine();

        var host = builder.Build();
        await host.StartAsync();
        return new TestEngine(host);
    }

    public async Task<OrchestrationMetadata> RunAsync(string orchestrator, object? input = null, string? instanceId = null)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId));
        return await WaitAsync(id);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>Polls until the instance reaches a state; for waits that only another process or a timer ends.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not met within 30 seconds.");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}

/// <summary>A database file in a fresh temporary folder, removed with the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sora-test-").FullName;

    public string Database => System.IO.Path.Combine(Path, "engine.db");

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
