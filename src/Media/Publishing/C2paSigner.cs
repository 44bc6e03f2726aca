using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SoraFunctions.Core.Provenance;

namespace SoraFunctions.Media.Publishing;

/// <summary>Where the C2PA signer is (<c>Sora:Credentials</c>).</summary>
public sealed class ContentCredentialsOptions
{
    public const string Section = "Sora:Credentials";

    /// <summary>The helper's script, <c>credentials/signer.mjs</c> with its installed packages; empty: looked for above the app's folder.</summary>
    public string Signer { get; set; } = "";

    /// <summary>The Node.js that runs it.</summary>
    public string Node { get; set; } = "node";

    /// <summary>
    /// An RFC 3161 time-stamping authority that dates each signature (empty: none). With one, a clip's credentials stay
    /// valid after the signing certificate expires; without, readers check the certificate at the time they read.
    /// </summary>
    public string TimestampAuthority { get; set; } = "";

    /// <summary>How long one file may take to sign or read before the helper is stopped (and started again for the next).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// C2PA Content Credentials through c2pa-rs, run as a long-lived helper process (<c>credentials/signer.mjs</c> on
/// Node.js) started on first use and kept: requests and answers are one JSON object per line, several in flight at
/// once. The key stays here: the helper asks for each signature and <see cref="IProvenanceSigner"/> makes it (the data
/// folder's key, or Key Vault's). A helper that exits or hangs fails what it had in hand, loudly, and a new one is
/// asked once more.
/// </summary>
public sealed class C2paSigner(IProvenanceSigner signer, ContentCredentialsOptions options, ILogger<C2paSigner> logger)
    : IContentCredentials, IDisposable
{
    private readonly SemaphoreSlim starting = new(1, 1);
    private Helper? helper;

    public async Task<EmbeddedCredentials> EmbedAsync(
        string input, string output, JsonObject manifest, IReadOnlyList<CredentialIngredient> ingredients, CancellationToken cancellation = default)
    {
        var certificates = await signer.CertificatesAsync(cancellation);
        File.Delete(output); // an earlier attempt's, whole or not: this one writes it anew
        var request = new JsonObject
        {
            ["op"] = "sign",
            ["input"] = Path.GetFullPath(input),
            ["output"] = Path.GetFullPath(output),
            ["certificates"] = certificates.ChainPem,
            ["trustAnchors"] = certificates.TrustedRoots,
            ["timestampAuthority"] = options.TimestampAuthority is { Length: > 0 } authority ? authority : null,
            ["manifest"] = manifest.DeepClone(),
            ["ingredients"] = new JsonArray([.. ingredients.Select(ingredient => new JsonObject
            {
                ["definition"] = ingredient.Definition.DeepClone(),
                ["file"] = ingredient.File is null ? null : Path.GetFullPath(ingredient.File),
            })]),
        };
        var result = await SendAsync(request, cancellation);
        return new EmbeddedCredentials(
            result?["manifestBytes"]?.GetValue<int>() ?? 0, result?["milliseconds"]?.GetValue<double>() ?? 0, result?["ingredientFilesCarried"]?.GetValue<bool>() ?? true);
    }

    public async Task<CredentialsReport?> ReadAsync(string file, string? trustAnchors, CancellationToken cancellation = default) =>
        CredentialsReport.Of(await SendAsync(new JsonObject { ["op"] = "read", ["file"] = Path.GetFullPath(file), ["trustAnchors"] = trustAnchors }, cancellation));

    public void Dispose()
    {
        helper?.Dispose();
        starting.Dispose();
    }

    /// <summary>
    /// The helper's answer; a helper that stopped or hung is replaced and asked once more (signing and reading are both
    /// safe to repeat) before the failure is thrown.
    /// </summary>
    private async Task<JsonNode?> SendAsync(JsonObject request, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            var running = await RunningAsync(cancellation);
            try
            {
                return await running.SendAsync(request, options.Timeout, cancellation);
            }
            catch (Exception failure) when (failure is TimeoutException or ContentCredentialsException { Stopped: true })
            {
                running.Dispose(); // gone or stuck: the next request starts a new one
                var stopped = failure as ContentCredentialsException
                    ?? new ContentCredentialsException($"The C2PA signer did not answer within {options.Timeout.TotalSeconds:0} s.", stopped: true);
                logger.LogWarning("The C2PA signer failed a {Operation} ({Reason}){Next}.", request["op"], stopped.Message, attempt == 1 ? "; asking a new one" : "");
                if (attempt == 2)
                {
                    throw stopped;
                }
            }
        }
    }

    private async Task<Helper> RunningAsync(CancellationToken cancellation)
    {
        if (helper is { Exited: false } running)
        {
            return running;
        }

        await starting.WaitAsync(cancellation);
        try
        {
            if (helper is { Exited: false } started)
            {
                return started;
            }

            helper?.Dispose();

            helper = await Helper.StartAsync(options.Node, Script(), signer, logger, cancellation);
            return helper;
        }
        finally
        {
            starting.Release();
        }
    }

    /// <summary>The helper's script: the one configured, else <c>credentials/signer.mjs</c> in a folder above the app's, installed.</summary>
    private string Script()
    {
        if (options.Signer is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new ContentCredentialsException($"The C2PA signer {configured} (Sora__Credentials__Signer) does not exist.", stopped: true);
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var script = Path.Combine(folder.FullName, "credentials", "signer.mjs");
            if (File.Exists(script))
            {
                return Directory.Exists(Path.Combine(folder.FullName, "credentials", "node_modules", "@contentauth", "c2pa-node"))
                    ? script
                    : throw new ContentCredentialsException($"The C2PA signer's packages are not installed: run ./sora (or npm ci in {Path.GetDirectoryName(script)}).", stopped: true);
            }
        }

        throw new ContentCredentialsException("The C2PA signer was not found: set Sora__Credentials__Signer to credentials/signer.mjs.", stopped: true);
    }

