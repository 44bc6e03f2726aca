using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace SoraFunctions.Azure.Safety;

/// <summary>
/// Options of the Azure AI Content Safety client: the REST API version, and Azure.Core's retry policy (429 and 5xx
/// retried with exponential back-off that honours <c>Retry-After</c>; a timeout per try).
/// </summary>
public sealed class ContentSafetyClientOptions : ClientOptions
{
    public const string DefaultApiVersion = "2024-09-01";

    public ContentSafetyClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 3;
        Retry.Delay = TimeSpan.FromMilliseconds(500);
        Retry.MaxDelay = TimeSpan.FromSeconds(10);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
    }

    public string ApiVersion { get; set; } = DefaultApiVersion;
}

public sealed record CategoryAnalysis(string Category, int? Severity);

public sealed record BlocklistMatch(string BlocklistName, string BlocklistItemId, string BlocklistItemText);

public sealed record TextAnalysisResult(IReadOnlyList<CategoryAnalysis> CategoriesAnalysis, IReadOnlyList<BlocklistMatch>? BlocklistsMatch);

public sealed record ImageAnalysisResult(IReadOnlyList<CategoryAnalysis> CategoriesAnalysis);

public sealed record AttackAnalysis(bool AttackDetected);

public sealed record ShieldPromptResult(AttackAnalysis UserPromptAnalysis, IReadOnlyList<AttackAnalysis>? DocumentsAnalysis);

public sealed record TextBlocklist(string BlocklistName, string? Description);

public sealed record TextBlocklistItem(string Text, string? Description = null, string? BlocklistItemId = null);

/// <summary>
/// A typed client of the Azure AI Content Safety REST API (text:analyze, image:analyze, text:shieldPrompt, text
/// blocklists), on Azure.Core's HTTP pipeline. Authenticates with a resource key (<c>Ocp-Apim-Subscription-Key</c>)
/// or a Microsoft Entra ID token. Failed calls throw <see cref="RequestFailedException"/> with the service's error code.
/// </summary>
public sealed class ContentSafetyClient
{
    /// <summary>The most characters text:analyze and text:shieldPrompt take in one call.</summary>
    public const int MaxTextLength = 10_000;

