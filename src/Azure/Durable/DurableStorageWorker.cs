using System.Text.Json;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoraFunctions.Orchestrations;
using TaskActivityContext = SoraFunctions.Orchestrations.TaskActivityContext;

namespace SoraFunctions.Azure.Durable;

/// <summary>
/// Runs the registered orchestrators and activities on Durable Task's Azure Storage backend (DurableTask.Core's
/// <see cref="TaskHubWorker"/>, the SDK's shims turning our adapters into its tasks): the engine Durable Functions
/// runs, in this process. Started, it takes its share of the task hub's partitions; stopped, it finishes what it holds
/// and releases its leases, so another instance takes over at once rather than after a lease period.
/// </summary>
public sealed class DurableStorageWorker(
    AzureStorageOrchestrationService service, OrchestrationRegistry registry, IServiceProvider services, ILoggerFactory loggers) : IHostedService
{
    private TaskHubWorker? worker;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await service.CreateIfNotExistsAsync();
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = new JsonDataConverter(PayloadSerializer.Options) }, loggers);
        // The SDK's tasks read a failure's details (type, message, inner failure) as the Functions host gives them.
        worker = new TaskHubWorker(service, loggers) { ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails };
        foreach (var name in registry.OrchestratorNames)
        {
            worker.AddTaskOrchestrations(new Creator<TaskOrchestration>(name, () => shims.CreateOrchestration<JsonElement?, object?>(name, (context, input) =>
            {
                var orchestrator = registry.CreateOrchestrator(name)!;
                return orchestrator.RunAsync(new DurableOrchestrationContext(context, loggers), Read(input, orchestrator.InputType));
            }, null)));
        }

        foreach (var (name, type) in registry.Activities)
        {
            worker.AddTaskActivities(new Creator<TaskActivity>(name, () => shims.CreateActivity<JsonElement?, object?>(name, async (context, input) =>
            {
                await using var scope = services.CreateAsyncScope();
                var activity = (IActivity)scope.ServiceProvider.GetRequiredService(type);
                return await activity.RunAsync(new TaskActivityContext(name, context.InstanceId, CancellationToken.None), Read(input, activity.InputType));
            })));
        }

        await worker.StartAsync();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (worker is not null)
        {
            await worker.StopAsync(isForced: false);
        }
    }

    private static object? Read(JsonElement? input, Type type) =>
        input is { ValueKind: not JsonValueKind.Null } json ? json.Deserialize(type, PayloadSerializer.Options) : null;

    /// <summary>A task made afresh for each work item, under its name (no versions).</summary>
    private sealed class Creator<T> : ObjectCreator<T>
    {
        private readonly Func<T> create;

        public Creator(string name, Func<T> create)
        {
            (Name, Version, this.create) = (name, "", create);
        }

        public override T Create() => create();
    }
}
