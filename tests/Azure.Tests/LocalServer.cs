using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Azure.Tests;

/// <summary>A quiet Kestrel server on 127.0.0.1 and a free port, answering every request with one handler.</summary>
public static class LocalServer
{
    public static async Task<WebApplication> StartAsync(RequestDelegate handler) =>
        (await LoopbackServer.StartAsync(app => app.Run(handler))).App;

    /// <summary>
    /// A local Azure JSON API: a request without <paramref name="token"/> as its bearer token is refused (401), one with
    /// another api-version too (400), each in the service's error envelope; the rest get what <paramref name="answer"/>
    /// says, given the request and its JSON body (null without one).
    /// </summary>
    public static Task<WebApplication> StartJsonApiAsync(
        string token, string apiVersion, (string Code, string Message) unauthorized, (string Code, string Message) unsupportedVersion,
        Func<HttpRequest, JsonNode?, (int Status, JsonObject Body)> answer) =>
        StartAsync(async context =>
        {
            var request = context.Request;
            var (status, body) = request.Headers.Authorization != $"Bearer {token}" ? (401, ErrorBody(unauthorized.Code, unauthorized.Message))
                : request.Query["api-version"] != apiVersion ? (400, ErrorBody(unsupportedVersion.Code, unsupportedVersion.Message))
                : answer(request, request.ContentLength > 0 ? JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync()) : null);
            await RespondAsync(context, status, body);
        });

    /// <summary>Answers with a JSON body.</summary>
    public static Task RespondAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    /// <summary>The error envelope ARM and Key Vault answer with.</summary>
    public static JsonObject ErrorBody(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };
}

/// <summary>Signs requests with a fixed bearer token (Azure.Core's bearer policy refuses plain HTTP).</summary>
public sealed class TokenPolicy(string token) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) => message.Request.Headers.SetValue("Authorization", $"Bearer {token}");
}
