using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using SoraFunctions.Core.Members;

namespace SoraFunctions.Api;

/// <summary>
/// Live <c>text/event-stream</c>s. Each looks at something every <c>interval</c> (in the store every instance shares, so
/// any instance streams the same) and sends it as an event each time it differs from what was sent last, until it says
/// it was the last, the caller hangs up, or the credential that opened it stops being valid (signed out, revoked, its
/// member suspended or deleted: looked at every <see cref="CredentialCheckInterval"/>). A member holds at most
/// <see cref="MaxPerMember"/> streams at once on an instance; one more is refused (429 <see cref="TooManyCode"/>).
/// </summary>
public sealed class ServerSentEvents(IMemberStore members, TimeProvider time)
{
    public const int MaxPerMember = 8;
    public const string TooManyCode = "STREAM.TOO_MANY";

    public static readonly TimeSpan CredentialCheckInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, int> open = new(StringComparer.Ordinal);

    private DateTimeOffset Now => time.GetUtcNow();

    public IResult Stream(Caller caller, string eventName, TimeSpan interval, Func<CancellationToken, Task<(string Data, bool Last)>> look) =>
        new EventStream(this, caller, eventName, interval, look);

    private bool TryOpen(string memberId)
    {
        while (true)
        {
            var held = open.GetOrAdd(memberId, 0);
            if (held >= MaxPerMember)
            {
                return false;
            }

            if (open.TryUpdate(memberId, held + 1, held))
            {
                return true;
            }
        }
    }

    private void Close(string memberId)
    {
        while (open.TryGetValue(memberId, out var held)
            && !(held == 1 ? open.TryRemove(KeyValuePair.Create(memberId, 1)) : open.TryUpdate(memberId, held - 1, held)))
        {
            // Changed meanwhile: try again.
        }
    }

    /// <summary>Whether the credential still proves an active member, as the next request with it would be asked.</summary>
    private async Task<bool> StillValidAsync(Credential credential, CancellationToken cancellation) =>
        await members.AuthenticateAsync(credential.Hash, cancellation) is { Credential: var current, Member.State: MemberState.Active }
        && current.IsUsableAt(Now);

    private sealed class EventStream(
        ServerSentEvents streams, Caller caller, string eventName, TimeSpan interval, Func<CancellationToken, Task<(string Data, bool Last)>> look) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var memberId = caller.Member.Id;
            if (!streams.TryOpen(memberId))
            {
                await VideosApi.Problem(StatusCodes.Status429TooManyRequests, TooManyCode, $"At most {MaxPerMember} live streams at once; close one first.")
                    .ExecuteAsync(context);
                return;
            }

            try
            {
                await SendAsync(context);
            }
            finally
            {
                streams.Close(memberId);
            }
        }

        private async Task SendAsync(HttpContext context)
        {
            var hungUp = context.RequestAborted;
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            string? sent = null;
            var checkedAt = streams.Now;
            try
            {
                while (!hungUp.IsCancellationRequested)
                {
                    if (streams.Now - checkedAt >= CredentialCheckInterval)
                    {
                        if (!await streams.StillValidAsync(caller.Credential, hungUp))
                        {
                            return;
                        }

                        checkedAt = streams.Now;
                    }

                    var (data, last) = await look(hungUp);
                    if (data != sent)
                    {
                        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"event: {eventName}\ndata: {data}\n\n"), hungUp);
                        await context.Response.Body.FlushAsync(hungUp);
                        sent = data;
                    }

                    if (last)
                    {
                        return;
                    }

                    await Task.Delay(interval, hungUp);
                }
            }
            catch (OperationCanceledException) when (hungUp.IsCancellationRequested)
            {
                // The caller hung up.
            }
        }
    }
}