    /// <summary>One running helper: its process, the requests it has in hand, and the last lines it wrote to stderr.</summary>
    private sealed class Helper : IDisposable
    {
        private const int KeptErrorLines = 20;
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

        private readonly Process process;
        private readonly IProvenanceSigner signer;
        private readonly ILogger logger;
        private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonNode?>> pending = new();
        private readonly ConcurrentQueue<string> errors = new();
        private readonly SemaphoreSlim writing = new(1, 1);
        private readonly Task reading;
        private long nextId;
        private int disposed;

        private Helper(Process process, IProvenanceSigner signer, ILogger logger)
        {
            this.process = process;
            this.signer = signer;
            this.logger = logger;
            pending[0] = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously); // its "ready"
            process.ErrorDataReceived += (_, line) =>
            {
                if (line.Data is { } text)
                {
                    errors.Enqueue(text);
                    while (errors.Count > KeptErrorLines && errors.TryDequeue(out string? _))
                    {
                    }
                }
            };
            process.BeginErrorReadLine();
            reading = Task.Run(ReadAsync);
        }

        public bool Exited => reading.IsCompleted;

        public static async Task<Helper> StartAsync(string node, string script, IProvenanceSigner signer, ILogger logger, CancellationToken cancellation)
        {
            var start = new ProcessStartInfo(node)
            {
                ArgumentList = { script },
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetDirectoryName(script)!,
            };
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new ContentCredentialsException($"{node} did not start.", stopped: true);
            }
            catch (System.ComponentModel.Win32Exception missing)
            {
                throw new ContentCredentialsException($"The C2PA signer needs Node.js ({node}): {missing.Message}", stopped: true);
            }

            var helper = new Helper(process, signer, logger);
            try
            {
                await helper.pending[0].Task.WaitAsync(StartTimeout, cancellation);
                logger.LogInformation("The C2PA signer started (process {Pid}).", process.Id);
                return helper;
            }
            catch
            {
                helper.Dispose();
                throw;
            }
        }

        public async Task<JsonNode?> SendAsync(JsonObject request, TimeSpan timeout, CancellationToken cancellation)
        {
            var id = Interlocked.Increment(ref nextId);
            var answer = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
            pending[id] = answer;
            request["id"] = id;
            try
            {
                await WriteAsync(request, cancellation);
                return await answer.Task.WaitAsync(timeout, cancellation);
            }
            finally
            {
                pending.TryRemove(id, out _);
            }
        }

        /// <summary>Stops the process; what it had in hand fails as its output ends.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 1)
            {
                return;
            }

            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // exited already
            }

            if (reading.Wait(TimeSpan.FromSeconds(10)))
            {
                process.Dispose();
            }
        }

        private async Task WriteAsync(JsonObject message, CancellationToken cancellation)
        {
            await writing.WaitAsync(cancellation);
            try
            {
                await process.StandardInput.WriteLineAsync(message.ToJsonString().AsMemory(), cancellation);
                await process.StandardInput.FlushAsync(cancellation);
            }
            catch (IOException gone)
            {
                throw Stopped(gone.Message);
            }
            finally
            {
                writing.Release();
            }
        }

        private async Task ReadAsync()
        {
            try
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    JsonNode? message;
                    try
                    {
                        message = JsonNode.Parse(line);
                    }
                    catch (JsonException)
                    {
                        logger.LogWarning("The C2PA signer wrote a line that is not JSON.");
                        continue;
                    }

                    if (message?["op"]?.GetValue<string>() == "sign-data")
                    {
                        _ = SignForHelperAsync(message["id"]!.GetValue<long>(), message["data"]?.GetValue<string>() ?? "");
                    }
                    else if (message?["id"]?.GetValue<long?>() is { } id && pending.TryRemove(id, out var answer))
                    {
                        if (message["error"]?.GetValue<string>() is { } error)
                        {
                            answer.TrySetException(new ContentCredentialsException($"The C2PA signer failed: {error}"));
                        }
                        else
                        {
                            answer.TrySetResult(message["result"]);
                        }
                    }
                }
            }
            finally
            {
                await process.WaitForExitAsync();
                var stopped = Stopped($"exit code {process.ExitCode}");
                foreach (var waiting in pending.Values)
                {
                    waiting.TrySetException(stopped);
                }
            }
        }

        /// <summary>Answers the helper's request for a signature with the provenance key's.</summary>
        private async Task SignForHelperAsync(long id, string data)
        {
            JsonObject answer;
            try
            {
                answer = new JsonObject { ["op"] = "signature", ["id"] = id, ["signature"] = Convert.ToBase64String(await signer.SignDataAsync(Convert.FromBase64String(data))) };
            }
            catch (Exception failed) when (failed is not OutOfMemoryException)
            {
                logger.LogError(failed, "The provenance key did not sign for the C2PA signer.");
                answer = new JsonObject { ["op"] = "signature", ["id"] = id, ["error"] = $"the provenance key did not sign: {failed.Message}" };
            }

            try
            {
                await WriteAsync(answer, CancellationToken.None);
            }
            catch (ContentCredentialsException)
            {
                // the helper is gone: what it had in hand fails as it ends
            }
        }

        private ContentCredentialsException Stopped(string how) =>
            new($"The C2PA signer stopped ({how}){(errors.IsEmpty ? "" : ": " + string.Join(" | ", errors))}", stopped: true);
    }
}
