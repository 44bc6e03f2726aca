namespace SoraFunctions.Api;

/// <summary>
/// Password guesses, bounded without letting a stranger lock the owner out (the device cookie scheme of OWASP's
/// "slow down online guessing"): a browser that has signed in as a member carries a device token, and its attempts for
/// that member count against that device alone. Every other attempt counts against the username and against the
/// client's address, so a guesser locks out only browsers the member never used — not the owner's own, nor the known
/// browsers of the people who share an address with the guesser (an office, a carrier's NAT). A member confirming a
/// change with their password counts against their account's own bucket. Each bucket allows so many failures within
/// <see cref="Window"/>; past them it waits until the oldest leaves the window.
/// <para>
/// An attempt is counted before its password is checked and given back when the password was right, under one lock:
/// however many arrive at once, no more are checked than a bucket allows. Kept in memory: a restart forgives, and on
/// several instances each counts its own (a bound per instance, not a global one).
/// </para>
/// </summary>
public sealed class SignInThrottle
{
    public const int MaxFailuresPerName = 5;
    public const int MaxFailuresPerAddress = 20;
    public const int MaxFailuresPerDevice = 5;
    public const int MaxFailuresPerConfirmation = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Keys past which expired entries are swept. Each failure costs the caller a password hash (~0.1 s), so filling it
    /// with live entries within one window is out of reach.
    /// </summary>
    private const int MaxKeys = 100_000;

    private readonly Lock gate = new();
    private readonly Dictionary<string, List<DateTimeOffset>> failures = new(StringComparer.Ordinal);

    /// <summary>The buckets a sign-in counts against: its known device's alone, or else its username's and its address's.</summary>
    public static IReadOnlyList<(string Key, int Limit)> SignIn(string username, string address, string? knownDeviceId) =>
        knownDeviceId is not null
            ? [("device:" + knownDeviceId, MaxFailuresPerDevice)]
            : [("name:" + username, MaxFailuresPerName), ("address:" + address, MaxFailuresPerAddress)];

    /// <summary>The bucket a signed-in member's password confirmations count against.</summary>
    public static IReadOnlyList<(string Key, int Limit)> Confirmation(string memberId) => [("confirm:" + memberId, MaxFailuresPerConfirmation)];

    /// <summary>
    /// Counts an attempt against every bucket, as a failure until <see cref="Attempt.Succeeded"/> says otherwise; null
    /// (counting nothing) when a bucket is full, with <paramref name="wait"/> until it frees.
    /// </summary>
    public Attempt? Begin(IReadOnlyList<(string Key, int Limit)> buckets, DateTimeOffset now, out TimeSpan wait)
    {
        lock (gate)
        {
            if (failures.Count > MaxKeys)
            {
                Sweep(now);
            }

            wait = TimeSpan.Zero;
            foreach (var (key, limit) in buckets)
            {
                if (failures.TryGetValue(key, out var times) && Expire(times, now).Count >= limit && times[^limit] + Window - now is var until && until > wait)
                {
                    wait = until;
                }
            }

            if (wait > TimeSpan.Zero)
            {
                return null;
            }

            foreach (var (key, _) in buckets)
            {
                if (!failures.TryGetValue(key, out var times))
                {
                    failures[key] = times = [];
                }

                times.Add(now);
            }

            return new Attempt(this, [.. buckets.Select(bucket => bucket.Key)], now);
        }
    }

    /// <summary>One attempt, counted as a failure until the password proves right.</summary>
    public sealed class Attempt(SignInThrottle throttle, IReadOnlyList<string> keys, DateTimeOffset at)
    {
        /// <summary>Gives the attempt back: a right password is not a failure.</summary>
        public void Succeeded()
        {
            lock (throttle.gate)
            {
                foreach (var key in keys)
                {
                    if (throttle.failures.TryGetValue(key, out var times))
                    {
                        times.Remove(at);
                    }
                }
            }
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var key in failures.Where(entry => Expire(entry.Value, now).Count == 0).Select(entry => entry.Key).ToList())
        {
            failures.Remove(key);
        }
    }

    private static List<DateTimeOffset> Expire(List<DateTimeOffset> times, DateTimeOffset now)
    {
        times.RemoveAll(at => at <= now - Window);
        return times;
    }
}
