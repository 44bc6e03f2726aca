using System.Text.Json;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Local.Adapters;

/// <summary>Delivers events to every in-process handler.</summary>
public sealed class InProcessEventBus(IEnumerable<IEventHandler> handlers) : IEventPublisher
{
    public async Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default)
    {
        foreach (var cloudEvent in events)
        {
            foreach (var handler in handlers)
            {
                await handler.HandleAsync(cloudEvent, cancellation);
            }
        }
    }
}

/// <summary>Appends every event, as one JSON line, to <c>events.jsonl</c> in the data folder: the local audit trail.</summary>
public sealed class EventLogHandler(DataFolder data) : IEventHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim gate = new(1, 1);

    public string Path => System.IO.Path.Combine(data.Root, "events.jsonl");

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellation)
    {
        await gate.WaitAsync(cancellation);
        try
        {
            await File.AppendAllTextAsync(Path, JsonSerializer.Serialize(cloudEvent, Json) + "\n", cancellation);
        }
        finally
        {
            gate.Release();
        }
    }
}
