using System.Text.Json.Nodes;
using Azure;
using Microsoft.AspNetCore.Http;
using SoraFunctions.Azure.Speech;

namespace SoraFunctions.Azure.Tests;

/// <summary>
/// The transcriber against a local server that speaks Azure AI Speech's fast transcription as documented: a multipart
/// form with the sound as <c>audio</c> and a JSON <c>definition</c>, the resource key in <c>Ocp-Apim-Subscription-Key</c>,
/// phrases with their offsets and durations in milliseconds.
/// </summary>
public sealed class AzureSpeechTranscriberTests
{
    private const string Key = "speech-key";

    [Fact]
    public async Task The_sound_goes_as_a_form_and_each_phrase_comes_back_in_seconds_after_a_throttled_try()
    {
        var tries = 0;
        (string? ContentType, string Locales, int Bytes)? seen = null;
        await using var server = await LocalServer.StartAsync(async context =>
        {
            var request = context.Request;
            if (request.Headers["Ocp-Apim-Subscription-Key"] != Key || request.Query["api-version"] != AzureSpeechTranscriber.ApiVersion
                || request.Path != "/speechtotext/transcriptions:transcribe")
            {
                await LocalServer.RespondAsync(context, 401, LocalServer.ErrorBody("PermissionDenied", "Access denied."));
                return;
            }

            if (++tries == 1)
            {
                context.Response.Headers.RetryAfter = "0";
                await LocalServer.RespondAsync(context, 429, LocalServer.ErrorBody("TooManyRequests", "Slow down."));
                return;
            }

            var form = await request.ReadFormAsync();
            var audio = form.Files["audio"]!;
            seen = (audio.ContentType, JsonNode.Parse(form["definition"].ToString())!["locales"]!.ToJsonString(), (int)audio.Length);
            await LocalServer.RespondAsync(context, 200, JsonNode.Parse("""
                {
                  "durationMilliseconds": 9000,
                  "combinedPhrases": [{ "text": "The weather is lovely today. Thanks for coming." }],
                  "phrases": [
                    { "offsetMilliseconds": 520, "durationMilliseconds": 1680, "text": "The weather is lovely today.", "locale": "en-US", "confidence": 0.93,
                      "words": [{ "text": "The", "offsetMilliseconds": 520, "durationMilliseconds": 120 }] },
                    { "offsetMilliseconds": 3200, "durationMilliseconds": 1400, "text": "Thanks for coming.", "locale": "en-US", "confidence": 0.9 }
                  ]
                }
                """)!.AsObject());
        });
        var sound = Path.GetTempFileName();
        await File.WriteAllBytesAsync(sound, [.. "RIFF"u8, .. new byte[40]]);

        try
        {
            var transcript = await new SpeechOptions { Endpoint = Address(server), Key = Key }.CreateTranscriber(Address(server)).TranscribeAsync(sound, default);

            Assert.Equal(2, tries);
            Assert.Equal(("audio/wav", "[\"en-US\"]", 44), seen);
            Assert.Equal([(0.52, 2.2, "The weather is lovely today."), (3.2, 4.6, "Thanks for coming.")],
                transcript.Phrases.Select(phrase => (phrase.Start, phrase.End, phrase.Text)));
            var refused = await Assert.ThrowsAsync<RequestFailedException>(() =>
                new SpeechOptions { Key = "wrong" }.CreateTranscriber(Address(server)).TranscribeAsync(sound, default));
            Assert.Equal((401, "PermissionDenied"), (refused.Status, refused.ErrorCode));
        }
        finally
        {
            File.Delete(sound);
        }
    }

    private static Uri Address(Microsoft.AspNetCore.Builder.WebApplication server) => new(server.Urls.First());
}
