using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace SoraFunctions.Api;

/// <summary>
/// The API's OpenAPI 3.1 description, made from its routes (<c>/openapi/v1.json</c>; the Functions app serves the copy
/// kept in <c>docs/openapi.json</c>, which the tests hold equal to it), and a reference page that reads it (<c>/docs</c>,
/// Scalar's, every file of it served from this origin).
/// </summary>
public static class ApiDescription
{
    public const string DocumentPath = "/openapi/v1.json";

    public const string BearerScheme = "bearer";
    public const string SessionScheme = "session";

    public const string Json = "application/json";

    /// <summary>What the reference page may load: its own origin's files, its inline start-up script and styles, images it makes.</summary>
    public const string DocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static IServiceCollection AddApiDescription(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "SoraFunctions",
                    Version = "v1",
                    Description = "Text or image to a short clip with synchronized sound, in the shape of OpenAI's Videos API; cameos, remixes, "
                        + "edits, a social feed and webhooks. Errors are problem details (RFC 9457) with a stable `code`, and OpenAI's `error` object beside them.",
                };
                // Whoever serves it serves the API: a reader calls the origin it read the description from.
                document.Servers = [new OpenApiServer { Url = "/" }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [BearerScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        BearerFormat = "sora_sk_…",
                        Description = "An API key (`./sora key create NAME`, or `POST /v1/keys`), as the OpenAI SDKs send theirs.",
                    },
                    [SessionScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey,
                        In = ParameterLocation.Cookie,
                        Name = Authenticator.SessionCookie,
                        Description = $"A browser's session, from `POST /v1/sessions`; a request that changes something also sends `{Authenticator.AntiForgeryHeader}`: the session's `csrf_token`, also in the `{Authenticator.AntiForgeryCookie}` cookie.",
                    },
                };
                document.Tags = new HashSet<OpenApiTag>(
                    document.Paths.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []).SelectMany(operation => operation.Tags?.AsEnumerable() ?? []).Select(tag => tag.Name)
                        .Distinct().Order(StringComparer.Ordinal).Select(name => new OpenApiTag { Name = name }));
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (Examples.TryGetValue(context.JsonTypeInfo.Type, out var example))
                {
                    schema.Examples = [JsonNode.Parse(example)!];
                }

                // A number is written as a number (reading one from a string is leniency, not the contract); a field
                // that may be null (or left out) is not required.
                if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String) && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
                {
                    schema.Type = type & ~JsonSchemaType.String;
                    schema.Pattern = null;
                }

                if (schema is { Required.Count: > 0, Properties: { } properties })
                {
                    foreach (var (name, property) in properties)
                    {
                        if (property.Type is { } propertyType && propertyType.HasFlag(JsonSchemaType.Null))
                        {
                            schema.Required.Remove(name);
                        }
                    }
                }

                return Task.CompletedTask;
            });
            options.AddOperationTransformer(async (operation, context, cancellation) =>
            {
                // Every error is a problem with a stable code; a route for members takes an API key or a session.
                if (context.Document!.Components?.Schemas?.ContainsKey(nameof(ProblemObject)) != true)
                {
                    context.Document.AddComponent(nameof(ProblemObject), await context.GetOrCreateSchemaAsync(typeof(ProblemObject), null, cancellation));
                }

                var problem = new OpenApiSchemaReference(nameof(ProblemObject), context.Document);
                operation.Responses ??= [];
                operation.Responses["default"] = new OpenApiResponse
                {
                    Description = "A problem: its status, a stable `code`, and the same as OpenAI's `error` object.",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
                };
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
                {
                    operation.Security =
                    [
                        new() { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                        new() { [new OpenApiSecuritySchemeReference(SessionScheme, context.Document)] = [] },
                    ];
                }

                // Tagged by the class whose routes it is (Videos for VideosApi), a lambda's included.
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault()?.DeclaringType is { } declaring)
                {
                    while (declaring.IsNested && declaring.Name.StartsWith('<'))
                    {
                        declaring = declaring.DeclaringType!;
                    }

                    operation.Tags = new HashSet<OpenApiTagReference> { new(declaring.Name.Replace("Api", "", StringComparison.Ordinal), context.Document) };
                }
            });
        });

    /// <summary>
    /// The route takes a body of <typeparamref name="T"/> in any of <paramref name="contentTypes"/>, as the description
    /// says (and only says: the handler reads and checks the body itself, so a request is never turned away for its type).
    /// </summary>
    public static RouteHandlerBuilder AcceptsBody<T>(this RouteHandlerBuilder route, params string[] contentTypes) =>
        route.AddOpenApiOperationTransformer(async (operation, context, cancellation) =>
        {
            var body = (OpenApiRequestBody)(operation.RequestBody ??= new OpenApiRequestBody());
            body.Content ??= new Dictionary<string, OpenApiMediaType>();
            foreach (var type in contentTypes)
            {
                body.Content[type] = new OpenApiMediaType { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellation) };
            }
        });

    public static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder route) => route.AcceptsBody<T>(Json);

    /// <summary>The route takes a multipart form, described by <typeparamref name="TForm"/>'s fields (a file is an <see cref="IFormFile"/>).</summary>
    public static RouteHandlerBuilder AcceptsForm<TForm>(this RouteHandlerBuilder route) => route.AcceptsBody<TForm>("multipart/form-data");

    /// <summary>What the main bodies look like, as a reader would send them.</summary>
    private static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(CreateVideoBody)] = """{"prompt": "A jazz trio plays in a dim club; the drummer counts in, the crowd claps", "model": "sora-2", "seconds": "8", "size": "1280x720"}""",
        [typeof(VideoSourceBody)] = """{"video": {"id": "video_0123456789abcdef0123456789abcdef"}, "prompt": "make it black and white and slow the middle down"}""",
        [typeof(PromptBody)] = """{"prompt": "the same street at night, in the rain"}""",
        [typeof(WebhooksApi.EndpointBody)] = """{"name": "Renders", "url": "https://example.com/hooks/sora", "event_types": ["video.completed", "video.failed"]}""",
        [typeof(CommentBody)] = """{"text": "The drummer is perfect", "parent_id": null}""",
    };

    /// <summary>The route's body is a file of one of <paramref name="contentTypes"/>.</summary>
    public static RouteHandlerBuilder AcceptsBinary(this RouteHandlerBuilder route, params string[] contentTypes) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = contentTypes.ToDictionary(type => type, _ => Binary()) };
            return Task.CompletedTask;
        });

    /// <summary>The route answers a file of one of <paramref name="contentTypes"/>, or a redirect to the store's own short-lived link for it.</summary>
    public static RouteHandlerBuilder ProducesBinary(this RouteHandlerBuilder route, params string[] contentTypes) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            operation.Responses["200"] = new OpenApiResponse { Description = "The file.", Content = contentTypes.ToDictionary(type => type, _ => Binary()) };
            operation.Responses["302"] = new OpenApiResponse { Description = "A short-lived link to the file, where the clip store has one." };
            return Task.CompletedTask;
        });

    /// <summary>A video's content, one of <see cref="VideosApi.Variants"/>.</summary>
    public static RouteHandlerBuilder ProducesContent(this RouteHandlerBuilder route) =>
        route.ProducesBinary("video/mp4", "image/jpeg", "text/vtt", Json);

    /// <summary>The route answers server-sent events.</summary>
    public static RouteHandlerBuilder ProducesEvents(this RouteHandlerBuilder route) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = "Server-sent events, until the caller hangs up.",
                Content = new Dictionary<string, OpenApiMediaType> { ["text/event-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
            };
            return Task.CompletedTask;
        });

    private static OpenApiMediaType Binary() => new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };

    /// <summary>The description made from the routes (the local server's), and the reference page.</summary>
    public static IEndpointRouteBuilder MapApiDescription(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(DocumentPath.Replace("v1", "{documentName}", StringComparison.Ordinal));
        routes.MapGet("/docs", (HttpContext context) => ServeReference(context, null)).ExcludeFromDescription();
        routes.MapGet("/docs/{file}", (HttpContext context, string file) => ServeReference(context, file)).ExcludeFromDescription();
        return routes;
    }

    /// <summary>
    /// The reference page (<paramref name="file"/> null) or one of its files — Scalar's, from its package — with a
    /// policy that lets the browser load nothing from anywhere else; 404 for any other name. Both hosts serve it.
    /// </summary>
    public static IResult ServeReference(HttpContext context, string? file)
    {
        context.Response.Headers.ContentSecurityPolicy = DocsPolicy;
        if (file is null)
        {
            // A page at /docs loads its files from /docs/: the trailing slash makes its relative links resolve there.
            return context.Request.Path.Value?.EndsWith('/') == true ? TypedResults.Content(ReferencePage, "text/html; charset=utf-8") : TypedResults.Redirect("/docs/");
        }

        var (resource, type) = file switch
        {
            "scalar.js" => ("ScalarStaticAssets.scalar.js", "text/javascript; charset=utf-8"),
            "favicon.svg" => ("ScalarStaticAssets.favicon.svg", "image/svg+xml"),
            _ => (null, null),
        };
        if (resource is null || typeof(ScalarOptions).Assembly.GetManifestResourceStream(resource) is not { } stream)
        {
            return VideosApi.Problem(StatusCodes.Status404NotFound, "HTTP.NOT_FOUND", $"The reference page has no file '{file}'.");
        }

        context.Response.Headers.CacheControl = "public, max-age=3600";
        context.Response.Headers.Vary = "Accept-Encoding";
        var gzipped = new BufferedStream(stream);
        if (!IsGzip(gzipped))
        {
            return TypedResults.Stream(gzipped, type);
        }

        // The package keeps its files gzipped: sent as they are to a client that takes gzip (every browser), else unzipped.
        if (context.Request.Headers.AcceptEncoding.Any(value => value?.Contains("gzip", StringComparison.OrdinalIgnoreCase) == true))
        {
            context.Response.Headers.ContentEncoding = "gzip";
            return TypedResults.Stream(gzipped, type);
        }

        return TypedResults.Stream(new System.IO.Compression.GZipStream(gzipped, System.IO.Compression.CompressionMode.Decompress), type);
    }

    private static bool IsGzip(BufferedStream stream)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = 0;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    /// <summary>Scalar's reference, reading <see cref="DocumentPath"/>, with everything it would fetch from elsewhere (fonts, its AI agent, telemetry) off.</summary>
    private const string ReferencePage = $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>SoraFunctions API</title>
          <link rel="icon" href="favicon.svg">
        </head>
        <body>
          <div id="app"></div>
          <script src="scalar.js"></script>
          <script>
            Scalar.createApiReference('#app', {
              url: '{{DocumentPath}}', withDefaultFonts: false, favicon: 'favicon.svg', telemetry: false, showDeveloperTools: 'never', operationTitleSource: 'path',
              agent: { disabled: true }, mcp: { disabled: true },
            })
          </script>
        </body>
        </html>
        """;
}

/// <summary>
/// What every error answers (RFC 9457 problem details): the status, a stable <c>code</c> clients branch on, the values
/// that would have been accepted, and the same said as OpenAI's <c>error</c> object, which its SDKs read.
/// </summary>
public sealed record ProblemObject(
    string Type, string Title, int Status, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail, string Code, OpenAiErrorObject Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Allowed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TraceId);

/// <summary>OpenAI's error object: <c>type</c> is <c>invalid_request_error</c>, <c>authentication_error</c>, <c>permission_error</c>, <c>rate_limit_error</c> or <c>server_error</c>.</summary>
public sealed record OpenAiErrorObject(string Message, string Type, string? Param, string Code);
