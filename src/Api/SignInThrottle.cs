using System.Collections.Concurrent;

namespace SoraFunctions.Api;

/// <summary>
/// Failed sign-ins, counted per username and per client address: after <see cref="MaxFailuresPerName"/> for a name
/// (or <see cref="MaxFailuresPerAddress"/> from an address, which many people may share) within <see cref="Window"/>,
/// it waits until the oldest of them leaves the window. Kept in memory: a restart forgives, and on several instances
/// each counts its own (a bound per instance, not a global one).
/// </summary>
public sealed class SignInThrottle
{
    public const int MaxFailuresPerName = 5;
    public const int MaxFailuresPerAddress = 20;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Keys past which expired entries are swept. Each failure costs the caller a password hash (~0.1 s), so filling it
    /// with live entries within one window is out of reach.
    /// </summary>
    private const int MaxKeys = 100_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> failures = new(StringComparer.Ordinal);

    /// <summary>How long until that name from that address may try again; null when it may now.</summary>
    public TimeSpan? RetryAfter(string username, string address, DateTimeOffset now)
    {
        var byName = Wait(NameKey(username), MaxFailuresPerName, now);
        var byAddress = Wait(AddressKey(address), MaxFailuresPerAddress, now);
        return byName is null ? byAddress : byAddress is null ? byName : byName > byAddress ? byName : byAddress;
    }

    public void Fail(string username, string address, DateTimeOffset now)
    {
        if (failures.Count > MaxKeys)
        {
            Sweep(now);
        }

        foreach (var key in new[] { NameKey(username), AddressKey(address) })
        {
            var times = failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
            lock (times)
            {
                Expire(times, now);
                times.Enqueue(now);
            }
        }
    }

    /// <summary>A right password clears the name's count (not the address's: one account's success says nothing of others).</summary>
    public void Succeed(string username) => failures.TryRemove(NameKey(username), out _);

    private TimeSpan? Wait(string key, int limit, DateTimeOffset now)
    {
        if (!failures.TryGetValue(key, out var times))
        {
            return null;
        }

        lock (times)
        {
            Expire(times, now);
            return times.Count >= limit ? times.ElementAt(times.Count - limit) + Window - now : null;
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, times) in failures)
        {
            lock (times)
            {
                Expire(times, now);
                if (times.Count == 0)
                {
                    failures.TryRemove(key, out _);
                }
            }
        }
    }

    private static string NameKey(string username) => "name:" + username;

    private static string AddressKey(string address) => "address:" + address;

    private static void Expire(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.Count > 0 && times.Peek() <= now - Window)
        {
            times.Dequeue();
        }
    }
}
