using System.Globalization;
using System.Text.Json;
using SoraFunctions.Core.Ports;
using SoraFunctions.Media.Quality;

namespace SoraFunctions.Media.Audio;

/// <summary>
/// Lays the stems on the timeline under the picture, ducks the music under the dialogue, and brings the mix to the
/// loudness target in two passes (the first mixes and measures, the second applies the measured gain and a true-peak
/// limiter, so the mix is not pumped; see <see cref="LoudnessNormalizer"/>). The A/V offset between the picture and the
/// mix is measured meanwhile and, when the media shows it clearly, the sound is moved to correct it.
/// </summary>
public static class AudioMixer
{
    /// <summary>How sure the offset measurement must be before the audio is moved (unrelated content scores under 5).</summary>
    public const double CorrectionConfidence = 8;

    public static async Task<AudioSyncReport> MixAsync(
        string picture, IReadOnlyList<AudioStem> stems, string stemFolder, int seconds, string output, CancellationToken cancellation)
    {
        // The picture's motion onsets decode alongside pass 1, which only touches audio.
        var framesPerSecond = (await MediaProbe.ProbeAsync(picture, cancellation)).Video?.FramesPerSecond ?? 0;
        var pictureOnsets = AvOffset.VisualOnsetsAsync(picture, framesPerSecond, cancellation);

        // Pass 1: mix the stems once, keeping the mix and measuring its loudness.
        var premix = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, $"{Path.GetFileNameWithoutExtension(output)}.premix.wav");
        var measureLog = await Ffmpeg.RunAsync(
            [
                "-nostats", .. stems.SelectMany(stem => new[] { "-i", Path.Combine(stemFolder, stem.Path) }),
                "-filter_complex", $"{MixGraph(stems, seconds)};[mix]asplit=2[keep][measure];[measure]{LoudnessNormalizer.Measure}[measured]",
                "-map", "[keep]", "-c:a", "pcm_f32le", premix, "-map", "[measured]", "-f", "null", "-",
            ],
            cancellation);
        var measured = LoudnessNormalizer.ReadSummary(measureLog) ?? throw new MediaException("ebur128 printed no measurement of the mix.");

        try
        {
            // The offset between the picture and the mix decides how far to move the sound.
            var offset = AvOffset.Correlate(await AvOffset.AudioOnsetsAsync(premix, cancellation), await pictureOnsets);
            var correction = offset is { Confidence: >= CorrectionConfidence } && Math.Abs(offset.OffsetMs) > 1000 / framesPerSecond
                ? -offset.OffsetMs
                : 0;

            // Pass 2: move, bring to the loudness target with a gain and a true-peak limiter, encode; the limited sound is
            // measured in the same run, and the gain corrected by a further pass when the limiter took too much.
            await LoudnessNormalizer.SearchAsync(measured, output, MixSettled, async (gain, ceiling, file) =>
                LoudnessNormalizer.ReadSummary(await Ffmpeg.RunAsync(
                    [
                        "-nostats", "-i", picture, "-i", premix,
                        "-filter_complex", $"[1:a]{Shift(correction, seconds)}{LoudnessNormalizer.Filter(gain, ceiling)},asplit=2[out][limited];[limited]{LoudnessNormalizer.Measure}[measured]",
                        "-map", "0:v", "-map", "[out]", "-c:v", "copy", .. LoudnessNormalizer.AacArguments,
                        "-t", seconds.ToString(CultureInfo.InvariantCulture), file, "-map", "[measured]", "-f", "null", "-",
                    ],
                    cancellation)) ?? throw new MediaException("ebur128 printed no measurement of the limited mix."));
            return new AudioSyncReport(measured, offset?.OffsetMs, correction);
        }
        finally
        {
            File.Delete(premix);
        }
    }

    /// <summary>
    /// Whether the limited mix, measured before encoding, is near enough the target that the encoded one will be: its
    /// peak is judged on the encoded sound, after the edits (see <see cref="LoudnessNormalizer.MeetTargetAsync"/>).
    /// </summary>
    private static bool MixSettled(Loudness limited) => Math.Abs(limited.IntegratedLufs - LoudnessNormalizer.TargetLufs) <= 0.3;

    /// <summary>
    /// The stems, each resampled to 48 kHz stereo, delayed to its start and scaled, summed per kind; the music is
    /// compressed by the dialogue (sidechain) so words stay clear; all is summed and cut to the clip's length as
    /// <c>[mix]</c>.
    /// </summary>
    private static string MixGraph(IReadOnlyList<AudioStem> stems, int seconds)
    {
        var parts = stems.Select((stem, i) =>
        {
            var delay = (long)Math.Round(stem.StartSeconds * 1000);
            return Invariant(
                $"[{i}:a]aresample={StereoBuffer.SampleRate},aformat=sample_fmts=fltp:channel_layouts=stereo,adelay={delay}|{delay},volume={stem.Gain}[s{i}]");
        }).ToList();

        string? Group(string name, Func<AudioStem, bool> belongs)
        {
            var members = stems.Select((stem, i) => (stem, i)).Where(x => belongs(x.stem)).Select(x => $"[s{x.i}]").ToList();
            switch (members.Count)
            {
                case 0:
                    return null;
                case 1:
                    parts.Add($"{members[0]}anull[{name}]");
                    return $"[{name}]";
                default:
                    parts.Add(Invariant($"{string.Concat(members)}amix=inputs={members.Count}:normalize=0:duration=longest[{name}]"));
                    return $"[{name}]";
            }
        }

        var dialogue = Group("dialogue", stem => stem.Kind == "dialogue");
        var music = Group("music", stem => stem.Kind == "music");
        var bed = Group("bed", stem => stem.Kind is not ("dialogue" or "music"));
        if (dialogue is not null && music is not null)
        {
            parts.Add($"{dialogue}asplit=2[voice][key]");
            parts.Add($"{music}[key]sidechaincompress=threshold=0.02:ratio=8:attack=15:release=400[ducked]");
            (dialogue, music) = ("[voice]", "[ducked]");
        }

        var groups = new[] { bed, music, dialogue }.OfType<string>().ToList();
        parts.Add(Invariant(
            $"{string.Concat(groups)}amix=inputs={groups.Count}:normalize=0:duration=longest,apad,atrim=0:{seconds}[mix]"));
        return string.Join(';', parts);
    }

    /// <summary>Moves the mix by <paramref name="correctionMs"/> (later when positive), keeping its length.</summary>
    private static string Shift(double correctionMs, int seconds) => correctionMs switch
    {
        > 0 => Invariant($"adelay={correctionMs:0}:all=1,atrim=0:{seconds},"),
        < 0 => Invariant($"atrim=start={-correctionMs / 1000:0.###},asetpts=PTS-STARTPTS,apad,atrim=0:{seconds},"),
        _ => "",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
