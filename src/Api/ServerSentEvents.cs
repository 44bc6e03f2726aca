using System.Text;
using Microsoft.AspNetCore.Http;

namespace SoraFunctions.Api;

/// <summary>
/// A <c>text/event-stream</c> that looks at something every <c>interval</c> (in the store every instance shares, so any
/// instance streams the same) and sends it as an event each time it differs from what was sent last, until it says it
/// was the last or the caller hangs up.
/// </summary>
public static class ServerSentEvents
{
    public static IResult Stream(HttpContext context, string eventName, TimeSpan interval, Func<CancellationToken, Task<(string Data, bool Last)>> look) =>
        TypedResults.Stream(async body =>
        {
            var hungUp = context.RequestAborted;
            context.Response.Headers.CacheControl = "no-cache";
            string? sent = null;
            try
            {
                while (!hungUp.IsCancellationRequested)
                {
                    var (data, last) = await look(hungUp);
                    if (data != sent)
                    {
                        await body.WriteAsync(Encoding.UTF8.GetBytes($"event: {eventName}\ndata: {data}\n\n"), hungUp);
                        await body.FlushAsync(hungUp);
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
        }, "text/event-stream");
}