    private static readonly string[] Categories = ["Hate", "Sexual", "SelfHarm", "Violence"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Uri endpoint;
    private readonly HttpPipeline pipeline;
    private readonly string apiVersion;

    public ContentSafetyClient(Uri endpoint, AzureKeyCredential key, ContentSafetyClientOptions? options = null)
        : this(endpoint, new JsonPipeline.ResourceKeyPolicy(key), options ?? new())
    {
    }

    public ContentSafetyClient(Uri endpoint, TokenCredential credential, ContentSafetyClientOptions? options = null)
        : this(endpoint, new BearerTokenAuthenticationPolicy(credential, JsonPipeline.CognitiveServicesScope), options ?? new())
    {
    }

    private ContentSafetyClient(Uri endpoint, HttpPipelinePolicy authentication, ContentSafetyClientOptions options)
    {
        this.endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/'));
        apiVersion = options.ApiVersion;
        pipeline = JsonPipeline.Build(authentication, options);
    }

    /// <summary>Severities on the 0–7 scale for the four categories, and matches in the named blocklists.</summary>
    public Task<TextAnalysisResult> AnalyzeTextAsync(
        string text, IReadOnlyList<string>? blocklistNames = null, bool haltOnBlocklistHit = false, CancellationToken cancellation = default) =>
        SendAsync<TextAnalysisResult>(RequestMethod.Post, "text:analyze", new
        {
            text = CheckLength(text),
            categories = Categories,
            blocklistNames = blocklistNames is { Count: > 0 } ? blocklistNames : null,
            haltOnBlocklistHit,
            outputType = "EightSeverityLevels",
        }, cancellation);

    /// <summary>Severities of an image (JPEG, PNG, GIF, BMP, TIFF or WebP), on the service's four levels (0, 2, 4, 6).</summary>
    public Task<ImageAnalysisResult> AnalyzeImageAsync(ReadOnlyMemory<byte> image, CancellationToken cancellation = default) =>
        SendAsync<ImageAnalysisResult>(RequestMethod.Post, "image:analyze", new
        {
            image = new { content = Convert.ToBase64String(image.Span) },
            categories = Categories,
            outputType = "FourSeverityLevels",
        }, cancellation);

    /// <summary>Whether the user's prompt (or a document it brings) attempts a jailbreak or prompt injection.</summary>
    public Task<ShieldPromptResult> ShieldPromptAsync(string userPrompt, IReadOnlyList<string>? documents = null, CancellationToken cancellation = default) =>
        SendAsync<ShieldPromptResult>(RequestMethod.Post, "text:shieldPrompt", new
        {
            userPrompt = CheckLength(userPrompt),
            documents = documents ?? [],
        }, cancellation);

    public Task<TextBlocklist> CreateOrUpdateBlocklistAsync(string name, string? description, CancellationToken cancellation = default) =>
        SendAsync<TextBlocklist>(RequestMethod.Patch, $"text/blocklists/{Escape(name)}", new { description }, cancellation, "application/merge-patch+json");

    public async Task<IReadOnlyList<TextBlocklistItem>> AddOrUpdateBlocklistItemsAsync(
        string name, IReadOnlyList<TextBlocklistItem> items, CancellationToken cancellation = default) =>
        (await SendAsync<ItemList>(
            RequestMethod.Post, $"text/blocklists/{Escape(name)}:addOrUpdateBlocklistItems",
            new { blocklistItems = items.Select(i => new { text = i.Text, description = i.Description }) }, cancellation)).BlocklistItems;

    public Task RemoveBlocklistItemsAsync(string name, IReadOnlyList<string> itemIds, CancellationToken cancellation = default) =>
        SendAsync<object?>(RequestMethod.Post, $"text/blocklists/{Escape(name)}:removeBlocklistItems", new { blocklistItemIds = itemIds }, cancellation);

    /// <summary>Every item of a blocklist, following the service's pages.</summary>
    public async Task<IReadOnlyList<TextBlocklistItem>> ListBlocklistItemsAsync(string name, CancellationToken cancellation = default)
    {
        var items = new List<TextBlocklistItem>();
        Uri? next = Build($"text/blocklists/{Escape(name)}/blocklistItems");
        while (next is not null)
        {
            var page = await SendAsync<ItemPage>(RequestMethod.Get, next, null, cancellation);
            items.AddRange(page.Value);
            next = page.NextLink is { } link ? new Uri(endpoint, link) : null;
        }

        return items;
    }

    public Task DeleteBlocklistAsync(string name, CancellationToken cancellation = default) =>
        SendAsync<object?>(RequestMethod.Delete, Build($"text/blocklists/{Escape(name)}"), null, cancellation);

    private sealed record ItemList(IReadOnlyList<TextBlocklistItem> BlocklistItems);

    private sealed record ItemPage(IReadOnlyList<TextBlocklistItem> Value, string? NextLink);

    private Task<T> SendAsync<T>(
        RequestMethod method, string operation, object? body, CancellationToken cancellation, string contentType = "application/json") =>
        SendAsync<T>(method, Build(operation), body, cancellation, contentType);

    private async Task<T> SendAsync<T>(
        RequestMethod method, Uri uri, object? body, CancellationToken cancellation, string contentType = "application/json")
    {
        var content = await JsonPipeline.SendAsync(
            pipeline, method, uri, body is null ? null : BinaryData.FromObjectAsJson(body, Json), contentType, cancellation);
        return content.ToMemory().IsEmpty ? default! : content.ToObjectFromJson<T>(Json)!;
    }

    private Uri Build(string operation) => JsonPipeline.Address(endpoint, "/contentsafety/" + operation, apiVersion);

    private static string Escape(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            ? name
            : throw new ArgumentException($"'{name}' is not a blocklist name (1–64 letters, digits, - _ . ~).", nameof(name));

    private static string CheckLength(string text) =>
        text.Length <= MaxTextLength ? text : throw new ArgumentException($"At most {MaxTextLength} characters per call; split longer text.", nameof(text));
}
