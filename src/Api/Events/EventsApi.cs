using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using SoraFunctions.Core.Events;

namespace SoraFunctions.Api;

/// <summary>
/// <c>/v1/events</c>: an Event Grid subscription endpoint. It answers the CloudEvents webhook validation (an OPTIONS
/// request naming its origin) and refuses the Event Grid schema's SubscriptionValidation handshake (it takes only the
/// CloudEvents schema), and hands each delivered CloudEvent (one, or a batch, checked whole first: JSON data that fits
/// its type) to the event handlers; a 200 tells Event Grid the batch is delivered. Only a delivery
/// that proves its source (<see cref="EventDeliveryAuthenticator"/>) is read: a forged event is refused before anything
/// handles it.
/// </summary>
public static class EventsApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The most Event Grid puts in one delivery (an event, or a batch, of at most 1 MB).</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        // Event Grid delivers from its own addresses, as fast as it is asked to: the sender is proven, not rate limited.
        var events = routes.MapGroup("/v1/events").AddEndpointFilter(StorageFaultResponse.Filter).DisableRateLimiting();
        events.MapMethods("/", [HttpMethods.Options], Validate)
            .WithSummary("The CloudEvents webhook validation handshake (Event Grid's subscription).");
        events.MapPost("/", ReceiveAsync).AcceptsBody<JsonElement>("application/cloudevents+json", "application/cloudevents-batch+json")
            .WithSummary("Events from Event Grid (CloudEvents 1.0, one or a batch), proven by its shared secret or an Entra ID token; not for members.");
        return routes;
    }

    public static IResult Validate(HttpRequest request, HttpResponse response)
    {
        if (request.Headers["WebHook-Request-Origin"].FirstOrDefault() is not { Length: > 0 } origin)
        {
            return VideosApi.Problem(StatusCodes.Status400BadRequest, "EVENTS.ORIGIN_MISSING", "A validation request names its origin in WebHook-Request-Origin.");
        }

        response.Headers["WebHook-Allowed-Origin"] = origin;
        response.Headers["WebHook-Allowed-Rate"] = "*";
        return TypedResults.Ok();
    }

    public static async Task<IResult> ReceiveAsync(
        HttpRequest request, IEnumerable<IEventHandler> handlers, EventDeliveryAuthenticator authenticator, CancellationToken cancellation)
    {
        if (await authenticator.RefuseAsync(request, cancellation) is { } refusal)
        {
            return refusal;
        }

        List<CloudEvent> events;
        try
        {
            Uploads.LimitBody(request, MaxBodyBytes);
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, Json, cancellation);
            if (request.Headers["aeg-event-type"] == "SubscriptionValidation")
            {
                // An Event Grid schema subscription would deliver events this endpoint does not read: refused at its handshake.
                return VideosApi.Problem(StatusCodes.Status400BadRequest, "EVENTS.SCHEMA_UNSUPPORTED",
                    "This endpoint takes the CloudEvents 1.0 schema: subscribe with eventDeliverySchema CloudEventSchemaV1_0.");
            }

            events = body.ValueKind == JsonValueKind.Array ? [.. body.EnumerateArray().Select(CloudEvents.Parse)] : [CloudEvents.Parse(body)];
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return VideosApi.Problem(StatusCodes.Status413PayloadTooLarge, Core.Videos.ErrorCodes.BodyTooLarge,
                $"A delivery has at most {MaxBodyBytes:N0} bytes, as Event Grid sends them.");
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or FormatException)
        {
            return VideosApi.Problem(StatusCodes.Status400BadRequest, "EVENTS.MALFORMED",
                $"The body must be a CloudEvents 1.0 event or batch in JSON: {exception.Message}");
        }

        // The batch is checked whole before any of it is handled: a refused batch changed nothing.
        if (events.Select(EventData.Misfit).FirstOrDefault(misfit => misfit is not null) is { } misfit)
        {
            return VideosApi.Problem(StatusCodes.Status400BadRequest, "EVENTS.DATA_INVALID", misfit);
        }

        foreach (var cloudEvent in events)
        {
            foreach (var handler in handlers)
            {
                await handler.HandleAsync(cloudEvent, cancellation);
            }
        }

        return TypedResults.Ok();
    }
}
