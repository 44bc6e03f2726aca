using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SoraFunctions.Api;

/// <summary>Per-credential request rates (section <see cref="SectionName"/>).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Sora:RateLimit";

    /// <summary>The sustained rate one API key or session may call at.</summary>
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>How many requests may come at once above the sustained rate.</summary>
    public int Burst { get; set; } = 100;
}

/// <summary>
/// A token bucket per credential (partitioned by the token's hash, so it is checked before the store is read and a
/// flood of one key costs no reads): over the rate, requests are refused with how long to wait. In memory: each
/// instance of a scaled-out host counts its own.
/// </summary>
public sealed class RequestRateLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(hash =>
        RateLimitPartition.GetTokenBucketLimiter(hash, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, options.Value.Burst),
            TokensPerPeriod = Math.Max(1, (int)Math.Ceiling(options.Value.RequestsPerMinute / 60.0)),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Null when the request may go on; else how long to wait.</summary>
    public TimeSpan? Acquire(string credentialHash)
    {
        using var lease = limiter.AttemptAcquire(credentialHash);
        return lease.IsAcquired
            ? null
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => limiter.Dispose();
}
