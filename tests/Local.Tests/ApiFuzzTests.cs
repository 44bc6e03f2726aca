using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SoraFunctions.Api;
using SoraFunctions.Core.Cameos;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// Malformed and hostile requests against the local server on loopback, from a fixed seed: none may get a 5xx, every
/// refusal is problem details with a code, and only the requests answered with a video leave a record.
/// </summary>
public sealed class ApiFuzzTests : ServerTest
{
    private const int Requests = 1200;

    /// <summary>
    /// Every prompt is refused at screening, so the requests that get through never start a render; the key's rate is
    /// raised so that the fuzz reaches the handlers.
    /// </summary>
    protected override Task PrepareDataAsync() => TestServer.RefuseEveryPromptAsync(
        Data, """ "RateLimit": {"RequestsPerMinute": 1000000, "Burst": 100000, "AddressRequestsPerMinute": 1000000, "AddressBurst": 100000} """);

    [Fact]
    public async Task A_thousand_malformed_requests_get_coded_4xx_answers_and_leave_nothing_behind()
    {
        var fuzz = new RequestFuzzer(new Random(20261130), await ActiveCameoAsync());
        var created = new HashSet<string>();
        var answers = new Dictionary<int, int>();
        for (var i = 0; i < Requests; i++)
        {
            using var request = fuzz.Next();
            var description = $"{request.Method} {request.RequestUri} {request.Content?.Headers.ContentType}";
            var creates = request.Method == HttpMethod.Post && request.RequestUri!.OriginalString == "/v1/videos";
            using var response = await Http.SendAsync(request);
            var status = (int)response.StatusCode;
            answers[status] = answers.GetValueOrDefault(status) + 1;

            Assert.True(status < 500, $"{description} got {status}: {await response.Content.ReadAsStringAsync()}");
            if (status >= 400)
            {
                var problem = await response.Content.ReadAsStringAsync();
                Assert.True(problem.StartsWith('{') && JsonDocument.Parse(problem).RootElement.TryGetProperty("code", out var code) && code.GetString() is { Length: > 0 },
                    $"{description} got {status} without a code: {problem}");
            }
            else if (creates)
            {
                created.Add((await ReadAsync(response)).GetProperty("id").GetString()!);
            }
        }

        Assert.Equal(created.Order(), (await ListAllAsync()).Order());
        Assert.True(answers.Keys.Count(status => status >= 400) >= 3, "the fuzzer reaches several kinds of refusal");
        var cameo = await ReadAsync(await Http.GetAsync($"/v1/videos/characters/{fuzz.CameoId}"));
        Assert.Contains(cameo.GetProperty("permission").GetString(), CameosApi.Permissions); // its terms were changed only to valid ones
    }

    /// <summary>The local member's cameo, as verification leaves one, for the fuzzer to change the terms of.</summary>
    private async Task<string> ActiveCameoAsync()
    {
        var owner = await App.Services.GetRequiredService<Accounts>().LocalMemberAsync(default);
        var cameo = Cameo.Record(Cameo.NewId(), CameoChallenge.Issue(owner.Id, DateTimeOffset.UtcNow), "me", DateTimeOffset.UtcNow);
        cameo.MarkVerified($"{Cameo.FolderOf(cameo.Id)}/face.jpg", new VoiceProfile(120, 150), new FaceDescriptor([1]), DateTimeOffset.UtcNow);
        await App.Services.GetRequiredService<ICameoStore>().TryCreateAsync(cameo, []);
        return cameo.Id;
    }

    private async Task<List<string>> ListAllAsync()
    {
        var ids = new List<string>();
        for (var after = ""; ;)
        {
            var page = await ReadAsync(await Http.GetAsync($"/v1/videos?limit=100{after}"));
            ids.AddRange(page.GetProperty("data").EnumerateArray().Select(v => v.GetProperty("id").GetString()!));
            if (!page.GetProperty("has_more").GetBoolean())
            {
                return ids;
            }

            after = $"&after={ids[^1]}";
        }
    }

