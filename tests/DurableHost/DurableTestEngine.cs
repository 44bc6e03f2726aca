using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SoraFunctions.Azure.Durable;
using SoraFunctions.Orchestrations;
using OrchestrationClient = SoraFunctions.Orchestrations.OrchestrationClient;
using TaskActivityContext = SoraFunctions.Orchestrations.TaskActivityContext;

namespace SoraFunctions.DurableHost;

/// <summary>
/// Durable Task's in-process test host (the real replay engine behind a local gRPC sidecar) running the project's
/// orchestrators and activities as the Functions app does: through <see cref="DurableOrchestrationContext"/> and
/// <see cref="DurableOrchestrationClient"/>, with payloads in <see cref="PayloadSerializer"/>'s JSON shape.
/// </summary>
public sealed class DurableTestEngine : IAsyncDisposable
{
    private readonly DurableTaskTestHost host;

    private DurableTestEngine(DurableTaskTestHost host)
    {
        this.host = host;
        Client = host.Services.GetRequiredService<OrchestrationClient>();
    }

    public OrchestrationClient Client { get; }

    /// <summary>The Durable client itself, as the Functions app's triggers receive it.</summary>
    public DurableTaskClient DurableClient => host.Client;

    public static async Task<DurableTestEngine> StartAsync(Action<OrchestrationRegistry> register, Action<IServiceCollection> configure)
    {
        // The test host's gRPC sidecar is a default host, which logs every request it serves unless its configuration
        // (read from the environment) says otherwise.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        var registry = new OrchestrationRegistry();
        register(registry);
        var converter = new JsonDataConverter(PayloadSerializer.Options);
        IServiceProvider? services = null; // the worker's, once it has started; activities run only after that
        var host = await DurableTaskTestHost.StartAsync(
            tasks => Register(tasks, registry, () => services!),
            new DurableTaskTestHostOptions
            {
                Port = FreePort(),
                ConfigureServices = services =>
                {
                    configure(services);
                    services.AddOrchestrations(register);
                    services.Configure<DurableTaskWorkerOptions>(options => options.DataConverter = converter);
                    services.Configure<DurableTaskClientOptions>(options => options.DataConverter = converter);
                    services.AddSingleton<OrchestrationClient>(sp => new DurableOrchestrationClient(sp.GetRequiredService<DurableTaskClient>()));
                },
            });
        services = host.Services;
        return new DurableTestEngine(host);
    }

    /// <summary>
    /// Each orchestrator and activity as a Durable task of the same name, handed over the way the Functions app's
    /// triggers hand them over (see PipelineFunctions): the orchestrator through the context adapter, the activity
    /// from dependency injection.
    /// </summary>
    private static void Register(DurableTaskRegistry tasks, OrchestrationRegistry registry, Func<IServiceProvider> services)
    {
        foreach (var name in registry.OrchestratorNames)
        {
            tasks.AddOrchestratorFunc<JsonElement?, object?>(name, (context, input) =>
            {
                var orchestrator = registry.CreateOrchestrator(name)!;
                return orchestrator.RunAsync(new DurableOrchestrationContext(context, NullLoggerFactory.Instance), Read(input, orchestrator.InputType));
            });
        }

        foreach (var (name, type) in registry.Activities)
        {
            tasks.AddActivityFunc<JsonElement?, object?>(name, async (context, input) =>
            {
                await using var scope = services().CreateAsyncScope();
                var activity = (IActivity)scope.ServiceProvider.GetRequiredService(type);
                return await activity.RunAsync(new TaskActivityContext(name, context.InstanceId, CancellationToken.None), Read(input, activity.InputType));
            });
        }
    }

    private static object? Read(JsonElement? input, Type type) =>
        input is { ValueKind: not JsonValueKind.Null } json ? json.Deserialize(type, PayloadSerializer.Options) : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
