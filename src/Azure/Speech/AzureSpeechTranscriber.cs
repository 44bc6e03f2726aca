using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Azure.Speech;

/// <summary>
/// Where Azure AI Speech is (<c>Sora:Speech</c>): with an endpoint set, the words of clips are heard by its fast
/// transcription instead of CMU Sphinx. A key authenticates with the resource key; without one, Microsoft Entra ID
/// (DefaultAzureCredential), for which the endpoint must be the resource's custom subdomain.
/// </summary>
public sealed class SpeechOptions
{
    public const string Section = "Sora:Speech";

    public Uri? Endpoint { get; set; }

    public string? Key { get; set; }

    /// <summary>The language the clips speak.</summary>
    public string Locale { get; set; } = "en-US";

    public AzureSpeechTranscriber CreateTranscriber(Uri endpoint) => string.IsNullOrEmpty(Key)
        ? new AzureSpeechTranscriber(endpoint, new BearerTokenAuthenticationPolicy(new DefaultAzureCredential(), JsonPipeline.CognitiveServicesScope), Locale)
        : new AzureSpeechTranscriber(endpoint, new JsonPipeline.ResourceKeyPolicy(new AzureKeyCredential(Key)), Locale);
}

/// <summary>
/// Transcription on Azure AI Speech's fast transcription REST API (<c>POST speechtotext/transcriptions:transcribe</c>,
/// version <see cref="ApiVersion"/>): the sound as the multipart form's <c>audio</c>, its <c>definition</c> naming the
/// locale; each phrase of the answer (<c>offsetMilliseconds</c>, <c>durationMilliseconds</c>, <c>text</c>) is one of the
/// transcript's. It answers while the caller waits; 429 and 5xx are retried by Azure.Core.
/// </summary>
public sealed class AzureSpeechTranscriber(Uri endpoint, HttpPipelinePolicy authentication, string locale) : ISpeechTranscriber
{
    public const string ApiVersion = "2024-11-15";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpPipeline pipeline = JsonPipeline.Build(authentication);

    public async Task<Transcript> TranscribeAsync(string sound, CancellationToken cancellation)
    {
        using var form = new MultipartFormDataContent();
        var audio = new ByteArrayContent(await File.ReadAllBytesAsync(sound, cancellation));
        audio.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(audio, "audio", Path.GetFileName(sound));
        form.Add(new StringContent(JsonSerializer.Serialize(new { locales = new[] { locale } }), Encoding.UTF8, "application/json"), "definition");
        var answer = await JsonPipeline.SendAsync(
            pipeline, RequestMethod.Post, JsonPipeline.Address(endpoint, "/speechtotext/transcriptions:transcribe", ApiVersion),
            BinaryData.FromBytes(await form.ReadAsByteArrayAsync(cancellation)), form.Headers.ContentType!.ToString(), cancellation);
        var result = answer.ToObjectFromJson<FastTranscription>(Json)
            ?? throw new InvalidDataException("Azure AI Speech answered without a transcription.");
        return new Transcript([
            .. (result.Phrases ?? []).Where(phrase => !string.IsNullOrWhiteSpace(phrase.Text)).Select(phrase => new SpokenPhrase(
                phrase.OffsetMilliseconds / 1000.0, (phrase.OffsetMilliseconds + phrase.DurationMilliseconds) / 1000.0, phrase.Text)),
        ]);
    }

    private sealed record FastTranscription(long DurationMilliseconds, IReadOnlyList<Phrase>? Phrases);

    private sealed record Phrase(long OffsetMilliseconds, long DurationMilliseconds, string Text);
}
