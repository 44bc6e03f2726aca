using Microsoft.Data.Sqlite;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Orchestrations.Embedded;

/// <summary>
/// A SQLite connection with its prepared statements kept for reuse, and terse helpers to run them; shared by the
/// embedded stores (the engine, the video records).
/// </summary>
public sealed class SqlSession(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);

    /// <summary>How long a statement waits for a file another connection holds before it fails, unless a store says otherwise.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How the embedded stores open a database file: pooled connections, patient with a busy file for <paramref name="busyTimeout"/>.</summary>
    public static string ConnectionStringFor(string path, TimeSpan? busyTimeout = null) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Pooling = true,
        DefaultTimeout = Math.Max(1, (int)Math.Ceiling((busyTimeout ?? DefaultBusyTimeout).TotalSeconds)),
    }.ToString();

    public static SqlSession Open(string connectionString, params string[] pragmas)
    {
        var connection = new SqliteConnection(connectionString);
        var session = new SqlSession(connection);
        try
        {
            Translated(connection.Open);
            foreach (var pragma in pragmas)
            {
                session.Execute(pragma);
            }
        }
        catch
        {
            session.Dispose();
            throw;
        }

        return session;
    }

    /// <summary>
    /// Brings the database to the newest schema: <paramref name="migrations"/>[i] takes version i to i + 1, and those a
    /// database lacks run in one write transaction with the version, read inside it, so that of processes starting
    /// together on one file the first migrates and the others wait for it and find the work done; a schema from a
    /// newer build is refused.
    /// </summary>
    public void EnsureSchema(string storeName, params string[] migrations)
    {
        if (Scalar<long>("PRAGMA user_version") == migrations.Length)
        {
            return;
        }

        InTransaction(() =>
        {
            var current = Scalar<long>("PRAGMA user_version");
            if (current > migrations.Length)
            {
                throw new InvalidOperationException(
                    $"The {storeName} has schema version {current}; this build understands up to {migrations.Length}.");
            }

            for (var version = (int)current; version < migrations.Length; version++)
            {
                Execute(migrations[version]);
            }

            Execute($"PRAGMA user_version={migrations.Length}");
        });
    }

    /// <summary>Runs <paramref name="work"/> in a write transaction: committed whole, or rolled back on failure.</summary>
    public void InTransaction(Action work)
    {
        Execute("BEGIN IMMEDIATE");
        try
        {
            work();
            Execute("COMMIT");
        }
        catch
        {
            TryRollback();
            throw;
        }
    }

    /// <summary>Rolls back the open transaction, if any: a failed COMMIT (a full disk) may have ended it already.</summary>
    public void TryRollback()
    {
        if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0)
        {
            Execute("ROLLBACK");
        }
    }

    public int Execute(string sql, params (string Name, object? Value)[] parameters) =>
        Translated(() => Prepare(sql, parameters).ExecuteNonQuery());

    public T? Scalar<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        var value = Translated(() => Prepare(sql, parameters).ExecuteScalar());
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters) =>
        Translated(() =>
        {
            using var reader = Prepare(sql, parameters).ExecuteReader();
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(map(reader));
            }

            return rows;
        });

    /// <summary>
    /// Runs a call on the database, turning a failure of the storage under it (a full disk, a read-only or missing
    /// folder, an I/O error, a lock held past the timeout, a damaged file) into a <see cref="StorageFaultException"/>;
    /// errors of the statement itself (a constraint) stay as they are.
    /// </summary>
    private static T Translated<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (SqliteException exception) when (IsStorageFault(exception.SqliteErrorCode))
        {
            throw new StorageFaultException($"The database could not be used: {exception.Message}", exception);
        }
    }

    private static void Translated(Action call) => Translated(() =>
    {
        call();
        return true;
    });

    // SQLITE_PERM, BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB.
    private static bool IsStorageFault(int code) => code is 3 or 5 or 6 or 8 or 10 or 11 or 13 or 14 or 26;

    private SqliteCommand Prepare(string sql, (string Name, object? Value)[] parameters)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }

        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public void Dispose()
    {
        foreach (var command in commands.Values)
        {
            command.Dispose();
        }

        connection.Dispose();
    }
}

public static class SqliteDataReaderExtensions
{
    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
