using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Videos;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Api;
using SoraFunctions.Media;
using SoraFunctions.Media.Editing;
using SoraFunctions.Media.Publishing;
using SoraFunctions.Media.Quality;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Embedded;
using SoraFunctions.Orchestrations.Cameos;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Local.Cli;

/// <summary>The <c>sora</c> command line. Exit codes: 0 done, 1 the work failed, 2 bad input, 130 stopped (resumable).</summary>
public static class SoraCli
{
    public const int Done = 0;
    public const int Failed = 1;
    public const int BadInput = 2;

    /// <summary>Stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it): unfinished work is resumable.</summary>
    public const int Interrupted = 130;

    /// <summary>How long the engine's store may refuse every write before a command waiting on a pipeline gives up.</summary>
    public static readonly TimeSpan StoragePatience = TimeSpan.FromSeconds(10);

    /// <summary>How long a stopping command lets running steps finish before handing them back (the OS allows ~2 s).</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(1);

    private static readonly JsonSerializerOptions PrettyJson = new(VideoObject.Json) { WriteIndented = true };
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(string[] args, string? dataFromEnvironment)
    {
        var data = new Option<string?>("--data") { Description = "The data folder (default ./.sora, or $SORA_DATA).", Recursive = true };
        var root = new RootCommand("SoraFunctions: text to short video with synchronized sound, on this machine.") { data };
        string DataPath(ParseResult parse) => parse.GetValue(data) ?? dataFromEnvironment ?? ".sora";

        var prompt = new Argument<string>("prompt") { Description = "What the clip shows and sounds like; quote dialogue in \"…\"." };
        var seconds = new Option<string>("--seconds") { Description = "4, 8, 12, 16 or 20.", DefaultValueFactory = _ => "8" };
        var size = new Option<string>("--size") { Description = string.Join(", ", VideoCatalog.Sizes) + ".", DefaultValueFactory = _ => VideoCatalog.DefaultSize };
        var model = new Option<string>("--model") { Description = string.Join(" or ", VideoCatalog.Models) + ".", DefaultValueFactory = _ => VideoCatalog.Sora2 };
        var seed = new Option<long?>("--seed") { Description = "Makes the clip reproducible (default: random)." };
        var output = new Option<string?>("--out") { Description = "Where to copy the finished MP4." };
        var strict = new Option<bool>("--strict") { Description = "Refuse a vague prompt instead of warning." };
        var image = new Option<string?>("--image") { Description = "An image the clip starts from (image-to-video)." };
        var edits = new EditOptions();
        var generate = new Command("generate", "Make a clip from a prompt and wait until it is published.")
        {
            prompt, seconds, size, model, seed, output, strict, image,
        };
        edits.AddTo(generate);
        generate.SetAction((parse, cancellation) => GenerateAsync(
            DataPath(parse),
            () => new VideoRequest(
                parse.GetValue(prompt), parse.GetValue(model), parse.GetValue(seconds), parse.GetValue(size), parse.GetValue(seed),
                edits.Read(parse), parse.GetValue(strict), parse.GetValue(image)),
            parse.GetValue(output),
            cancellation));

        var source = new Argument<string>("source") { Description = "A video id (its published master) or a media file." };
        var editOutput = new Option<string>("--out") { Description = "Where to write the edited MP4.", Required = true };
        var edit = new Command("edit", "Apply edits to a published video or a file, in one encode.") { source, editOutput };
        edits.AddTo(edit);
        edit.SetAction((parse, cancellation) => EditAsync(
            DataPath(parse), parse.GetValue(source)!, () => edits.Read(parse), parse.GetValue(editOutput)!, cancellation));

        var id = new Argument<string>("id") { Description = "A video id (video_…)." };
        var status = new Command("status", "Print a video as JSON.") { id };
        status.SetAction((parse, cancellation) => StatusAsync(DataPath(parse), parse.GetValue(id)!, cancellation));

        var limit = new Option<int>("--limit") { Description = "How many, newest first.", DefaultValueFactory = _ => 20 };
        var list = new Command("list", "List this machine's own videos, newest first.") { limit };
        list.SetAction((parse, cancellation) => ListAsync(DataPath(parse), parse.GetValue(limit), cancellation));

        var wait = new Option<bool>("--wait") { Description = "Run the pending pipelines here until each has finished." };
        var resume = new Command("resume", "Resume every unfinished pipeline in the data folder.") { wait };
        resume.SetAction((parse, cancellation) => ResumeAsync(DataPath(parse), parse.GetValue(wait), cancellation));

        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1.", DefaultValueFactory = _ => 7071 };
        var serve = new Command("serve", "Serve the HTTP API (/v1/videos) on 127.0.0.1.") { port };
        serve.SetAction((parse, cancellation) => ServeAsync(DataPath(parse), parse.GetValue(port), cancellation));

        var file = new Argument<string>("file") { Description = "A media file." };
        var probe = new Command("probe", "Report a clip's streams, loudness, defects and A/V offset as JSON (exit 1 if unusable).") { file };
        probe.SetAction((parse, cancellation) => ProbeAsync(parse.GetValue(file)!, cancellation));

        var clip = new Argument<string>("file") { Description = "A published clip (e.g. a master or a generate --out file)." };
        var manifestPath = new Option<string?>("--manifest") { Description = "Its manifest (default: FILE.manifest.json, or manifest.json beside it)." };
        var verify = new Command("verify", "Check a clip's Content Credentials (C2PA), and its signed provenance manifest when one is beside it.") { clip, manifestPath };
        verify.SetAction((parse, cancellation) => VerifyAsync(DataPath(parse), parse.GetValue(clip)!, parse.GetValue(manifestPath), cancellation));

        root.Subcommands.Add(generate);
        root.Subcommands.Add(status);
        root.Subcommands.Add(list);
        root.Subcommands.Add(resume);
        root.Subcommands.Add(serve);
        root.Subcommands.Add(probe);
        root.Subcommands.Add(edit);
        root.Subcommands.Add(verify);
        root.Subcommands.Add(ScreenCommand.Create(DataPath));
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(CameoCommands.Create(DataPath));
        root.Subcommands.Add(EmulatorsCommand.Create(DataPath));
        foreach (var command in AccountCommands.Create(DataPath))
        {
            root.Subcommands.Add(command);
        }

        // "@name" is a cameo in a prompt, never a response file to read arguments from.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }

            return BadInput;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception exception) when (StorageFaultIn(exception) is { } fault)
        {
            await Console.Error.WriteLineAsync($"error: {ErrorCodes.StorageUnavailable}: {fault.Message}");
            return Failed;
        }
        catch (OperationCanceledException)
        {
            return Interrupted;
        }
        catch (Exception exception)
        {
            // A person reads this: what went wrong, not where in the code.
            await Console.Error.WriteLineAsync($"error: unexpected failure: {exception.GetBaseException().Message}");
            return Failed;
        }
    }

    /// <summary>The storage fault behind an exception, however the host wrapped it.</summary>
    private static StorageFaultException? StorageFaultIn(Exception? exception) => exception switch
    {
        null => null,
        StorageFaultException fault => fault,
        AggregateException aggregate => aggregate.InnerExceptions.Select(StorageFaultIn).FirstOrDefault(fault => fault is not null),
        _ => StorageFaultIn(exception.InnerException),
    };

    /// <summary>Makes a clip as the machine's own member (made on first use), who is screened as an adult.</summary>
    private static async Task<int> GenerateAsync(
        string dataPath, Func<VideoRequest> read, string? output, CancellationToken cancellation)
    {
        VideoRequest request;
        try
        {
            // Validate before anything touches the data folder: bad input leaves nothing behind.
            request = read();
            if (PromptReview.Of(VideoSpec.From(request, () => 0).Prompt) is { Vague: true } review)
            {
                await Console.Error.WriteLineAsync($"warning: {PromptReview.VagueCode}: {review.Warning}");
            }

            if (request.InputReference is { } image)
            {
                await VideoService.ReadInputAsync(new FfmpegMediaEngine(), image, cancellation);
            }
        }
        catch (RequestRejectedException rejected)
        {
            await Console.Error.WriteLineAsync($"error: {rejected.Error.Code}: {rejected.Error.Message}");
            return BadInput;
        }

        using var media = new MediaTime();
        using var host = LocalHost.ForCommand(dataPath, runPipelines: true);
        if (host.Services.GetRequiredService<IScenePreview>().Preview(request.Prompt ?? "") is { NotDepicted.Count: > 0 } preview)
        {
            await Console.Error.WriteLineAsync($"warning: the generator cannot draw {string.Join(", ", preview.NotDepicted)}: the clip leaves {(preview.NotDepicted.Count == 1 ? "it" : "them")} out.");
        }

        await host.StartAsync(cancellation);
        var service = host.Services.GetRequiredService<VideoService>();
        var requester = await host.Services.GetRequiredService<Accounts>().LocalMemberAsync(cancellation);
        var video = await service.CreateAsync(request, requester, cancellation: cancellation);
        Console.WriteLine($"{video.Id}  {video.Spec.Model} {video.Spec.Size} {video.Spec.Seconds}s seed {video.Spec.Seed}");

        VideoView view;
        try
        {
            view = await FollowAsync(service, video.Id, WaitForPipelineAsync(host, video.Id, cancellation), cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return await StopQuicklyAsync(host, $"stopped: {video.Id} is unfinished; ./sora resume --wait finishes it");
        }

        var result = await FinishAsync(host, view, output, media);
        await host.StopAsync(CancellationToken.None);
        return result;
    }

    /// <summary>
    /// Completes when the video's pipeline ends; fails with a storage fault when the embedded engine's store has refused
    /// every write for <see cref="StoragePatience"/> (a full disk), leaving the video to <c>resume</c>. (On the cloud
    /// profile's Durable engine, the Storage account's faults are the engine's to retry.)
    /// </summary>
    private static async Task WaitForPipelineAsync(IHost host, string videoId, CancellationToken cancellation)
    {
        var ended = host.Services.GetRequiredService<OrchestrationClient>().WaitForInstanceCompletionAsync(videoId, cancellation: cancellation);
        var health = host.Services.GetService<StorageHealth>();
        while (!ended.IsCompleted)
        {
            await Task.WhenAny(ended, Task.Delay(TimeSpan.FromSeconds(1), cancellation));
            cancellation.ThrowIfCancellationRequested();
            if (health?.FaultLastingAtLeast(StoragePatience) is { } fault)
            {
                throw new StorageFaultException(
                    $"{fault.Message} {videoId} is unfinished; ./sora resume --wait finishes it once the storage takes writes again.", fault);
            }
        }

        await ended;
    }

    /// <summary>Prints one line per pipeline step as it finishes, until the pipeline has ended (the video published or failed).</summary>
    private static async Task<VideoView> FollowAsync(
        VideoService service, string videoId, Task finished, CancellationToken cancellation)
    {
        var printed = 0;
        int? position = null;
        while (true)
        {
            // The record is finished a moment before the pipeline records its last step: follow until the pipeline ends.
            var pipelineEnded = finished.IsCompleted;
            var view = await service.GetAsync(videoId, cancellation) ?? throw new InvalidOperationException($"Video {videoId} vanished.");
            foreach (var step in view.Steps.Skip(printed))
            {
                Console.WriteLine($"  ✓ {step.Step,-17}{step.Seconds,8:0.00} s");
            }

            if (view.Place is { Position: { } place } && place != position)
            {
                var wait = Math.Max(1, (view.Place.EstimatedCompletedAt - DateTimeOffset.UtcNow).TotalSeconds);
                Console.WriteLine($"  … number {place} in line for the generator, ready in about {wait:0} s");
            }

            position = view.Place?.Position;

            printed = view.Steps.Count;
            if (pipelineEnded)
            {
                await finished;
                return view;
            }

            await Task.WhenAny(finished, Task.Delay(100, cancellation));
        }
    }

    private static async Task<int> FinishAsync(IHost host, VideoView view, string? output, MediaTime media)
    {
        var video = view.Video;
        if (video.Status != VideoStatus.Completed || video.Assets is not { } assets)
        {
            await Console.Error.WriteLineAsync($"failed: {video.Error?.Code}: {video.Error?.Message}");
            return Failed;
        }

        var clips = host.Services.GetRequiredService<IClipStore>();
        var file = await LocateAsync(clips, assets.Master);
        if (output is not null)
        {
            // The manifest travels with the copy, so ./sora verify FILE works on it.
            file = await clips.CopyToFileAsync(assets.Master, Path.GetFullPath(output));
            await clips.CopyToFileAsync(assets.Manifest, $"{file}.manifest.json");
        }

        Console.WriteLine($"published {video.Id}");
        Console.WriteLine($"  file   {file}");
        Console.WriteLine($"  poster {await LocateAsync(clips, assets.Poster)}");
        Console.WriteLine("  steps  " + string.Join("  ", view.Steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Step} {s.Seconds:0.00}s"))));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  media  {media.Seconds:0.00}s of wall time (render {media.RenderSeconds:0.00}s, ffmpeg {media.ToolSeconds:0.00}s, some in parallel)"));
        return Done;
    }

    /// <summary>Where a stored asset opens: its file in the local store, else a download link valid for a day.</summary>
    private static async Task<string> LocateAsync(IClipStore clips, string name) =>
        clips is FileClipStore files
            ? files.Resolve(name)
            : (await clips.GetDownloadLinkAsync(name, TimeSpan.FromDays(1)))?.ToString() ?? name;

    private static async Task<int> StatusAsync(string dataPath, string id, CancellationToken cancellation)
    {
        using var host = LocalHost.ForCommand(dataPath, runPipelines: false);
        if (await host.Services.GetRequiredService<VideoService>().GetAsync(id, cancellation) is not { } view)
        {
            await Console.Error.WriteLineAsync($"error: {ErrorCodes.VideoNotFound}: no video has id '{id}'.");
            return Failed;
        }

        Console.WriteLine(JsonSerializer.Serialize(VideoObject.From(view), PrettyJson));
        return Done;
    }

    private static async Task<int> ListAsync(string dataPath, int limit, CancellationToken cancellation)
    {
        using var host = LocalHost.ForCommand(dataPath, runPipelines: false);
        foreach (var view in await host.Services.GetRequiredService<VideoService>().ListAsync(Member.LocalId, Math.Clamp(limit, 1, 1000), cancellation: cancellation))
        {
            var item = VideoObject.From(view);
            var created = DateTimeOffset.FromUnixTimeSeconds(item.CreatedAt).ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var text = item.Prompt.Length > 48 ? item.Prompt[..47] + "…" : item.Prompt;
            Console.WriteLine($"{item.Id}  {item.Status,-11} {item.Progress,3}%  {item.Seconds,2}s {item.Size,-9}  {created}  {text}");
        }

        return Done;
    }

    private static async Task<int> ResumeAsync(string dataPath, bool wait, CancellationToken cancellation)
    {
        using var host = LocalHost.ForCommand(dataPath, runPipelines: wait);
        await host.StartAsync(cancellation);
        var service = host.Services.GetRequiredService<VideoService>();
        var pending = await service.ResumeAsync(cancellation);
        Console.WriteLine(pending.Count == 0 ? "nothing to resume" : $"resuming {pending.Count}: {string.Join(", ", pending)}");
        var result = Done;
        foreach (var id in wait ? pending : [])
        {
            try
            {
                await WaitForPipelineAsync(host, id, cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return await StopQuicklyAsync(host, $"stopped: {id} is unfinished; ./sora resume --wait finishes it");
            }

            var view = (await service.GetAsync(id, cancellation))!;
            Console.WriteLine(view.Status == VideoStatus.Completed
                ? $"published {id}"
                : $"failed {id}: {view.Video.Error?.Code}: {view.Video.Error?.Message}");
            result = view.Status == VideoStatus.Completed ? result : Failed;
        }

        // Cameos whose verification never started (a process stopped between taking the recording and starting it).
        var verifying = await host.Services.GetRequiredService<CameoService>().ResumeAsync(cancellation);
        if (verifying.Count > 0)
        {
            Console.WriteLine($"verifying {verifying.Count} cameos: {string.Join(", ", verifying)}");
        }

        foreach (var id in wait ? verifying : [])
        {
            await WaitForPipelineAsync(host, id, cancellation);
        }

        await host.StopAsync(CancellationToken.None);
        return result;
    }

    /// <summary>Stops a host on Ctrl-C within the grace the OS allows: running steps are handed back for the next run.</summary>
    private static async Task<int> StopQuicklyAsync(IHost host, string message)
    {
        await Console.Error.WriteLineAsync(message);
        using var grace = new CancellationTokenSource(StopGrace);
        await host.StopAsync(grace.Token);
        return Interrupted;
    }

    private static async Task<int> EditAsync(
        string dataPath, string source, Func<EditList> read, string output, CancellationToken cancellation)
    {
        var input = source;
        var work = Directory.CreateTempSubdirectory("sora-edit-");
        if (!File.Exists(input) && source.StartsWith("video_", StringComparison.Ordinal))
        {
            using var host = LocalHost.ForCommand(dataPath, runPipelines: false);
            if (await host.Services.GetRequiredService<VideoService>().GetAsync(source, cancellation) is { Video.Assets: { } assets })
            {
                input = await host.Services.GetRequiredService<IClipStore>().CopyToFileAsync(
                    assets.Master, Path.Combine(work.FullName, "source.mp4"), cancellation);
            }
        }

        if (!File.Exists(input))
        {
            work.Delete(recursive: true);
            await Console.Error.WriteLineAsync($"error: {source} is neither a media file nor a published video.");
            return BadInput;
        }

        try
        {
            var edits = read();
            var result = await EditRenderer.ApplyAsync(input, edits, Path.GetFullPath(output), work.FullName, cancellation);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"edited {Path.GetFullPath(output)}  {result.Seconds:0.###} s"));
            if (result.Loop is { } loop)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  loop closes at {loop.At:0.###} s, seam crossfade {loop.Crossfade:0.###} s, seam similarity {loop.Similarity:0.###}"));
            }

            return Done;
        }
        catch (RequestRejectedException rejected)
        {
            await Console.Error.WriteLineAsync($"error: {rejected.Error.Code}: {rejected.Error.Message}");
            return BadInput;
        }
        catch (MediaException exception)
        {
            await Console.Error.WriteLineAsync($"failed: {exception.Message}");
            return Failed;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Checks a clip's C2PA Content Credentials (with this installation's root trusted) and, when one is beside it or
    /// named, this service's own signed manifest; exit 0 when what it carries holds.
    /// </summary>
    private static async Task<int> VerifyAsync(string dataPath, string file, string? manifestPath, CancellationToken cancellation)
    {
        var manifestFile = manifestPath
            ?? new[] { $"{file}.manifest.json", Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "manifest.json") }.FirstOrDefault(File.Exists);
        if (!File.Exists(file) || (manifestPath is not null && !File.Exists(manifestPath)))
        {
            await Console.Error.WriteLineAsync($"error: no file at {(File.Exists(file) ? manifestPath : file)}");
            return BadInput;
        }

        SignedManifest? signed = null;
        if (manifestFile is not null)
        {
            try
            {
                signed = JsonSerializer.Deserialize<SignedManifest>(await File.ReadAllTextAsync(manifestFile, cancellation), ManifestJson);
            }
            catch (JsonException exception)
            {
                await Console.Error.WriteLineAsync($"error: {manifestFile} is not a provenance manifest: {exception.Message}");
                return BadInput;
            }
        }

        using var host = LocalHost.ForCommand(dataPath, runPipelines: false);
        var signer = host.Services.GetRequiredService<IProvenanceSigner>();
        var certificates = await signer.CertificatesAsync(cancellation);
        CredentialsReport? credentials;
        try
        {
            credentials = await host.Services.GetRequiredService<IContentCredentials>()
                .ReadAsync(file, certificates.TrustedRoots, cancellation);
        }
        catch (ContentCredentialsException unreadable)
        {
            await Console.Error.WriteLineAsync($"error: {unreadable.Message}");
            return BadInput;
        }

        var credentialsHold = credentials is { State: "Trusted" or "Valid" };
        if (credentials is null)
        {
            Console.WriteLine("credentials  NONE (no C2PA manifest in the file)");
        }
        else
        {
            var trust = credentials.State switch
            {
                "Trusted" when certificates.Development => " (by this installation's development root, which no one else trusts)",
                "Valid" => " (signed and whole; its signer is not on a trust list this machine knows)",
                "Invalid" => $": {string.Join(", ", credentials.Failures)}",
                _ => "",
            };
            Console.WriteLine($"credentials  {credentials.State}{trust}");
            Console.WriteLine($"  title      {credentials.Title}");
            Console.WriteLine($"  signer     {credentials.Signer}{(credentials.SignedAt is { } at ? $", time-stamped {at:u}" : "")}");
            foreach (var action in credentials.Actions)
            {
                Console.WriteLine($"  action     {action.Name}{(action.Description is { } description ? $": {description}" : "")}");
            }

            foreach (var ingredient in credentials.Ingredients)
            {
                var own = !ingredient.HasManifest ? ""
                    : ingredient.CredentialsHold ? ", with its credentials"
                    : $", with credentials that did not hold: {string.Join(", ", ingredient.Failures)}";
                Console.WriteLine($"  from       {ingredient.Title} ({ingredient.Relationship}{own})");
            }
        }

        if (signed is null)
        {
            return credentialsHold ? Done : Failed;
        }

        var signatureValid = await signer.VerifyAsync(signed, cancellation);
        var hash = await ProvenanceManifest.Sha256OfFileAsync(file, cancellation);
        var asset = signed.Manifest.Assets.FirstOrDefault(a => a.Sha256 == hash);
        Console.WriteLine($"manifest     {manifestFile}");
        Console.WriteLine($"  signature  {(signatureValid ? $"valid ({signed.Algorithm}, key {signed.KeyId})" : "INVALID (not signed by this installation's key, or altered)")}");
        Console.WriteLine($"  file       {(asset is null ? $"NOT IN THE MANIFEST (sha256 {hash})" : $"matches {asset.Name}")}");
        var m = signed.Manifest;
        Console.WriteLine($"  made       {m.VideoId} by {m.Generator}, {m.Model}, seed {m.Seed}, {m.CreatedAt:u}");
        return credentialsHold && signatureValid && asset is not null ? Done : Failed;
    }

    private static async Task<int> ProbeAsync(string file, CancellationToken cancellation)
    {
        if (!File.Exists(file))
        {
            await Console.Error.WriteLineAsync($"error: no file at {file}");
            return BadInput;
        }

        ClipReport report;
        try
        {
            report = await ClipInspector.InspectAsync(file, expectedSeconds: null, cancellation);
        }
        catch (MediaException exception)
        {
            await Console.Error.WriteLineAsync($"error: {file} is not a readable media file: {exception.Message}");
            return BadInput;
        }

        Console.WriteLine(JsonSerializer.Serialize(report, PrettyJson));
        return report.Usable ? Done : Failed;
    }

    private static async Task<int> ServeAsync(string dataPath, int port, CancellationToken cancellation)
    {
        await using var app = LocalHost.ForServer(dataPath, port);
        await app.StartAsync(cancellation);
        Console.WriteLine($"serving /v1/videos on {string.Join(", ", app.Urls)} (data {Path.GetFullPath(dataPath)})");
        Console.WriteLine("every request needs a member: send 'Authorization: Bearer <key>' with a key from ./sora key create NAME, or sign in with POST /v1/sessions");
        await app.WaitForShutdownAsync(cancellation);
        return Done;
    }
}
