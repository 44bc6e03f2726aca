using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Core.Videos;
using SoraFunctions.Media;
using SoraFunctions.Media.Audio;
using SoraFunctions.Media.Editing;
using SoraFunctions.Media.Generation;
using SoraFunctions.Media.Publishing;

// On an 8 s 720x1280 generated clip, side by side in one run (alternating, median of the runs):
// - plain: one libx264 re-encode of the clip with the preset the edits and the master use (veryfast, crf 20);
// - edits: trim + two speed ramps + loop + stabilize + grade together (analysis passes included), and the same
//   without stabilize;
// - publish: master, preview, poster, spritesheet, C2PA Content Credentials embedded in the master, preview and poster (by
//   the long-lived signer, started once before the runs, as Publish keeps it), hashes and the signed manifest.
// Prints edits_ratio = edits / plain, publish_ratio = publish / plain and signing_ms, the time a clip's three files take
// to sign (the wall time of the requests, the callback to the key included).
const int Runs = 5;
var folder = Directory.CreateTempSubdirectory("sora-bench-media-").FullName;
try
{
    var job = new GenerationJob("bench", "video_bench", "A man walks his dog along a beach at sunset, the camera pans right. \"Nice evening.\"",
        8, 720, 1280, 7, Path.Combine(folder, "job"));
    var output = await ProceduralGenerator.GenerateAsync(job, CancellationToken.None);
    var clip = Path.Combine(folder, "clip.mp4");
    await AudioMixer.MixAsync(Path.Combine(job.OutputFolder, output.Video), output.Stems, job.OutputFolder, 8, clip, CancellationToken.None);

    var edits = new EditList(
        Trim: new TrimEdit(0.5, 7.5), Loop: true, Stabilize: true, Grade: new GradeEdit("warm", Saturation: 1.1),
        Speed: [new SpeedRamp(1, 2, 0.5), new SpeedRamp(4, 5, 2)]);
    using var signer = new FileKeySigner(new DataFolder(Path.Combine(folder, "data")));
    using var credentials = new C2paSigner(signer, new ContentCredentialsOptions(), NullLogger<C2paSigner>.Instance);
    var video = Video.Queue("video_bench", "member_bench", new VideoSpec(job.Prompt, "sora-2", 8, 720, 1280, 7), DateTimeOffset.UtcNow, ownerUsername: "bench");
    var (manifest, ingredients) = CredentialsManifest.Describe(video, output.Generator, parent: null, DateTimeOffset.UtcNow);
    var started = Stopwatch.StartNew();
    await credentials.ReadAsync(clip, trustAnchors: null); // the signer starts once, as in a running app
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the C2PA signer started in {started.Elapsed.TotalMilliseconds:0} ms"));

    var withoutStabilize = edits with { Stabilize = false };
    var (plain, edit, editNoStabilize, publish, signing) = (new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<double>());
    for (var run = 0; run < Runs; run++)
    {
        plain.Add(await TimeAsync(() => Ffmpeg.RunAsync(
            ["-i", clip, "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-c:a", "aac", Path.Combine(folder, "plain.mp4")])));
        edit.Add(await TimeAsync(() => EditRenderer.ApplyAsync(clip, edits, Path.Combine(folder, "edited.mp4"), Path.Combine(folder, "work"), CancellationToken.None)));
        editNoStabilize.Add(await TimeAsync(() => EditRenderer.ApplyAsync(
            clip, withoutStabilize, Path.Combine(folder, "edited.mp4"), Path.Combine(folder, "work"), CancellationToken.None)));
        publish.Add(await TimeAsync(async () =>
        {
            var files = await PublishRenderer.RenderAsync(clip, Path.Combine(folder, "publish"), label: "AI-generated", CancellationToken.None);
            var signed = Stopwatch.StartNew();
            var (master, preview, poster) = (
                Path.Combine(folder, "publish", "master.credentials.mp4"), Path.Combine(folder, "publish", "preview.credentials.mp4"),
                Path.Combine(folder, "publish", "poster.credentials.jpg"));
            await credentials.EmbedAsync(files.Master, master, manifest, ingredients);
            await credentials.EmbedAsync(files.Preview, preview, manifest, ingredients);
            await credentials.EmbedAsync(files.Poster, poster, manifest, ingredients);
            signing.Add(signed.Elapsed.TotalMilliseconds);
            var hashes = new List<AssetHash>();
            foreach (var file in new[] { master, preview, poster, files.Spritesheet })
            {
                hashes.Add(new AssetHash(Path.GetFileName(file), await ProvenanceManifest.Sha256OfFileAsync(file, CancellationToken.None)));
            }

            await signer.SignAsync(new ProvenanceManifest("video_bench", ProvenanceManifest.Sha256Of(job.Prompt), "sora-2", 7, output.Generator, [], null, [], hashes, DateTimeOffset.UtcNow));
        }));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {run}: plain {plain[^1]:0.00} s, edits {edit[^1]:0.00} s (without stabilize {editNoStabilize[^1]:0.00} s), publish {publish[^1]:0.00} s (signing {signing[^1]:0} ms)"));
    }

    double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"all edits but stabilize: {Median(editNoStabilize) / Median(plain):0.00}x the plain re-encode"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"edits_ratio={Median(edit) / Median(plain):0.00} publish_ratio={Median(publish) / Median(plain):0.00} signing_ms={Median(signing):0}"));
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static async Task<double> TimeAsync(Func<Task> work)
{
    var clock = Stopwatch.StartNew();
    await work();
    return clock.Elapsed.TotalSeconds;
}
