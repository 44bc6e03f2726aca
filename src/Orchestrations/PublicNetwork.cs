using System.Net;
using System.Net.Sockets;

namespace SoraFunctions.Orchestrations;

/// <summary>
/// Requests made for a member to a URL they name (a webhook's deliveries, an input image's download): refused, unless
/// allowed, when they would reach this machine or a private network — checked on the address connected to, so a name
/// that resolves elsewhere later (DNS rebinding) gains nothing.
/// </summary>
public static class PublicNetwork
{
    /// <summary>A handler that connects only to public addresses (any, with <paramref name="allowPrivate"/>) and follows no redirect.</summary>
    public static SocketsHttpHandler Handler(bool allowPrivate) => new()
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellation) =>
        {
            var allowed = await ReachableAsync(context.DnsEndPoint.Host, allowPrivate, cancellation);
            if (allowed.Length == 0)
            {
                throw new PrivateNetworkException(context.DnsEndPoint.Host);
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellation);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>
    /// The addresses of <paramref name="host"/> a request for a member may connect to: every one when private networks are allowed,
    /// else only the public ones (<see cref="IsPublic"/>). A name that does not resolve throws, as the resolver does.
    /// </summary>
    public static async Task<IPAddress[]> ReachableAsync(string host, bool allowPrivate, CancellationToken cancellation)
    {
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellation);
        return allowPrivate ? addresses : [.. addresses.Where(IsPublic)];
    }

    /// <summary>
    /// Whether a request to the URL would be refused for its address (what a webhook's registration refuses too): a name that
    /// resolves, or an address, with nothing public. A name that does not resolve (yet) is not refused: its requests say so.
    /// </summary>
    public static async Task<bool> RefusesAsync(Uri url, CancellationToken cancellation)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        patience.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            return (await ReachableAsync(url.DnsSafeHost, allowPrivate: false, patience.Token)).Length == 0;
        }
        catch (Exception exception) when (exception is SocketException || (exception is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>
    /// Not this machine, a private, shared (carrier NAT) or link-local network, a unique-local, multicast or unspecified
    /// address — nor an IPv6 address that carries one of those IPv4 addresses inside it (IPv4-mapped, -compatible and
    /// -translated, NAT64, 6to4 and Teredo), however the address is written.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return IsPublicV4(bytes);
        }

        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B && bytes[4] == 0x00 && bytes[5] == 0x01)
        {
            return false; // 64:ff9b:1::/48, NAT64 for local use: its IPv4 address may sit anywhere in it
        }

        if (EmbeddedV4(bytes) is { } embedded)
        {
            return embedded.All(IsPublicV4);
        }

        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast
            || (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8) // 2001:db8::/32, documentation
            || (bytes[0] == 0x01 && bytes[1] == 0x00 && bytes.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0)); // 100::/64, discard
    }

    /// <summary>The IPv4 addresses an IPv6 address carries, by the ways there are to carry one; null when it carries none.</summary>
    private static byte[][]? EmbeddedV4(byte[] v6)
    {
        var span = v6.AsSpan();
        if (span[..10].IndexOfAnyExcept((byte)0) < 0 && ((span[10] == 0 && span[11] == 0) || (span[10] == 0xFF && span[11] == 0xFF)))
        {
            return [v6[12..16]]; // ::a.b.c.d (compatible, and :: and ::1), ::ffff:a.b.c.d (mapped)
        }

        if (span[..8].IndexOfAnyExcept((byte)0) < 0 && span[8] == 0xFF && span[9] == 0xFF && span[10] == 0 && span[11] == 0)
        {
            return [v6[12..16]]; // ::ffff:0:a.b.c.d (translated)
        }

        if (span[0] == 0x00 && span[1] == 0x64 && span[2] == 0xFF && span[3] == 0x9B && span[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return [v6[12..16]]; // 64:ff9b::/96, NAT64
        }

        if (span[0] == 0x20 && span[1] == 0x02)
        {
            return [v6[2..6]]; // 2002::/16, 6to4
        }

        if (span[0] == 0x20 && span[1] == 0x01 && span[2] == 0x00 && span[3] == 0x00)
        {
            return [v6[4..8], [.. v6[12..16].Select(b => (byte)~b)]]; // 2001::/32, Teredo: its server, and its client (inverted)
        }

        return null;
    }

    private static bool IsPublicV4(byte[] bytes) => bytes[0] switch
    {
        0 or 10 or 127 => false,
        100 => bytes[1] is < 64 or > 127, // 100.64.0.0/10, carrier-grade NAT
        169 => bytes[1] != 254,
        172 => bytes[1] is < 16 or > 31,
        192 => !(bytes[1] == 168 || (bytes[1] == 0 && bytes[2] == 0)),
        198 => bytes[1] is not (18 or 19), // 198.18.0.0/15, benchmarking
        >= 224 => false,
        _ => true,
    };
}

/// <summary>A request refused before connecting: its host's addresses are all on this machine or a private network.</summary>
public sealed class PrivateNetworkException(string host) : IOException($"{host} is not on a public network.");