    [Theory]
    [InlineData("seed", "99999999999999999999", "VALIDATION.SEED.OUT_OF_RANGE")]
    [InlineData("seed", "-3", "VALIDATION.SEED.OUT_OF_RANGE")]
    [InlineData("input_reference", "a picture, as text", "VALIDATION.INPUT_REFERENCE.NOT_A_FILE")]
    [InlineData("strict", "maybe", "VALIDATION.BODY.MALFORMED")]
    [InlineData("edits", "[null]", "EDIT.TYPE.UNKNOWN")]
    public async Task Bad_form_fields_are_refused_with_a_code(string field, string value, string code)
    {
        using var form = new MultipartFormDataContent { { new StringContent("a fox runs through snow"), "prompt" }, { new StringContent(value), field } };

        var response = await Http.PostAsync("/v1/videos", form);

        Assert.Equal((HttpStatusCode.BadRequest, code), (response.StatusCode, (await ReadAsync(response)).GetProperty("code").GetString()));
    }

    [Theory]
    [InlineData("""{"prompt": "a fox", "edits": [null]}""", "EDIT.TYPE.UNKNOWN")]
    [InlineData("""{"prompt": "a fox", "seed": -1}""", "VALIDATION.SEED.OUT_OF_RANGE")]
    [InlineData("""{"prompt": "a fox", "seconds": "04"}""", "VALIDATION.SECONDS.UNSUPPORTED")]
    [InlineData("""{"prompt": "\u0000\u0007"}""", "VALIDATION.PROMPT.CONTROL_CHARACTERS")]
    [InlineData("""{"prompt": "\u202E\u2066"}""", "VALIDATION.PROMPT.CONTROL_CHARACTERS")]
    [InlineData("""{"prompt": "?!  ..."}""", "VALIDATION.PROMPT.EMPTY")]
    public async Task Bad_json_fields_are_refused_with_a_code(string body, string code)
    {
        var response = await Http.PostAsync("/v1/videos", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.BadRequest, code), (response.StatusCode, (await ReadAsync(response)).GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Bodies_without_a_boundary_or_with_a_long_file_name_are_refused_not_failed()
    {
        var noBoundary = new ByteArrayContent("--x\r\n\r\n"u8.ToArray());
        noBoundary.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        using var longName = new MultipartFormDataContent
        {
            { new StringContent("a fox runs through snow"), "prompt" },
            { new ByteArrayContent([1, 2, 3]), "input_reference", "a." + new string('b', 300) },
        };

        var truncated = await Http.PostAsync("/v1/videos", noBoundary);
        var named = await Http.PostAsync("/v1/videos", longName);

        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.BODY.MALFORMED"), (truncated.StatusCode, (await ReadAsync(truncated)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.INPUT_REFERENCE.UNREADABLE"), (named.StatusCode, (await ReadAsync(named)).GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_body_over_the_limit_and_a_long_edit_list_are_refused_before_they_are_read()
    {
        var ramps = string.Join(',', Enumerable.Repeat("""{"type": "speed", "start": 0, "end": 1, "factor": 2}""", 40_000));
        var huge = await Http.PostAsync("/v1/videos", new StringContent($$"""{"prompt": "a fox", "edits": [{{ramps}}]}""", Encoding.UTF8, "application/json"));
        var many = await Http.PostAsync("/v1/videos", new StringContent(
            $$"""{"prompt": "a fox", "edits": [{{string.Join(',', Enumerable.Repeat("""{"type": "loop"}""", 100))}}]}""", Encoding.UTF8, "application/json"));

        var unannounced = await Http.PostAsync("/v1/videos", new ChunkedContent(Encoding.UTF8.GetBytes($$"""{"prompt": "a fox", "edits": [{{ramps}}]}""")));

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "VALIDATION.BODY.TOO_LARGE"), (huge.StatusCode, (await ReadAsync(huge)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "VALIDATION.BODY.TOO_LARGE"), (unannounced.StatusCode, (await ReadAsync(unannounced)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "EDIT.TOO_MANY"), (many.StatusCode, (await ReadAsync(many)).GetProperty("code").GetString()));
    }

    /// <summary>A JSON body sent without a length (chunked), so the server finds the limit while reading.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] body;

        public ChunkedContent(byte[] body)
        {
            this.body = body;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>Requests against every route: valid shapes broken in every way that matters, plus plain noise.</summary>
    private sealed class RequestFuzzer(Random random, string cameoId)
    {
        private static readonly string[] Paths =
        [
            "/v1/videos", "/v1/videos/video_0123", "/v1/videos/..%2f..%2fsora.db", "/v1/videos/video_1/content", "/v1/nothing",
            "/v1/accounts", "/v1/sessions", "/v1/sessions/current", "/v1/me", "/v1/keys", "/v1/keys/key_0123", "/v1/invites", "/v1/members/local",
            "/v1/videos/characters", "/v1/videos/characters/challenges", "/v1/videos/characters/cameo_0123", "/v1/videos/video_0123/review",
            "/v1/videos/characters/cameo_0123/approved/local", "/v1/videos/video_0123/post", "/v1/videos/video_0123/likes",
            "/v1/videos/video_0123/comments", "/v1/videos/video_0123/comments/comment_0123", "/v1/members/local/videos",
            "/v1/notifications", "/v1/notifications/read", "/v1/videos/video_0123/views", "/v1/videos/video_0123/remix",
            "/v1/feed/following", "/v1/feed/following?cursor=1_x", "/v1/feed/for_you?explain=true", "/v1/feed/for_you?cursor=99999999999999999999_x", "/v1/feed/for_you?cursor=253402300799999_x",
            "/v1/reports", "/v1/moderation/cases", "/v1/moderation/cases/case_video_0123", "/v1/moderation/cases/case_video_0123/actions",
            "/v1/members/local/moderator", "/v1/videos/video_0123/shares", "/v1/shared/video_0123.AAAAAAAAAAAAAAAAAAAAAA", "/v1/shared/x/content",
            "/v1/me/password", "/v1/me/likes", "/v1/me/likes?cursor=..%2f", "/v1/videos/characters/castable", "/v1/prompts/review",
            "/v1/videos/video_0123/events", "/v1/moderation/cases?status=nope", "/", "/app/app.js", "/app/..%2f..%2fsora.db",
            "/v1/search/members?q=%40lo", "/v1/search/members?q=%22%20OR%20*", "/v1/search/posts?q=NEAR(a%20b)%20%23%23", "/v1/search/posts?q=jazz&cursor=video_0123",
            "/v1/search/posts?q=%E2%80%AE%F0%9F%8E%B7", "/v1/discover",
        ];

        public string CameoId => cameoId;

        private static readonly string[] Fields = ["prompt", "model", "seconds", "size", "seed", "edits", "strict", "input_reference"];

        /// <summary>Mostly creates, the route that reads the richest bodies; the rest probe every route and method.</summary>
        public HttpRequestMessage Next()
        {
            var roll = random.Next(10);
            if (roll >= 8)
            {
                var path = Pick(Paths);
                var method = Pick([HttpMethod.Get, HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Options, HttpMethod.Post]);
                return method == HttpMethod.Get
                    ? new HttpRequestMessage(method, path + Pick(["", "?limit=" + Noise(), "?after=" + Noise(), "?variant=" + Noise(), "?limit=100000000000"]))
                    : new HttpRequestMessage(method, path) { Content = VideoBody() };
            }

            if (roll == 4)
            {
                // Cameos: the terms of a real one, recordings that are not, approvals and reviews of anyone.
                return random.Next(4) switch
                {
                    0 => new HttpRequestMessage(HttpMethod.Patch, $"/v1/videos/characters/{Pick([cameoId, cameoId, "cameo_0123"])}") { Content = Json(Mutate(ValidTerms())) },
                    1 => new HttpRequestMessage(HttpMethod.Post, "/v1/videos/characters") { Content = Recording() },
                    2 => new HttpRequestMessage(Pick([HttpMethod.Put, HttpMethod.Delete]), $"/v1/videos/characters/{cameoId}/approved/{Word()}"),
                    _ => new HttpRequestMessage(HttpMethod.Post, $"/v1/videos/{Pick(["video_0123", Word()])}/review") { Content = Json(Mutate(new JsonObject { ["decision"] = "approve" })) },
                };
            }

            if (roll == 5)
            {
                // Small bodies: a request refused before its body is read (no credential) is answered and its connection
                // closed, and a client still sending megabytes then sees a broken pipe instead of the answer.
                var body = Mutate(ValidAccount());
                var account = new HttpRequestMessage(HttpMethod.Post, Pick(["/v1/accounts", "/v1/sessions", "/v1/keys", "/v1/invites"]))
                {
                    Content = Json(body?.ToJsonString().Length > 8192 ? ValidAccount() : body),
                };
                if (random.Next(3) == 0)
                {
                    account.Headers.TryAddWithoutValidation("Authorization", Pick(["Bearer ", "Basic ", "", "Bearer sora_sk_"]) + new string(Noise().Where(char.IsAsciiLetterOrDigit).ToArray()));
                }

                return account;
            }

            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/videos") { Content = VideoBody() };
            if (random.Next(4) == 0)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", new string(Noise().Where(char.IsAsciiLetterOrDigit).ToArray()) + "-key");
            }

            return request;
        }

        private HttpContent VideoBody() => random.Next(5) switch
        {
            0 => Form(),
            1 => Raw(Noise(), Pick(["application/json", "text/plain", "multipart/form-data", "multipart/form-data; boundary=", "application/x-www-form-urlencoded"])),
            _ => Json(Mutate(ValidVideo())),
        };

        private static JsonNode ValidAccount() => new JsonObject
        {
            ["invite_code"] = "ABCD-EFGHJK", ["username"] = "fuzzy", ["birthdate"] = "1990-04-01", ["password"] = "a long enough password",
            ["name"] = "fuzz key", ["count"] = 2, ["display_name"] = "Fuzzy",
        };

        private static JsonNode ValidVideo() => new JsonObject
        {
            ["prompt"] = "a fox runs through snow in a forest at dawn, close-up",
            ["model"] = "sora-2",
            ["seconds"] = "4",
            ["size"] = "720x1280",
            ["seed"] = 7,
            ["edits"] = new JsonArray(new JsonObject { ["type"] = "trim", ["start"] = 0, ["end"] = 2 }, new JsonObject { ["type"] = "speed", ["start"] = 0, ["end"] = 1, ["factor"] = 2 }),
        };

        /// <summary>How deep mutations nest: arrays grow from clones of their own items, which would otherwise explode.</summary>
        private const int MaxDepth = 6;

        /// <summary>Replaces, removes or adds members with values of every JSON kind, recursively.</summary>
        private JsonNode? Mutate(JsonNode? node, int depth = 0)
        {
            if (depth > MaxDepth)
            {
                return AnyValue();
            }

            switch (node)
            {
                case JsonObject obj when random.Next(3) > 0:
                    foreach (var name in obj.Select(member => member.Key).ToList())
                    {
                        switch (random.Next(5))
                        {
                            case 0:
                                obj.Remove(name);
                                break;
                            case 1:
                                obj[name] = AnyValue();
                                break;
                            case 2:
                                obj[name] = Mutate(obj[name], depth + 1);
                                break;
                        }
                    }

                    if (random.Next(3) == 0)
                    {
                        obj[Pick([.. Fields, "data", "type", "start", "factor", Noise()])] = AnyValue();
                    }

                    return obj;
                case JsonArray array when random.Next(2) == 0:
                    var grown = new JsonArray();
                    foreach (var _ in Enumerable.Range(0, random.Next(0, 30)))
                    {
                        grown.Add(random.Next(3) == 0 ? AnyValue() : Mutate(array.Count > 0 ? array[random.Next(array.Count)]?.DeepClone() : AnyValue(), depth + 1));
                    }

                    return grown;
                default:
                    return random.Next(4) == 0 ? AnyValue() : node;
            }
        }

        private JsonNode? AnyValue() => random.Next(14) switch
        {
            0 => null,
            1 => JsonValue.Create(random.Next(2) == 0),
            2 => JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue)),
            3 => JsonNode.Parse("99999999999999999999999999"),
            4 => JsonValue.Create(-random.NextDouble() * 1e6),
            5 => JsonValue.Create(Noise()),
            6 => JsonValue.Create(new string('a', random.Next(1, 40_000))),
            7 => JsonValue.Create(Pick(["4", "04", " 8", "8.0", "1e1", "-4", "0", "sora-2-pro", "1792x1024", "720X1280", "warm"])),
            8 => JsonValue.Create(new string(Enumerable.Range(0, random.Next(1, 8)).Select(_ => (char)Pick([0, 7, 27, 0x202E, 0x2066, 0xD800, 0x85])).ToArray())),
            9 => new JsonArray(null, JsonValue.Create(1), new JsonObject()),
            10 => new JsonObject { ["type"] = Pick(["trim", "loop", "speed", "grade", "stabilize", "blur"]), ["start"] = random.Next(-5, 30), ["end"] = random.Next(-5, 30), ["factor"] = random.NextDouble() * 10, ["preset"] = Noise() },
            11 => Deep(random.Next(10, 200)),
            12 => JsonValue.Create("a fox " + Noise()),
            _ => new JsonObject(),
        };

        private static JsonNode Deep(int depth)
        {
            JsonNode node = new JsonArray();
            for (var i = 0; i < depth; i++)
            {
                node = new JsonArray(node);
            }

            return node;
        }

        private MultipartFormDataContent Form()
        {
            var form = new MultipartFormDataContent();
            foreach (var field in Fields.Where(_ => random.Next(2) == 0))
            {
                form.Add(new StringContent(random.Next(3) == 0 ? Noise() : AnyValue()?.ToJsonString() ?? ""), field);
            }

            if (random.Next(2) == 0)
            {
                var bytes = new byte[random.Next(0, 4096)];
                random.NextBytes(bytes);
                if (random.Next(3) == 0)
                {
                    new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }.CopyTo(bytes.AsSpan(0, Math.Min(4, bytes.Length)));
                }

                form.Add(new ByteArrayContent(bytes), "input_reference", Pick(["x.png", "../../etc/passwd", "a." + new string('b', 300), "\u202Eevil.png", "noext", "x.m3u8"]));
            }

            return form;
        }

        private static JsonNode ValidTerms() => new JsonObject
        {
            ["permission"] = "mutuals", ["approved"] = new JsonArray("local", "fuzzy"), ["preferences"] = "Always smiling. Never in horror.", ["review_required"] = true,
        };

        /// <summary>A recording upload: some of its fields, a challenge id that is no one's, and bytes that are no video.</summary>
        private MultipartFormDataContent Recording()
        {
            var form = new MultipartFormDataContent();
            foreach (var field in new[] { "name", "challenge_id" }.Where(_ => random.Next(3) > 0))
            {
                form.Add(new StringContent(random.Next(2) == 0 ? Noise() : "challenge_" + Word()), field);
            }

            if (random.Next(4) > 0)
            {
                var bytes = new byte[random.Next(0, 4096)];
                random.NextBytes(bytes);
                form.Add(new ByteArrayContent(bytes), Pick(["video", "input_reference", "file"]), Pick(["me.webm", "../../sora.db", "x.mp4"]));
            }

            return form;
        }

        /// <summary>Noise that can stand in a path segment.</summary>
        private string Word() => new(Noise().Where(char.IsAsciiLetterOrDigit).Append('x').ToArray());

        private static StringContent Json(JsonNode? node) => new(node?.ToJsonString() ?? "null", Encoding.UTF8, "application/json");

        private static ByteArrayContent Raw(string text, string contentType)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            return content;
        }

        private string Noise()
        {
            var chars = new char[random.Next(0, 64)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)(random.Next(4) == 0 ? random.Next(0, 0xFFFF) : random.Next(32, 127));
            }

            return new string(chars);
        }

        private T Pick<T>(IReadOnlyList<T> options) => options[random.Next(options.Count)];
    }
}
