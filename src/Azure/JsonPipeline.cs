using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace SoraFunctions.Azure;

/// <summary>JSON calls over an Azure.Core pipeline, for the REST APIs this project speaks without an SDK.</summary>
internal static class JsonPipeline
{
    /// <summary>The Microsoft Entra ID scope of Azure AI services (Content Safety, Speech).</summary>
    public const string CognitiveServicesScope = "https://cognitiveservices.azure.com/.default";

    /// <summary>
    /// A pipeline signed by <paramref name="authentication"/>, with Azure.Core's retry defaults (exponential,
    /// Retry-After honoured) and a bounded try unless <paramref name="options"/> say otherwise.
    /// </summary>
    public static HttpPipeline Build(HttpPipelinePolicy authentication, ClientOptions? options = null) =>
        HttpPipelineBuilder.Build(options ?? new BoundedClientOptions(), authentication);

    /// <summary>The address of <paramref name="path"/> under <paramref name="endpoint"/>, in the service's <paramref name="apiVersion"/>.</summary>
    public static Uri Address(Uri endpoint, string path, string apiVersion)
    {
        var uri = new RequestUriBuilder();
        uri.Reset(endpoint);
        uri.AppendPath(path, escape: false);
        uri.AppendQuery("api-version", apiVersion);
        return uri.ToUri();
    }

    /// <summary>One call with a JSON body or none; its answer as JSON, an empty object when it has none.</summary>
    public static async Task<JsonNode> SendJsonAsync(HttpPipeline pipeline, RequestMethod method, Uri uri, JsonNode? body, CancellationToken cancellation)
    {
        var content = await SendAsync(
            pipeline, method, uri, body is null ? null : BinaryData.FromString(body.ToJsonString()), "application/json", cancellation);
        return content.ToMemory().IsEmpty ? new JsonObject() : JsonNode.Parse(content.ToString()) ?? new JsonObject();
    }

    /// <summary>
    /// Sends one request (a JSON body when there is one) and returns the response's content, empty when it has none;
    /// a response outside 2xx throws <see cref="RequestFailedException"/> with the service's error code.
    /// </summary>
    public static async Task<BinaryData> SendAsync(
        HttpPipeline pipeline, RequestMethod method, Uri uri, BinaryData? body, string contentType, CancellationToken cancellation)
    {
        using var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.Add(HttpHeader.Names.Accept, "application/json");
        if (body is not null)
        {
            message.Request.Headers.Add(HttpHeader.Names.ContentType, contentType);
            message.Request.Content = RequestContent.Create(body);
        }

        await pipeline.SendAsync(message, cancellation);
        var response = message.Response;
        return response.IsError ? throw new RequestFailedException(response) : response.Content;
    }

    /// <summary>Sends an Azure AI services resource key on every try; reading it each time lets a rotated key take effect at once.</summary>
    public sealed class ResourceKeyPolicy(AzureKeyCredential key) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => message.Request.Headers.SetValue("Ocp-Apim-Subscription-Key", key.Key);
    }

    private sealed class BoundedClientOptions : ClientOptions
    {
        public BoundedClientOptions() => Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }
}
