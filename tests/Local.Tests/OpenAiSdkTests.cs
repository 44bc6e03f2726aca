using System.ClientModel;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpenAI.Videos;
using SoraFunctions.Api.Contract;
using SoraFunctions.Local.Cli;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// The API driven by OpenAI's official SDKs, unchanged, as their users drive OpenAI's: the Node SDK through every videos
/// and webhooks method it has (<c>tests/clients/openai-sdk.mjs</c> asserts each answer), and the .NET SDK's VideoClient.
/// </summary>
[Collection(HeavyRenders.Name)]
public sealed class OpenAiSdkTests : ServerTest
{
    // The Node script's webhook receiver listens on loopback.
    protected override async Task PrepareDataAsync()
    {
        Directory.CreateDirectory(Data);
        await File.WriteAllTextAsync(Path.Combine(Data, LocalHost.SettingsFile), """{"Sora": {"Webhooks": {"AllowPrivateNetworks": true}}}""");
    }

    [Fact]
    public async Task The_Node_SDK_works_unchanged_on_every_videos_and_webhooks_method()
    {
        var output = await NodeClients.RunAsync("openai-sdk.mjs", [], TimeSpan.FromMinutes(8), new()
        {
            ["SORA_BASE_URL"] = Http.BaseAddress!.AbsoluteUri.TrimEnd('/'),
            ["SORA_API_KEY"] = Http.DefaultRequestHeaders.Authorization!.Parameter,
            ["SORA_WORK"] = Directory.CreateDirectory(Path.Combine(Data, "..", "node")).FullName,
        });

        Assert.EndsWith("checked 12", output.TrimEnd());
    }

    [Fact]
    public async Task The_dotnet_SDKs_VideoClient_creates_reads_lists_downloads_remixes_and_deletes()
    {
#pragma warning disable OPENAI001 // VideoClient is marked for evaluation in OpenAI 2.15
        var videos = new VideoClient(
            new ApiKeyCredential(Http.DefaultRequestHeaders.Authorization!.Parameter!), new VideoClientOptions { Endpoint = new Uri(Http.BaseAddress!, "/v1") });
#pragma warning restore OPENAI001
        using var form = new MultipartFormDataContent { { new StringContent("A lighthouse on a cliff at dusk, waves below"), "prompt" }, { new StringContent("1280x720"), "size" } };
        var body = await form.ReadAsByteArrayAsync();

        var created = Json(await videos.CreateVideoAsync(BinaryContent.Create(BinaryData.FromBytes(body)), form.Headers.ContentType!.ToString()));
        var id = created.GetProperty("id").GetString()!;
        var video = created;
        for (var started = Stopwatch.StartNew(); video.GetProperty("status").GetString() is "queued" or "in_progress" && started.Elapsed < Patience; await Task.Delay(500))
        {
            video = Json(await videos.GetVideoAsync(id));
        }

        var mp4 = (await videos.DownloadVideoAsync(id)).GetRawResponse().Content.ToArray();
        var thumbnail = (await videos.DownloadVideoAsync(id, "thumbnail")).GetRawResponse().Content.ToArray();
        var pages = new List<JsonElement>();
        await foreach (var page in videos.GetVideosAsync(limit: 10, order: "asc").GetRawPagesAsync())
        {
            pages.Add(JsonDocument.Parse(page.GetRawResponse().Content).RootElement);
        }

        var remix = Json(await videos.CreateVideoRemixAsync(id, BinaryContent.Create(BinaryData.FromObjectAsJson(new { prompt = "the same cliff under a storm" })), "application/json"));
        var deleted = Json(await videos.DeleteVideoAsync(remix.GetProperty("id").GetString()!));
        var missing = await Assert.ThrowsAsync<ClientResultException>(() => videos.GetVideoAsync("video_nope"));

        Assert.Equal(("video", "1280x720", "4"), (created.GetProperty("object").GetString(), created.GetProperty("size").GetString(), created.GetProperty("seconds").GetString()));
        Assert.Equal("completed", video.GetProperty("status").GetString());
        Assert.Equal("ftyp", Encoding.ASCII.GetString(mp4[4..8]));
        Assert.Equal([0xFF, 0xD8], thumbnail[..2]);
        Assert.Equal([id], pages.SelectMany(page => page.GetProperty("data").EnumerateArray()).Select(item => item.GetProperty("id").GetString()));
        Assert.Equal(id, remix.GetProperty("remixed_from_video_id").GetString());
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        Assert.Equal(404, missing.Status);
        Assert.Contains("No video has id 'video_nope'.", missing.Message);
    }

    private static JsonElement Json(ClientResult result) => JsonDocument.Parse(result.GetRawResponse().Content).RootElement;
}

/// <summary>The API's OpenAPI description (<c>docs/openapi.json</c>) as the tools that read one take it.</summary>
public sealed class ApiDescriptionTests
{
    [Fact]
    public async Task The_description_is_valid_OpenAPI_3_1_with_every_reference_resolved() =>
        Assert.Matches(@"^valid OpenAPI 3\.1\.\d+: \d{2,} paths$", (await NodeClients.RunAsync("validate-openapi.mjs", [OpenApiConformance.DocumentPath()], TimeSpan.FromMinutes(1))).Trim());
}

/// <summary>The Node scripts in <c>tests/clients</c>, run with the official clients installed there.</summary>
internal static class NodeClients
{
    /// <summary>Runs the script; its standard output when it exits 0, else the test fails with what it printed.</summary>
    public static async Task<string> RunAsync(string script, IEnumerable<string> arguments, TimeSpan patience, Dictionary<string, string?>? environment = null)
    {
        var clients = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(OpenApiConformance.DocumentPath()))!, "tests", "clients");
        var start = new ProcessStartInfo("node", [Path.Combine(clients, script), .. arguments])
        {
            WorkingDirectory = clients,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(patience);
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"{await output}\n{await errors}");
        return await output;
    }
}

/// <summary>
/// Tests that render many clips, or record from the browser's camera, run one after another: on two cores a camera
/// recording made while nine clips render can stutter enough that its digits are not heard.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HeavyRenders
{
    public const string Name = "heavy renders";
}
