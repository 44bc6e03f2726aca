using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Orchestrations.Embedded;

/// <summary>
/// Instances, their histories, inbox messages (events, activity results, timers) and activity work items, in one
/// SQLite file in WAL mode with full sync. Work items carry leases: an owner and an expiry, so a crashed worker's
/// work is taken over once its lease expires (or at once, when its process is known to be gone).
/// </summary>
internal sealed class SqliteOrchestrationStore : IAsyncDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS instances (
            instance_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            execution_id TEXT NOT NULL,
            status INTEGER NOT NULL,
            input TEXT,
            output TEXT,
            custom_status TEXT,
            failure TEXT,
            parent_instance_id TEXT,
            parent_execution_id TEXT,
            parent_task_id INTEGER,
            created_at INTEGER NOT NULL,
            last_updated_at INTEGER NOT NULL,
            lock_owner TEXT,
            lock_expires INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS instances_by_created ON instances (created_at, instance_id);
        CREATE TABLE IF NOT EXISTS history (
            instance_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            event TEXT NOT NULL,
            PRIMARY KEY (instance_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id TEXT NOT NULL,
            execution_id TEXT,
            visible_at INTEGER NOT NULL,
            event TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS messages_by_visible ON messages (visible_at);
        CREATE INDEX IF NOT EXISTS messages_by_instance ON messages (instance_id);
        CREATE TABLE IF NOT EXISTS activities (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id TEXT NOT NULL,
            execution_id TEXT NOT NULL,
            task_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            input TEXT,
            lock_owner TEXT,
            lock_expires INTEGER NOT NULL DEFAULT 0,
            delivery_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS activities_by_lock ON activities (lock_expires);
        CREATE INDEX IF NOT EXISTS activities_by_instance ON activities (instance_id);
        """;

    private const string MetadataColumns =
        "name, instance_id, status, created_at, last_updated_at, input, output, custom_status, failure";

    private readonly string connectionString;
    private readonly SqliteWriter writer;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> finishWaiters = new();
    private TaskCompletionSource changed = NewChangeSignal();

    public SqliteOrchestrationStore(IOptions<EmbeddedEngineOptions> options, StorageHealth health, TimeProvider time)
    {
        this.time = time;
        var path = Path.GetFullPath(options.Value.DatabasePath);
        FileStorage.Run("Creating the engine's folder", () => Directory.CreateDirectory(Path.GetDirectoryName(path)!));
        connectionString = SqlSession.ConnectionStringFor(path, options.Value.BusyTimeout);

        var session = SqlSession.Open(connectionString, "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL");
        session.EnsureSchema("orchestration store", Schema);
        writer = new SqliteWriter(session, health, OnCommitted);
    }

    /// <summary>Completes at the next commit by this process; callers take it before looking, then wait on it.</summary>
    public Task NextChange => Volatile.Read(ref changed).Task;

    private static TaskCompletionSource NewChangeSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void OnCommitted() => Interlocked.Exchange(ref changed, NewChangeSignal()).TrySetResult();

    /// <summary>Completes when this process records the end of the instance; callers take it before looking.</summary>
    public Task NextFinish(string instanceId) => finishWaiters.GetOrAdd(instanceId, _ => NewChangeSignal()).Task;

    private void OnFinished(string instanceId)
    {
        if (finishWaiters.TryRemove(instanceId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    // ---- client operations ----

    public Task CreateInstanceAsync(string instanceId, string name, string? input, DateTimeOffset startAt) =>
        writer.WriteAsync(session =>
        {
            var executionId = Guid.NewGuid().ToString("N");
            var now = Now;
            try
            {
                session.Execute(
                    """
                    INSERT INTO instances (instance_id, name, execution_id, status, input, created_at, last_updated_at)
                    VALUES ($id, $name, $execution, $status, $input, $now, $now)
                    """,
                    ("$id", instanceId), ("$name", name), ("$execution", executionId),
                    ("$status", (int)OrchestrationRuntimeStatus.Pending), ("$input", input), ("$now", now));
            }
            catch (SqliteException exception) when (exception.SqliteErrorCode == 19)
            {
                throw new OrchestrationAlreadyExistsException(instanceId);
            }

            Enqueue(session, instanceId, executionId, new ExecutionStarted(name, executionId, input),
                Math.Max(now, startAt.ToUnixTimeMilliseconds()));
            return true;
        });

    /// <summary>Queues a message for a live instance; returns false when the instance is unknown or finished.</summary>
    public Task<bool> SendToLiveInstanceAsync(string instanceId, HistoryEvent message) =>
        writer.WriteAsync(session =>
        {
            var status = session.Scalar<long?>(
                "SELECT status FROM instances WHERE instance_id = $id", ("$id", instanceId));
            if (status is null || ((OrchestrationRuntimeStatus)status).IsTerminal())
            {
                return false;
            }

            Enqueue(session, instanceId, executionId: null, message, Now);
            return true;
        });

    public Task<int> PurgeAsync(string instanceId) =>
        writer.WriteAsync(session =>
        {
            var status = session.Scalar<long?>(
                "SELECT status FROM instances WHERE instance_id = $id", ("$id", instanceId));
            if (status is null || !((OrchestrationRuntimeStatus)status).IsTerminal())
            {
                return 0;
            }

            DeleteWork(session, instanceId);
            session.Execute("DELETE FROM history WHERE instance_id = $id", ("$id", instanceId));
            return session.Execute("DELETE FROM instances WHERE instance_id = $id", ("$id", instanceId));
        });

    public OrchestrationMetadata? GetInstance(string instanceId, bool withPayloads)
    {
        using var session = OpenReader();
        return session.Query(
                $"SELECT {MetadataColumns} FROM instances WHERE instance_id = $id",
                reader => ReadMetadata(reader, withPayloads),
                ("$id", instanceId))
            .SingleOrDefault();
    }

    public async IAsyncEnumerable<OrchestrationMetadata> QueryAsync(
        OrchestrationQuery query, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var statuses = query.Statuses is { Count: > 0 } wanted
            ? string.Join(',', wanted.Select(status => (int)status))
            : null;
        var sql = $"""
            SELECT {MetadataColumns} FROM instances
            WHERE created_at >= $from AND created_at <= $to
              AND ($prefix IS NULL OR substr(instance_id, 1, length($prefix)) = $prefix)
              {(statuses is null ? "" : $"AND status IN ({statuses})")}
              AND (created_at < $afterCreated OR (created_at = $afterCreated AND instance_id < $afterId))
            ORDER BY created_at DESC, instance_id DESC
            LIMIT $limit
            """;

        var afterCreated = long.MaxValue;
        var afterId = "";
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            List<(OrchestrationMetadata Metadata, long CreatedAt)> page;
            using (var session = OpenReader())
            {
                page = session.Query(
                    sql,
                    reader => (ReadMetadata(reader, query.FetchInputsAndOutputs), reader.GetInt64(3)),
                    ("$from", query.CreatedFrom?.ToUnixTimeMilliseconds() ?? long.MinValue),
                    ("$to", query.CreatedTo?.ToUnixTimeMilliseconds() ?? long.MaxValue),
                    ("$prefix", query.InstanceIdPrefix),
                    ("$afterCreated", afterCreated),
                    ("$afterId", afterCreated == long.MaxValue ? "\uffff" : afterId),
                    ("$limit", query.PageSize));
            }

            foreach (var (metadata, _) in page)
            {
                yield return metadata;
            }

            if (page.Count < query.PageSize)
            {
                yield break;
            }

            (afterCreated, afterId) = (page[^1].CreatedAt, page[^1].Metadata.InstanceId);
            await Task.Yield();
        }
    }

    private static OrchestrationMetadata ReadMetadata(SqliteDataReader reader, bool withPayloads) =>
        new(reader.GetString(0), reader.GetString(1))
        {
            RuntimeStatus = (OrchestrationRuntimeStatus)reader.GetInt32(2),
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
            LastUpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
            SerializedInput = withPayloads ? reader.GetNullableString(5) : null,
            SerializedOutput = withPayloads ? reader.GetNullableString(6) : null,
            SerializedCustomStatus = reader.GetNullableString(7),
            FailureDetails = PayloadSerializer.Deserialize<FailureDetails>(reader.GetNullableString(8)),
        };

    // ---- worker operations ----

    /// <summary>Leases up to <paramref name="limit"/> unleased instances that have visible messages.</summary>
    public Task<List<string>> LockInstancesAsync(string owner, int limit, TimeSpan lease) =>
        writer.WriteAsync(session =>
        {
            var now = Now;
            return session.Query(
                """
                UPDATE instances SET lock_owner = $owner, lock_expires = $expires
                WHERE instance_id IN (
                    SELECT m.instance_id FROM messages m JOIN instances i ON i.instance_id = m.instance_id
                    WHERE m.visible_at <= $now AND i.lock_expires <= $now
                    GROUP BY m.instance_id ORDER BY min(m.id) LIMIT $limit)
                RETURNING instance_id
                """,
                reader => reader.GetString(0),
                ("$owner", owner), ("$expires", now + (long)lease.TotalMilliseconds), ("$now", now), ("$limit", limit));
        },
        bookkeeping: true);

    /// <summary>Reads a leased instance's history and its visible messages as one snapshot.</summary>
    public EpisodeWork? LoadEpisode(string instanceId)
    {
        using var session = OpenReader();
        session.Execute("BEGIN");
        try
        {
            return ReadEpisode(session, instanceId);
        }
        finally
        {
            session.Execute("COMMIT");
        }
    }

    private EpisodeWork? ReadEpisode(SqlSession session, string instanceId)
    {
        var instance = session.Query(
                "SELECT name, execution_id, status FROM instances WHERE instance_id = $id",
                reader => (Name: reader.GetString(0), ExecutionId: reader.GetString(1),
                    Status: (OrchestrationRuntimeStatus)reader.GetInt32(2)),
                ("$id", instanceId))
            .SingleOrDefault();
        if (instance.Name is null)
        {
            return null;
        }

        var history = session.Query(
            "SELECT event FROM history WHERE instance_id = $id ORDER BY seq",
            reader => HistoryEvent.FromJson(reader.GetString(0)),
            ("$id", instanceId));
        var messages = session.Query(
            "SELECT id, execution_id, event FROM messages WHERE instance_id = $id AND visible_at <= $now ORDER BY id",
            reader => new InboxMessage(reader.GetInt64(0), reader.GetNullableString(1), reader.GetString(2)),
            ("$id", instanceId), ("$now", Now));
        return new EpisodeWork(instanceId, instance.Name, instance.ExecutionId, instance.Status, history, messages);
    }

    /// <summary>
    /// Records an episode atomically: history, consumed messages, new work, status, and the lease's release. Fails with
    /// <see cref="LeaseLostException"/> when another worker took the instance over meanwhile.
    /// </summary>
    public async Task CommitEpisodeAsync(string owner, EpisodeWork work, EpisodeResult result)
    {
        await writer.WriteAsync(session => RecordEpisode(session, owner, work, result));
        if (result.Completion is not null)
        {
            OnFinished(work.InstanceId);
        }
    }

    private bool RecordEpisode(SqlSession session, string owner, EpisodeWork work, EpisodeResult result)
    {
        var current = session.Scalar<string>(
            "SELECT lock_owner FROM instances WHERE instance_id = $id", ("$id", work.InstanceId));
        if (current != owner)
        {
            throw new LeaseLostException(work.InstanceId);
        }

        var now = Now;
        DeleteConsumed(session, work);

        if (result.ContinuedAsNew is { } next)
        {
            ContinueAsNew(session, work, next, result.CustomStatus, now);
            return true;
        }

        var seq = work.History.Count;
        foreach (var recorded in result.Recorded)
        {
            session.Execute(
                "INSERT INTO history (instance_id, seq, event) VALUES ($id, $seq, $event)",
                ("$id", work.InstanceId), ("$seq", seq++), ("$event", recorded.ToJson()));
        }

        if (result.Completion is { } completion)
        {
            Finish(session, work, completion, result.CustomStatus, now);
            return true;
        }

        foreach (var action in result.Recorded.OfType<ScheduledEvent>())
        {
            StartWork(session, work, action, now);
        }

        session.Execute(
            """
            UPDATE instances SET status = $status, custom_status = $custom, last_updated_at = $now,
                lock_owner = NULL, lock_expires = 0
            WHERE instance_id = $id
            """,
            ("$status", (int)(result.HasStarted ? OrchestrationRuntimeStatus.Running : work.Status)),
            ("$custom", result.CustomStatus), ("$now", now), ("$id", work.InstanceId));
        return true;
    }

    private void StartWork(SqlSession session, EpisodeWork work, ScheduledEvent action, long now)
    {
        switch (action)
        {
            case TaskScheduled task:
                session.Execute(
                    """
                    INSERT INTO activities (instance_id, execution_id, task_id, name, input)
                    VALUES ($id, $execution, $task, $name, $input)
                    """,
                    ("$id", work.InstanceId), ("$execution", work.ExecutionId), ("$task", task.TaskId),
                    ("$name", task.Name), ("$input", task.Input));
                break;
            case TimerCreated timer:
                Enqueue(session, work.InstanceId, work.ExecutionId, new TimerFired(timer.TaskId),
                    new DateTimeOffset(timer.FireAt, TimeSpan.Zero).ToUnixTimeMilliseconds());
                break;
            case SubOrchestrationCreated child:
                var executionId = Guid.NewGuid().ToString("N");
                var created = session.Execute(
                    """
                    INSERT OR IGNORE INTO instances (instance_id, name, execution_id, status, input, parent_instance_id,
                        parent_execution_id, parent_task_id, created_at, last_updated_at)
                    VALUES ($id, $name, $execution, $status, $input, $parent, $parentExecution, $parentTask, $now, $now)
                    """,
                    ("$id", child.InstanceId), ("$name", child.Name), ("$execution", executionId),
                    ("$status", (int)OrchestrationRuntimeStatus.Pending), ("$input", child.Input),
                    ("$parent", work.InstanceId), ("$parentExecution", work.ExecutionId),
                    ("$parentTask", child.TaskId), ("$now", now));
                if (created == 1)
                {
                    Enqueue(session, child.InstanceId, executionId,
                        new ExecutionStarted(child.Name, executionId, child.Input), now);
                }
                else
                {
                    Enqueue(session, work.InstanceId, work.ExecutionId, new SubOrchestrationFailed(child.TaskId,
                        new FailureDetails(
                            typeof(OrchestrationAlreadyExistsException).FullName!,
                            new OrchestrationAlreadyExistsException(child.InstanceId).Message)), now);
                }

                break;
        }
    }

    private static void Finish(
        SqlSession session, EpisodeWork work, ExecutionCompleted completion, string? customStatus, long now)
    {
        DeleteWork(session, work.InstanceId);
        var output = completion.Result;
        var parent = session.Query(
                """
                UPDATE instances SET status = $status, output = $output, failure = $failure, custom_status = $custom,
                    last_updated_at = $now, lock_owner = NULL, lock_expires = 0
                WHERE instance_id = $id
                RETURNING parent_instance_id, parent_execution_id, parent_task_id
                """,
                reader => reader.IsDBNull(0)
                    ? null
                    : new ParentLink(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)),
                ("$status", (int)completion.Status), ("$output", output),
                ("$failure", PayloadSerializer.Serialize(completion.Failure)), ("$custom", customStatus),
                ("$now", now), ("$id", work.InstanceId))
            .Single();

        if (parent is not null)
        {
            HistoryEvent outcome = completion.Status switch
            {
                OrchestrationRuntimeStatus.Completed => new SubOrchestrationCompleted(parent.TaskId, output),
                OrchestrationRuntimeStatus.Terminated => new SubOrchestrationFailed(parent.TaskId,
                    new FailureDetails("OrchestrationTerminated", $"Sub-orchestration '{work.InstanceId}' was terminated.")),
                _ => new SubOrchestrationFailed(parent.TaskId, completion.Failure!),
            };
            Enqueue(session, parent.InstanceId, parent.ExecutionId, outcome, now);
        }
    }

    private static void ContinueAsNew(
        SqlSession session, EpisodeWork work, ContinuedAsNew next, string? customStatus, long now)
    {
        DeleteWork(session, work.InstanceId);
        session.Execute("DELETE FROM history WHERE instance_id = $id", ("$id", work.InstanceId));
        var executionId = Guid.NewGuid().ToString("N");
        session.Execute(
            """
            UPDATE instances SET execution_id = $execution, input = $input, status = $status, custom_status = $custom,
                last_updated_at = $now, lock_owner = NULL, lock_expires = 0
            WHERE instance_id = $id
            """,
            ("$execution", executionId), ("$input", next.Input), ("$status", (int)OrchestrationRuntimeStatus.Running),
            ("$custom", customStatus), ("$now", now), ("$id", work.InstanceId));
        Enqueue(session, work.InstanceId, executionId, new ExecutionStarted(work.Name, executionId, next.Input), now);
        foreach (var carried in next.CarriedEvents)
        {
            Enqueue(session, work.InstanceId, executionId: null, carried, now);
        }
    }

    private static void DeleteConsumed(SqlSession session, EpisodeWork work)
    {
        foreach (var message in work.Messages)
        {
            session.Execute("DELETE FROM messages WHERE id = $id", ("$id", message.Id));
        }
    }

    /// <summary>Drops an instance's pending messages and activities; results of activities in flight are then dropped.</summary>
    private static void DeleteWork(SqlSession session, string instanceId)
    {
        session.Execute("DELETE FROM messages WHERE instance_id = $id", ("$id", instanceId));
        session.Execute("DELETE FROM activities WHERE instance_id = $id", ("$id", instanceId));
    }

    private static void Enqueue(SqlSession session, string instanceId, string? executionId, HistoryEvent message, long visibleAt) =>
        session.Execute(
            "INSERT INTO messages (instance_id, execution_id, visible_at, event) VALUES ($id, $execution, $visible, $event)",
            ("$id", instanceId), ("$execution", executionId), ("$visible", visibleAt), ("$event", message.ToJson()));

    /// <summary>Drops messages that reached an instance after it finished, and releases its lease.</summary>
    public Task DiscardMessagesAsync(string owner, EpisodeWork work) =>
        writer.WriteAsync(session =>
        {
            DeleteConsumed(session, work);

            return session.Execute(
                "UPDATE instances SET lock_owner = NULL, lock_expires = 0 WHERE instance_id = $id AND lock_owner = $owner",
                ("$id", work.InstanceId), ("$owner", owner));
        });

    /// <summary>Releases an instance lease without recording anything, so the episode is retried after a pause.</summary>
    public Task ReleaseInstanceAsync(string owner, string instanceId, TimeSpan retryAfter) =>
        writer.WriteAsync(session => session.Execute(
            "UPDATE instances SET lock_owner = NULL, lock_expires = $retryAt WHERE instance_id = $id AND lock_owner = $owner",
            ("$retryAt", Now + (long)retryAfter.TotalMilliseconds), ("$id", instanceId), ("$owner", owner)));

    public Task<List<ActivityWorkItem>> LockActivitiesAsync(string owner, int limit, TimeSpan lease) =>
        writer.WriteAsync(session =>
        {
            var now = Now;
            return session.Query(
                """
                UPDATE activities SET lock_owner = $owner, lock_expires = $expires, delivery_count = delivery_count + 1
                WHERE id IN (SELECT id FROM activities WHERE lock_expires <= $now ORDER BY id LIMIT $limit)
                RETURNING id, instance_id, execution_id, task_id, name, input, delivery_count
                """,
                reader => new ActivityWorkItem(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                    reader.GetString(4), reader.GetNullableString(5), reader.GetInt32(6)),
                ("$owner", owner), ("$expires", now + (long)lease.TotalMilliseconds), ("$now", now), ("$limit", limit));
        },
        bookkeeping: true);

    /// <summary>
    /// Turns an activity's outcome into a message for its instance, once: a second worker that ran the same item
    /// after a lease expiry finds it gone and its outcome is dropped.
    /// </summary>
    public Task<bool> CompleteActivityAsync(ActivityWorkItem item, CompletionEvent outcome) =>
        writer.WriteAsync(session =>
        {
            if (session.Execute("DELETE FROM activities WHERE id = $id", ("$id", item.Id)) == 0)
            {
                return false;
            }

            Enqueue(session, item.InstanceId, item.ExecutionId, outcome, Now);
            return true;
        });

    public Task RenewActivityLeasesAsync(string owner, IReadOnlyCollection<long> ids, TimeSpan lease) =>
        writer.WriteAsync(session =>
        {
            var expires = Now + (long)lease.TotalMilliseconds;
            foreach (var id in ids)
            {
                session.Execute(
                    "UPDATE activities SET lock_expires = $expires WHERE id = $id AND lock_owner = $owner",
                    ("$expires", expires), ("$id", id), ("$owner", owner));
            }

            return true;
        },
        bookkeeping: true);

    /// <summary>Hands unfinished activities back at shutdown, not counting the interrupted delivery.</summary>
    public Task ReleaseActivitiesAsync(string owner, IReadOnlyCollection<long> ids) =>
        writer.WriteAsync(session =>
        {
            foreach (var id in ids)
            {
                session.Execute(
                    """
                    UPDATE activities SET lock_owner = NULL, lock_expires = 0, delivery_count = delivery_count - 1
                    WHERE id = $id AND lock_owner = $owner
                    """,
                    ("$id", id), ("$owner", owner));
            }

            return true;
        });

    /// <summary>Frees every lease held by an owner whose process is known to be gone.</summary>
    public Task<int> ReleaseLeasesOfDeadOwnersAsync() =>
        writer.WriteAsync(session =>
        {
            var now = Now;
            var owners = session.Query(
                """
                SELECT lock_owner FROM instances WHERE lock_expires > $now
                UNION SELECT lock_owner FROM activities WHERE lock_expires > $now
                """,
                reader => reader.GetString(0),
                ("$now", now));
            var released = 0;
            foreach (var owner in owners.Where(LeaseOwner.IsGoneFromThisHost))
            {
                released += session.Execute(
                    "UPDATE instances SET lock_owner = NULL, lock_expires = 0 WHERE lock_owner = $owner", ("$owner", owner));
                released += session.Execute(
                    "UPDATE activities SET lock_owner = NULL, lock_expires = 0 WHERE lock_owner = $owner", ("$owner", owner));
            }

            return released;
        });

    /// <summary>When the earliest message not yet visible (a timer, a delayed start) becomes visible.</summary>
    public DateTimeOffset? NextMessageDue()
    {
        using var session = OpenReader();
        var due = session.Scalar<long?>("SELECT min(visible_at) FROM messages WHERE visible_at > $now", ("$now", Now));
        return due is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <summary>The recorded history of an instance, for diagnostics and tests.</summary>
    internal List<HistoryEvent> ReadHistory(string instanceId)
    {
        using var session = OpenReader();
        return session.Query(
            "SELECT event FROM history WHERE instance_id = $id ORDER BY seq",
            reader => HistoryEvent.FromJson(reader.GetString(0)),
            ("$id", instanceId));
    }

    private SqlSession OpenReader() => SqlSession.Open(connectionString);

    public ValueTask DisposeAsync() => writer.DisposeAsync();

    private sealed record ParentLink(string InstanceId, string ExecutionId, int TaskId);
}

internal sealed record InboxMessage(long Id, string? ExecutionId, string Json);

/// <summary>A leased instance's state: its history and the messages it has not yet processed.</summary>
internal sealed record EpisodeWork(
    string InstanceId,
    string Name,
    string ExecutionId,
    OrchestrationRuntimeStatus Status,
    IReadOnlyList<HistoryEvent> History,
    IReadOnlyList<InboxMessage> Messages)
{
    /// <summary>Messages for the current execution; results for an execution that continued as new are stale.</summary>
    public IEnumerable<HistoryEvent> CurrentMessages => Messages
        .Where(message => message.ExecutionId is null || message.ExecutionId == ExecutionId)
        .Select(message => HistoryEvent.FromJson(message.Json));
}

internal sealed record ActivityWorkItem(
    long Id, string InstanceId, string ExecutionId, int TaskId, string Name, string? Input, int DeliveryCount);

internal sealed class LeaseLostException(string instanceId)
    : Exception($"The lease on instance '{instanceId}' was taken over by another worker.");
