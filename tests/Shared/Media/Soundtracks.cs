using System.Globalization;
using SoraFunctions.Media;
using SoraFunctions.Media.Generation;

namespace SoraFunctions.Tests.Shared.Media;

/// <summary>
/// Soundtracks as a video model makes them, with no script beside them: lines spoken by espeak-ng (its Klatt voice), a
/// second apart, over this project's own music and ambience for a cheerful garden party, the bed
/// <c>bedBelowVoices</c> dB under the voices (by loudness).
/// </summary>
public static class Soundtracks
{
    private const string Mono = "aformat=sample_rates=48000:channel_layouts=mono";
    private const string Stereo = "aformat=sample_rates=48000:channel_layouts=stereo";

    /// <summary>A 1280x720 clip of <paramref name="seconds"/>: a test pattern with the soundtrack (AAC), as a video server returns one.</summary>
    public static async Task MakeClipAsync(string path, IReadOnlyList<string> lines, int seconds, double bedBelowVoices = 16)
    {
        var sound = Path.ChangeExtension(path, ".soundtrack.wav");
        await MakeAsync(sound, lines, seconds, bedBelowVoices);
        await Ffmpeg.RunAsync([
            "-f", "lavfi", "-i", $"testsrc2=size=1280x720:rate=16:duration={seconds}", "-i", sound,
            "-pix_fmt", "yuv420p", "-c:v", "libx264", "-c:a", "aac", "-shortest", path]);
        File.Delete(sound);
    }

    public static async Task MakeAsync(string path, IReadOnlyList<string> lines, int seconds, double bedBelowVoices = 16)
    {
        var folder = Directory.CreateTempSubdirectory("sora-soundtrack-").FullName;
        try
        {
            var plan = ScenePlanner.Plan("A cheerful garden party on a sunny afternoon", seconds, 7);
            var (music, ambience) = (Path.Combine(folder, "music.wav"), Path.Combine(folder, "ambience.wav"));
            StemSynthesizer.Music(plan).WriteWav(music);
            StemSynthesizer.Ambience(plan).WriteWav(ambience);
            var inputs = new List<string> { "-i", music, "-i", ambience };
            for (var i = 0; i < lines.Count; i++)
            {
                var line = Path.Combine(folder, $"line-{i}.wav");
                await Ffmpeg.RunToolAsync("espeak-ng", ["-v", "en-us+klatt3", "-s", "150", "-w", line, lines[i]]);
                inputs.AddRange(["-i", line]);
            }

            var bed = $"[0][1]amix=inputs=2:normalize=0,loudnorm=I={(-20 - bedBelowVoices).ToString(CultureInfo.InvariantCulture)},{Mono}";
            var mix = lines.Count == 0
                ? $"{bed},{Stereo}[out]"
                : string.Concat(Enumerable.Range(2, lines.Count).Select(i => $"[{i}]aresample=48000,apad=pad_dur=1[v{i}];"))
                    + string.Concat(Enumerable.Range(2, lines.Count).Select(i => $"[v{i}]"))
                    + $"concat=n={lines.Count}:v=0:a=1,adelay=500:all=1,loudnorm=I=-20,{Mono}[voices];{bed}[bed];"
                    + $"[voices][bed]amix=inputs=2:duration=longest:normalize=0,{Stereo}[out]";
            await Ffmpeg.RunAsync([
                .. inputs, "-filter_complex", mix,
                "-map", "[out]", "-t", seconds.ToString(CultureInfo.InvariantCulture), path]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
