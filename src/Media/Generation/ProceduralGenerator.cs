using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Ports;
using SoraFunctions.Media.Audio;

namespace SoraFunctions.Media.Generation;

/// <summary>
/// The CPU generator backend: plans the scene from the prompt, renders the picture (H.264, yuv420p, the exact size and
/// frame count), synthesizes ambience, music and effects, and speaks the dialogue with espeak-ng. Output names are
/// relative to the job's output folder.
/// </summary>
public static class ProceduralGenerator
{
    public const string PictureFile = "picture.mp4";

    /// <summary>The generator's name and version, as provenance manifests record it.</summary>
    public const string Name = "procedural-cpu/1";

    public static async Task<GenerationOutput> GenerateAsync(GenerationJob job, CancellationToken cancellation)
    {
        Directory.CreateDirectory(job.OutputFolder);
        var looks = job.Cameos ?? [];
        var plan = ScenePlanner.Plan(job.Prompts, job.Seconds, job.Seed, [.. looks.Where(look => look.Kind == CameoKind.Character).Select(look => look.Username)]);
        await File.WriteAllTextAsync(
            Path.Combine(job.OutputFolder, "plan.json"),
            JsonSerializer.Serialize(plan, PlanJson.Options),
            cancellation);

        var sound = Task.Run(() => SynthesizeStems(plan, job.OutputFolder), cancellation);

        // Speech comes first (it is quick): its loudness drives the speakers' mouths and the subtitles' timing.
        var speech = await SpeakAsync(plan, looks, job.OutputFolder, cancellation);
        var tracks = plan.Dialogue.Select((line, i) => new SpeechTrack(
                line.Speaker, line.Text, line.StartSeconds,
                SpeechEnvelope.PerFrame(Path.Combine(job.OutputFolder, speech[i].Path), SceneRenderer.FramesPerSecond)))
            .ToList();
        var backdrop = job.InputImage is { } image ? await BackdropAsync(image, job.Width, job.Height, job.OutputFolder, cancellation) : null;
        Dictionary<string, string> Pictures(CameoKind kind) =>
            looks.Where(look => look.Kind == kind).ToDictionary(look => look.Username, look => look.Picture, StringComparer.OrdinalIgnoreCase);
        await RenderPictureAsync(
            plan, tracks, job.Width, job.Height, Path.Combine(job.OutputFolder, PictureFile), cancellation, backdrop, Pictures(CameoKind.Person), Pictures(CameoKind.Character));

        return new GenerationOutput(
            PictureFile,
            [.. await sound, .. speech],
            string.Join("\n", plan.Dialogue.Select(line => line.Text)),
            Name);
    }

    /// <summary>
    /// The picture in exactly the clip's size (scaled to cover, centered, cropped) as PNG, which the renderer decodes
    /// whatever format the image came in.
    /// </summary>
    private static async Task<string> BackdropAsync(string image, int width, int height, string folder, CancellationToken cancellation)
    {
        var backdrop = Path.Combine(folder, "backdrop.png");
        await Ffmpeg.RunAsync(
            ["-i", image, "-frames:v", "1", "-vf", $"scale={width}:{height}:force_original_aspect_ratio=increase,crop={width}:{height}", backdrop],
            cancellation);
        return backdrop;
    }

    public static async Task RenderPictureAsync(
        ScenePlan plan, IReadOnlyList<SpeechTrack> speech, int width, int height, string path, CancellationToken cancellation,
        string? backdrop = null, IReadOnlyDictionary<string, string>? faces = null, IReadOnlyDictionary<string, string>? characters = null)
    {
        using var renderer = new SceneRenderer(plan, width, height, speech, backdrop, faces, characters);
        await Ffmpeg.RunWithInputAsync(
            [
                "-f", "rawvideo", "-pix_fmt", "bgra", "-s", $"{width}x{height}",
                "-r", SceneRenderer.FramesPerSecond.ToString(CultureInfo.InvariantCulture), "-i", "-",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", path,
            ],
            stdin =>
            {
                for (var frame = 0; frame < renderer.FrameCount; frame++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    renderer.Render(frame);
                    stdin.Write(renderer.Pixels);
                }

                return Task.CompletedTask;
            },
            cancellation);
    }

    private static List<AudioStem> SynthesizeStems(ScenePlan plan, string folder)
    {
        StemSynthesizer.Ambience(plan).WriteWav(Path.Combine(folder, "ambience.wav"));
        StemSynthesizer.Music(plan).WriteWav(Path.Combine(folder, "music.wav"));
        var stems = new List<AudioStem> { new("ambience.wav", "ambience", 0, 0.7), new("music.wav", "music", 0, 0.45) };
        if (plan.Cues.Count > 0)
        {
            StemSynthesizer.Effects(plan).WriteWav(Path.Combine(folder, "effects.wav"));
            stems.Add(new AudioStem("effects.wav", "effects", 0, 0.8));
        }

        return stems;
    }

    /// <summary>
    /// Speaks each line to its own WAV file, placed on the timeline at the line's planned start; a cameo's lines in their
    /// voice (<see cref="VoiceArguments"/>).
    /// </summary>
    private static async Task<List<AudioStem>> SpeakAsync(
        ScenePlan plan, IReadOnlyList<CameoLook> cameos, string folder, CancellationToken cancellation)
    {
        var stems = new List<AudioStem>();
        var lines = plan.Dialogue;
        for (var i = 0; i < lines.Count; i++)
        {
            var file = $"dialogue-{i + 1:D2}.wav";
            var cameo = lines[i].Speaker is { } speaker && plan.Actors[speaker].Cameo is { } username
                ? cameos.FirstOrDefault(look => string.Equals(look.Username, username, StringComparison.OrdinalIgnoreCase))
                : null;
            string[] voice = cameo?.Voice is { } measured
                ? VoiceArguments(measured)
                : ["-v", lines[i].Voice switch { "robot" => "en-us+robosoft", "second" => "en-us+f3", _ => "en-us+m3" }, "-s", "155"];
            var start = new ProcessStartInfo("espeak-ng") { RedirectStandardError = true };
            foreach (var argument in (string[])[.. voice, "-w", Path.Combine(folder, file), "--", lines[i].Text])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new MediaException("espeak-ng could not be started.");
            var error = await process.StandardError.ReadToEndAsync(cancellation);
            await process.WaitForExitAsync(cancellation);
            if (process.ExitCode != 0)
            {
                throw new MediaException($"espeak-ng exited with code {process.ExitCode}: {error}");
            }

            stems.Add(new AudioStem(file, "dialogue", lines[i].StartSeconds, 1.0));
        }

        return stems;
    }

    /// <summary>
    /// espeak-ng's settings nearest a measured voice: the male or female variant by the pitch (their base pitches sit
    /// near 118 and 200 Hz at espeak's middle setting, 50, and one step of its 0–99 scale moves them about 1.5 Hz), and
    /// the measured speaking rate (words a minute, which is what espeak's -s takes), within what it speaks clearly.
    /// </summary>
    public static string[] VoiceArguments(VoiceProfile voice)
    {
        var female = voice.PitchHz >= 160;
        var pitch = Math.Clamp(50 + (voice.PitchHz - (female ? 200 : 118)) / 1.5, 0, 99);
        var rate = Math.Clamp(voice.WordsPerMinute, 100, 220);
        return
        [
            "-v", female ? "en-us+f3" : "en-us+m3",
            "-p", Math.Round(pitch).ToString(CultureInfo.InvariantCulture), "-s", Math.Round(rate).ToString(CultureInfo.InvariantCulture),
        ];
    }

    private static class PlanJson
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        };
    }
}
