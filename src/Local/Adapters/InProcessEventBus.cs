using System.Text;
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

/// <summary>
/// Appends every event, as one JSON line, to <c>events.jsonl</c> in the data folder: the local audit trail. Delivery is
/// at least once, so an event already in the log (by id, whichever process wrote it) is not written again, and a line
/// torn by a writer that died mid-append is dropped (its event was not marked delivered and comes again).
/// </summary>
public sealed class EventLogHandler(DataFolder data) : IEventHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan LockedRetry = TimeSpan.FromMilliseconds(20);
    private const int MaxOpenAttempts = 250;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly HashSet<string> logged = new(StringComparer.Ordinal);
    private long read;

    public string Path => System.IO.Path.Combine(data.Root, "events.jsonl");

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellation)
    {
        await gate.WaitAsync(cancellation);
        try
        {
            await using var log = await OpenExclusiveAsync(cancellation);
            CatchUp(log);
            if (logged.Add(cloudEvent.Id))
            {
                await log.WriteAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(cloudEvent, Json) + "\n"), cancellation);
                log.Flush(flushToDisk: true);
                read = log.Length;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The log opened for this process alone: another process appending meanwhile is waited for, a while.</summary>
    private async Task<FileStream> OpenExclusiveAsync(CancellationToken cancellation)
    {
        Directory.CreateDirectory(data.Root);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < MaxOpenAttempts)
            {
                await Task.Delay(LockedRetry, cancellation);
            }
        }
    }

    /// <summary>Learns the ids of lines appended since the last look, and cuts off a torn last line.</summary>
    private void CatchUp(FileStream log)
    {
        if (log.Length < read)
        {
            read = 0; // the log was replaced
            logged.Clear();
        }

        log.Seek(read, SeekOrigin.Begin);
        var appended = new byte[log.Length - read];
        log.ReadExactly(appended);
        var whole = Array.LastIndexOf(appended, (byte)'\n') + 1;
        foreach (var line in Encoding.UTF8.GetString(appended, 0, whole).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (IdOf(line) is { } id)
            {
                logged.Add(id);
            }
        }

        read += whole;
        log.SetLength(read);
        log.Seek(read, SeekOrigin.Begin);
    }

    private static string? IdOf(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.TryGetProperty("id", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
