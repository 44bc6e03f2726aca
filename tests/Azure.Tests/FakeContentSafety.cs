using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SoraFunctions.Azure.Tests;

/// <summary>
/// A local server speaking the Azure AI Content Safety REST API (2024-09-01) as documented: it checks the key, the
/// api-version and each request's shape, answers with the documented response shapes (and error envelope), and can be
/// told to throttle, fail or stall the next calls. Severities come from marker words in the text.
/// </summary>
public sealed class FakeContentSafety : IAsyncDisposable
{
    public const string Key = "test-key";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<Func<HttpContext, Task<bool>>> faults = new();
    private readonly ConcurrentDictionary<string, List<JsonObject>> blocklists = new();

    public ConcurrentQueue<(string Method, string Path, string ContentType, JsonNode? Body, DateTimeOffset At)> Requests { get; } = new();

    private FakeContentSafety(WebApplication app) => this.app = app;

    public Uri Endpoint => new(app.Urls.First() + "/");

    public static async Task<FakeContentSafety> StartAsync()
    {
        FakeContentSafety? fake = null;
        var app = await LocalServer.StartAsync(context => fake!.HandleAsync(context));
        return fake = new FakeContentSafety(app);
    }

    /// <summary>The next calls answer 429 with Retry-After (seconds) instead of working.</summary>
    public void Throttle(int times, int retryAfterSeconds) => Fault(times, async context =>
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Error(context, 429, "TooManyRequests", "Rate limit is exceeded.");
    });

    public void FailWith(int times, int status) => Fault(times, context => Error(context, status, "InternalServerError", "Something went wrong."));

    public void Stall(int times, TimeSpan delay) => Fault(times, async context =>
    {
        await Task.Delay(delay, context.RequestAborted);
        await Error(context, 500, "Late", "Too late.");
    });

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private void Fault(int times, Func<HttpContext, Task> respond)
    {
        for (var i = 0; i < times; i++)
        {
            faults.Enqueue(async context =>
            {
                await respond(context);
                return true;
            });
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = request.ContentLength > 0 || request.Headers.ContentType.Count > 0 ? await JsonNode.ParseAsync(request.Body) : null;
        Requests.Enqueue((request.Method, request.Path.Value!, request.ContentType ?? "", body, DateTimeOffset.UtcNow));
        if (faults.TryDequeue(out var fault) && await fault(context))
        {
            return;
        }

        if (request.Headers["Ocp-Apim-Subscription-Key"] != Key)
        {
            await Error(context, 401, "401", "Access denied due to invalid subscription key or wrong API endpoint.");
            return;
        }

        if (request.Query["api-version"] != "2024-09-01")
        {
            await Error(context, 404, "404", "Resource not found");
            return;
        }

        var path = request.Path.Value!;
        switch (request.Method, path)
        {
            case ("POST", "/contentsafety/text:analyze"):
                await AnalyzeText(context, body!.AsObject());
                break;
            case ("POST", "/contentsafety/image:analyze"):
                await AnalyzeImage(context, body!.AsObject());
                break;
            case ("POST", "/contentsafety/text:shieldPrompt"):
                await ShieldPrompt(context, body!.AsObject());
                break;
            default:
                await Blocklists(context, request.Method, path, body);
                break;
        }
    }

    private async Task AnalyzeText(HttpContext context, JsonObject body)
    {
        var text = body["text"]?.GetValue<string>();
        var outputType = body["outputType"]?.GetValue<string>() ?? "FourSeverityLevels";
        if (string.IsNullOrEmpty(text) || text.Length > 10_000 || outputType is not ("FourSeverityLevels" or "EightSeverityLevels"))
        {
            await Error(context, 400, "InvalidRequestBody", "The text must be 1 to 10000 characters and outputType a known value.");
            return;
        }

        var categories = body["categories"]?.AsArray().Select(c => c!.GetValue<string>()).ToList() ?? ["Hate", "Sexual", "SelfHarm", "Violence"];
        var matches = new JsonArray();
        foreach (var name in body["blocklistNames"]?.AsArray().Select(n => n!.GetValue<string>()) ?? [])
        {
            foreach (var item in blocklists.GetValueOrDefault(name) ?? [])
            {
                if (text.Contains(item["text"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase))
                {
                    matches.Add(new JsonObject { ["blocklistName"] = name, ["blocklistItemId"] = item["blocklistItemId"]!.GetValue<string>(), ["blocklistItemText"] = item["text"]!.GetValue<string>() });
                }
            }
        }

        await LocalServer.RespondAsync(context, 200, new JsonObject
        {
            ["blocklistsMatch"] = matches,
            ["categoriesAnalysis"] = new JsonArray([.. categories.Select(c => (JsonNode)new JsonObject { ["category"] = c, ["severity"] = Severity(text, c) })]),
        });
    }

    /// <summary>Marker words: "MAYHEM" rates Violence 5, "GRIEF" SelfHarm 3.</summary>
    private static int Severity(string text, string category) => category switch
    {
        "Violence" when text.Contains("MAYHEM", StringComparison.Ordinal) => 5,
        "SelfHarm" when text.Contains("GRIEF", StringComparison.Ordinal) => 3,
        _ => 0,
    };

    private static async Task AnalyzeImage(HttpContext context, JsonObject body)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(body["image"]?["content"]?.GetValue<string>() ?? "");
        }
        catch (FormatException)
        {
            bytes = [];
        }

        if (bytes.Length == 0 || body["outputType"]?.GetValue<string>() is { } type && type != "FourSeverityLevels")
        {
            await Error(context, 400, "InvalidRequestBody", "The image content must be base64 and outputType FourSeverityLevels.");
            return;
        }

        // Images whose first byte is 0xFF (JPEG) rate Sexual 4; others are clean.
        await LocalServer.RespondAsync(context, 200, new JsonObject
        {
            ["categoriesAnalysis"] = new JsonArray(
                new JsonObject { ["category"] = "Hate", ["severity"] = 0 },
                new JsonObject { ["category"] = "SelfHarm", ["severity"] = 0 },
                new JsonObject { ["category"] = "Sexual", ["severity"] = bytes[0] == 0xFF ? 4 : 0 },
                new JsonObject { ["category"] = "Violence", ["severity"] = 0 }),
        });
    }

    private static async Task ShieldPrompt(HttpContext context, JsonObject body)
    {
        if (body["userPrompt"] is not JsonValue prompt || body["documents"] is not JsonArray documents)
        {
            await Error(context, 400, "InvalidRequestBody", "userPrompt and documents are required.");
            return;
        }

        static bool Attack(string text) => text.Contains("ignore all previous instructions", StringComparison.OrdinalIgnoreCase);
        await LocalServer.RespondAsync(context, 200, new JsonObject
        {
            ["userPromptAnalysis"] = new JsonObject { ["attackDetected"] = Attack(prompt.GetValue<string>()) },
            ["documentsAnalysis"] = new JsonArray([.. documents.Select(d => (JsonNode)new JsonObject { ["attackDetected"] = Attack(d!.GetValue<string>()) })]),
        });
    }

    private async Task Blocklists(HttpContext context, string method, string path, JsonNode? body)
    {
        const string Prefix = "/contentsafety/text/blocklists/";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            await Error(context, 404, "NotFound", "Resource not found");
            return;
        }

        var rest = path[Prefix.Length..];
        var name = rest.Split([':', '/'])[0];
        switch (method, rest[name.Length..])
        {
            case ("PATCH", ""):
                if (context.Request.ContentType != "application/merge-patch+json")
                {
                    await Error(context, 415, "UnsupportedMediaType", "Use application/merge-patch+json.");
                    return;
                }

                var created = blocklists.TryAdd(name, []);
                await LocalServer.RespondAsync(context, created ? 201 : 200, new JsonObject { ["blocklistName"] = name, ["description"] = body?["description"]?.GetValue<string>() });
                break;
            case ("POST", ":addOrUpdateBlocklistItems") when blocklists.TryGetValue(name, out var items):
                var added = new JsonArray();
                foreach (var item in body!["blocklistItems"]!.AsArray())
                {
                    var stored = new JsonObject { ["blocklistItemId"] = Guid.NewGuid().ToString(), ["description"] = item!["description"]?.GetValue<string>() ?? "", ["text"] = item["text"]!.GetValue<string>() };
                    items.Add(stored);
                    added.Add(stored.DeepClone());
                }

                await LocalServer.RespondAsync(context, 200, new JsonObject { ["blocklistItems"] = added });
                break;
            case ("POST", ":removeBlocklistItems") when blocklists.TryGetValue(name, out var items):
                var ids = body!["blocklistItemIds"]!.AsArray().Select(i => i!.GetValue<string>()).ToHashSet();
                items.RemoveAll(i => ids.Contains(i["blocklistItemId"]!.GetValue<string>()));
                context.Response.StatusCode = 204;
                break;
            case ("GET", "/blocklistItems") when blocklists.TryGetValue(name, out var items):
                // Pages of two, linked by nextLink, as the service pages with top/skip.
                var skip = int.TryParse(context.Request.Query["skip"], out var s) ? s : 0;
                var page = new JsonObject { ["value"] = new JsonArray([.. items.Skip(skip).Take(2).Select(i => i.DeepClone())]) };
                if (skip + 2 < items.Count)
                {
                    page["nextLink"] = $"{Prefix}{name}/blocklistItems?api-version=2024-09-01&top=2&skip={skip + 2}";
                }

                await LocalServer.RespondAsync(context, 200, page);
                break;
            case ("DELETE", ""):
                blocklists.TryRemove(name, out _);
                context.Response.StatusCode = 204;
                break;
            default:
                await Error(context, 404, "NotFound", $"Blocklist {name} not found.");
                break;
        }
    }

    /// <summary>The service's error envelope.</summary>
    private static Task Error(HttpContext context, int status, string code, string message) =>
        LocalServer.RespondAsync(context, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["details"] = new JsonArray() } });
}
