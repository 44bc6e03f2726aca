using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Api;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Ports;
using SoraFunctions.Functions.Durable;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Functions;

/// <summary>
/// The HTTP API, the Event Grid subscription's webhook and the generation job's completion callback. Each trigger hands its request to
/// the handler the local server maps (src/Api), with a <see cref="VideoService"/> over this invocation's Durable client.
/// </summary>
public sealed class ApiFunctions(IServiceProvider services, IClipStore clips, IEnumerable<IEventHandler> handlers)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Function("CreateVideo")]
    public Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v1/videos")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        ExecuteAsync(request, VideosApi.CreateAsync(request, Videos(client), request.HttpContext.RequestAborted));

    [Function("ListVideos")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/videos")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        ExecuteAsync(request, VideosApi.ListAsync(Videos(client), request.Query["limit"], request.Query["after"], request.HttpContext.RequestAborted));

    [Function("GetVideo")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/videos/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        ExecuteAsync(request, VideosApi.GetAsync(id, Videos(client), request.HttpContext.RequestAborted));

    [Function("GetVideoContent")]
    public Task<IActionResult> Content(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v1/videos/{id}/content")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        ExecuteAsync(request, VideosApi.ContentAsync(id, request.Query["variant"], Videos(client), clips, request.HttpContext.RequestAborted));

    /// <summary>
    /// The Event Grid subscription's webhook (with this function's key): the CloudEvents validation handshake, then each
    /// delivered event, one or a batch, to every handler; an answer other than 2xx makes Event Grid deliver again.
    /// </summary>
    [Function("Events")]
    public Task<IActionResult> Events(
        [HttpTrigger(AuthorizationLevel.Function, "options", "post", Route = "v1/events")] HttpRequest request) =>
        ExecuteAsync(request, HttpMethods.IsOptions(request.Method)
            ? Task.FromResult(EventsApi.Validate(request, request.HttpContext.Response))
            : EventsApi.ReceiveAsync(request, handlers, request.HttpContext.RequestAborted));

    /// <summary>
    /// The generation job reports its end here (with this function's key), so the pipeline goes on without waiting for
    /// its next status check; a lost call costs only that wait. A call for a video no pipeline runs for is refused (404).
    /// </summary>
    [Function("JobCompleted")]
    public async Task<IActionResult> JobCompleted(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "jobs/{videoId}/completed")] HttpRequest request, string videoId,
        [DurableClient] DurableTaskClient client)
    {
        GenerationCompleted? completed;
        try
        {
            completed = await JsonSerializer.DeserializeAsync<GenerationCompleted>(request.Body, Json, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            completed = null;
        }

        if (completed is null)
        {
            return await ExecuteAsync(request, Task.FromResult(VideosApi.Problem(
                StatusCodes.Status400BadRequest, "JOBS.MALFORMED", "The body must be a GenerationCompleted object in JSON.")));
        }

        if (await client.GetInstanceAsync(videoId, request.HttpContext.RequestAborted) is null)
        {
            return await ExecuteAsync(request, Task.FromResult(VideosApi.Problem(
                StatusCodes.Status404NotFound, "JOBS.VIDEO_UNKNOWN", $"No pipeline runs for '{videoId}'.")));
        }

        await client.RaiseEventAsync(videoId, GenerateVideoOrchestration.GenerationCompletedEvent, completed, request.HttpContext.RequestAborted);
        return new AcceptedResult();
    }

    private VideoService Videos(DurableTaskClient client) =>
        ActivatorUtilities.CreateInstance<VideoService>(services, new DurableOrchestrationClient(client));

    /// <summary>Writes the handler's result (problem details, JSON, redirects) to the response, as the local server does.</summary>
    private static async Task<IActionResult> ExecuteAsync(HttpRequest request, Task<IResult> handling)
    {
        IResult result;
        try
        {
            result = await handling;
        }
        catch (StorageFaultException fault)
        {
            result = StorageFaultResponse.For(request.HttpContext, fault);
        }

        await result.ExecuteAsync(request.HttpContext);
        return new EmptyResult();
    }
}
