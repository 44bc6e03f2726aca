using System.Threading.Channels;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Orchestrations.Embedded;

/// <summary>
/// The one writer of a SQLite file in this process. Writes queue up and are committed together (group commit):
/// one fsync covers many state changes, and each caller's task completes only once its change is durable. Each write
/// runs in its own savepoint, so a failing write is rolled back alone. Lease bookkeeping is a lighter kind of write:
/// it need not survive a power cut (a lost lease is simply taken again), so a batch of only bookkeeping commits
/// without an fsync, and it is not announced, so idle dispatchers are not woken by their own polling. Whether commits
/// go through is reported to <see cref="StorageHealth"/>.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly Channel<IWrite> queue = Channel.CreateUnbounded<IWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqlSession session;
    private readonly StorageHealth health;
    private readonly Action committed;
    private readonly Task loop;
    private bool syncOff;

    public SqliteWriter(SqlSession session, StorageHealth health, Action committed)
    {
        this.session = session;
        this.health = health;
        this.committed = committed;
        loop = Task.Run(RunAsync);
    }

    public Task<T> WriteAsync<T>(Func<SqlSession, T> work, bool bookkeeping = false)
    {
        var write = new Write<T>(work, bookkeeping);
        if (!queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(SqliteWriter), "The orchestration store is closed.");
        }

        return write.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<IWrite>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            if (CommitBatch(batch))
            {
                committed();
            }

            batch.Clear();
        }
    }

    /// <summary>
    /// Commits the batch; true when it committed something other than bookkeeping. A batch that cannot be committed (a
    /// full disk) fails every write in it and leaves the connection ready for the next batch.
    /// </summary>
    private bool CommitBatch(List<IWrite> batch)
    {
        var succeeded = new List<IWrite>(batch.Count);
        try
        {
            session.TryRollback(); // a transaction a failed rollback left open
            var bookkeepingOnly = batch.TrueForAll(write => write.Bookkeeping);
            if (bookkeepingOnly != syncOff)
            {
                session.Execute(bookkeepingOnly ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL");
                syncOff = bookkeepingOnly;
            }

            session.Execute("BEGIN IMMEDIATE");
            foreach (var write in batch)
            {
                session.Execute("SAVEPOINT write");
                try
                {
                    write.Run(session);
                    session.Execute("RELEASE write");
                    succeeded.Add(write);
                }
                catch (Exception exception) when (exception is not StorageFaultException)
                {
                    session.Execute("ROLLBACK TO write");
                    session.Execute("RELEASE write");
                    write.Fail(exception);
                }
            }

            session.Execute("COMMIT");
        }
        catch (Exception exception)
        {
            try
            {
                session.TryRollback();
            }
            catch (StorageFaultException)
            {
                // Tried again before the next batch begins.
            }

            health.Failed(exception);
            foreach (var write in batch)
            {
                write.Fail(exception);
            }

            return false;
        }

        foreach (var write in succeeded)
        {
            write.Complete();
        }

        var changed = succeeded.Exists(write => !write.Bookkeeping);
        if (changed)
        {
            health.Succeeded();
        }

        return changed;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
        session.Dispose();
    }

    private interface IWrite
    {
        bool Bookkeeping { get; }

        void Run(SqlSession session);

        void Complete();

        void Fail(Exception exception);
    }

    private sealed class Write<T>(Func<SqlSession, T> work, bool bookkeeping) : IWrite
    {
        public bool Bookkeeping => bookkeeping;

        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;

        public Task<T> Task => completion.Task;

        public void Run(SqlSession session) => result = work(session);

        public void Complete() => completion.TrySetResult(result!);

        public void Fail(Exception exception) => completion.TrySetException(exception);
    }
}
