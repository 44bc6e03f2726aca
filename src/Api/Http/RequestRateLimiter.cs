using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SoraFunctions.Core.Members;

namespace SoraFunctions.Api;

/// <summary>Request rates per member and per client address (section <see cref="SectionName"/>).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Sora:RateLimit";

    /// <summary>The sustained rate one member may call at, however many keys and sessions they use.</summary>
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>How many requests a member may send at once above the sustained rate.</summary>
    public int Burst { get; set; } = 100;

    /// <summary>
    /// The sustained rate one client address (an IPv4 address, an IPv6 /64) may call at, signed in or not: what bounds
    /// requests with no or a made-up credential, and what many members behind one address (an office, a carrier's NAT)
    /// send together.
    /// </summary>
    public int AddressRequestsPerMinute { get; set; } = 6_000;

    public int AddressBurst { get; set; } = 600;
}

/// <summary>
/// Token buckets: one per client address, taken before anything else is done for a request (so a flood of made-up
/// credentials costs no store reads), and one per member once the request proved who it comes from. Over either rate a
/// request is refused with how long to wait. In memory: each instance of a scaled-out host counts its own.
/// </summary>
public sealed class RequestRateLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> members = Buckets(options.Value.RequestsPerMinute, options.Value.Burst);

    /// <summary>
    /// The buckets of client addresses, as ASP.NET Core's rate limiting middleware takes them (its global limiter).
    /// Behind the Functions host, a request's address is the one its forwarded-headers handling leaves: the client's.
    /// </summary>
    public PartitionedRateLimiter<HttpContext> Clients { get; } = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        Bucket(PartitionOf(context.Connection.RemoteIpAddress), options.Value.AddressRequestsPerMinute, options.Value.AddressBurst));

    /// <summary>Null when the member may go on; else how long to wait.</summary>
    public TimeSpan? AcquireForMember(string memberId)
    {
        using var lease = members.AttemptAcquire(memberId);
        return lease.IsAcquired ? null : RetryAfter(lease);
    }

    /// <summary>Counts the request against its client's address; null when it may go on, else the 429 to answer.</summary>
    public IResult? RefuseClient(HttpContext context)
    {
        using var lease = Clients.AttemptAcquire(context);
        return lease.IsAcquired ? null : Refusal(context, lease);
    }

    /// <summary>What a client over its rate is answered: 429 with the code and how long to wait.</summary>
    public static IResult Refusal(HttpContext context, RateLimitLease lease) =>
        new AuthenticationRefusal(StatusCodes.Status429TooManyRequests, AccountCodes.RateLimited, "Too many requests from this address; slow down.", RetryAfter(lease))
            .ToResult(context.Response);

    /// <summary>
    /// Whose bucket an address fills: an IPv4 address (also written as IPv4-mapped IPv6) alone, an IPv6 address by its
    /// /64, the block one household or device is given and can pick any address in.
    /// </summary>
    public static string PartitionOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    private static PartitionedRateLimiter<string> Buckets(int perMinute, int burst) =>
        PartitionedRateLimiter.Create<string, string>(key => Bucket(key, perMinute, burst));

    private static RateLimitPartition<string> Bucket(string key, int perMinute, int burst) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = Math.Max(1, (int)Math.Ceiling(perMinute / 60.0)),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);

    public void Dispose()
    {
        members.Dispose();
        Clients.Dispose();
    }
}
