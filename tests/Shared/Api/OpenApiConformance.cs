using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace SoraFunctions.Api.Contract;

/// <summary>
/// Holds every response a client receives from <c>/v1</c> to the API's OpenAPI description (<c>docs/openapi.json</c>): the route and
/// method must be described, and a JSON body must match the schema described for its status (or the default problem),
/// with no field the schema does not name. A response that does not conform fails the request with what differs.
/// </summary>
public sealed class OpenApiConformance : DelegatingHandler
{
    private static readonly Lazy<Description> Described = new(() => new Description(File.ReadAllText(DocumentPath())));

    public OpenApiConformance(HttpMessageHandler inner) : base(inner)
    {
    }

    /// <summary>A client for <paramref name="baseAddress"/> (calling as <paramref name="like"/> does, if given) whose every response is held to the description.</summary>
    public static HttpClient Client(Uri baseAddress, HttpClient? like = null, HttpClientHandler? handler = null)
    {
        var client = new HttpClient(new OpenApiConformance(handler ?? new HttpClientHandler())) { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = like?.DefaultRequestHeaders.Authorization;
        return client;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type is not ("application/json" or "application/problem+json") || !request.RequestUri!.AbsolutePath.StartsWith("/v1/", StringComparison.Ordinal))
        {
            return response;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
        if (Described.Value.Check(request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode, type, body) is { } problem)
        {
            throw new InvalidOperationException($"{request.Method} {request.RequestUri.PathAndQuery} answered {(int)response.StatusCode} unlike its description: {problem}\n{body}");
        }

        return response;
    }

    /// <summary>Where the description is kept: <c>docs/openapi.json</c>, above the tests' folder.</summary>
    public static string DocumentPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "docs", "openapi.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("docs/openapi.json was not found above " + AppContext.BaseDirectory);
    }

    private sealed class Description
    {
        private readonly JsonObject document;
        private readonly JsonObject definitions;
        private readonly List<(Regex Pattern, string Template, int Parameters)> routes;
        private readonly ConcurrentDictionary<string, JsonSchema> schemas = new();
        private int built;

        public Description(string json)
        {
            document = JsonNode.Parse(json)!.AsObject();
            // The components' schemas as JSON Schema definitions, closed: a field the description does not name is a difference.
            definitions = JsonNode.Parse(json.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!["components"]!["schemas"]!.AsObject();
            foreach (var (_, schema) in definitions)
            {
                Close(schema);
            }

            routes = [.. document["paths"]!.AsObject().Select(path => (
                new Regex("^" + Regex.Replace(Regex.Escape(path.Key), @"\\\{[^/]+?}", "[^/]+") + "$"), path.Key, path.Key.Count(c => c == '{')))
                .OrderBy(route => route.Item3)];
        }

        /// <summary>What differs from the description (null: nothing).</summary>
        public string? Check(string method, string path, int status, string mediaType, JsonElement body)
        {
            var template = routes.FirstOrDefault(route => route.Pattern.IsMatch(path.TrimEnd('/').Length == 0 ? "/" : path.TrimEnd('/'))).Template;
            var operation = template is null ? null : document["paths"]![template]![method.ToLowerInvariant()];
            if (operation is null)
            {
                // A route that does not exist is answered by the framework with a problem, as every error is.
                return status is 404 or 405 ? Validate("problem", Reference("ProblemObject"), body) : $"{method} {path} is not described";
            }

            var responses = operation["responses"]!.AsObject();
            var answer = responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? (status >= 400 ? responses["default"] : null);
            if (answer?["content"]?[mediaType]?["schema"] is not { } schema)
            {
                return $"no {mediaType} answer with status {status} is described for {method} {template}";
            }

            return Validate($"{method} {template} {status} {mediaType}", schema, body);
        }

        private static JsonNode Reference(string name) => new JsonObject { ["$ref"] = $"#/components/schemas/{name}" };

        private string? Validate(string key, JsonNode schema, JsonElement body)
        {
            var compiled = schemas.GetOrAdd(key, _ =>
            {
                var root = JsonNode.Parse(schema.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!.AsObject();
                Close(root);
                root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
                root["$defs"] = definitions.DeepClone();
                return JsonSchema.FromText(root.ToJsonString(), baseUri: new Uri($"https://sorafunctions.test/schemas/{Interlocked.Increment(ref built)}"));
            });
            var result = compiled.Evaluate(body, new EvaluationOptions { OutputFormat = OutputFormat.List });
            return result.IsValid
                ? null
                : string.Join("; ", (result.Details ?? []).Where(detail => detail.Errors is { Count: > 0 })
                    .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}")).Take(8));
        }

        /// <summary>An object schema with named properties takes no others (left open where the description says what else it takes).</summary>
        private static void Close(JsonNode? node)
        {
            if (node is JsonObject schema && schema["properties"] is JsonObject properties && !schema.ContainsKey("additionalProperties"))
            {
                schema["additionalProperties"] = false;
                foreach (var (_, property) in properties)
                {
                    Close(property);
                }
            }

            if (node is JsonObject other)
            {
                foreach (var key in new[] { "items", "oneOf", "anyOf", "allOf" })
                {
                    switch (other[key])
                    {
                        case JsonObject single:
                            Close(single);
                            break;
                        case JsonArray many:
                            foreach (var item in many)
                            {
                                Close(item);
                            }

                            break;
                    }
                }
            }
        }
    }
}
