using System.Globalization;
using System.Text.Json;
using SoraFunctions.Core.Ports;
using SoraFunctions.Media.Quality;

namespace SoraFunctions.Media.Audio;

/// <summary>
/// Lays the stems on the timeline under the picture, ducks the music under the dialogue, and normalizes the mix to
/// -14 LUFS integrated with two-pass loudnorm (the first pass measures, the second applies a linear gain, so the mix
/// is not pumped) and a limiter that keeps the true peak under -1 dBTP after AAC encoding. Then it measures the A/V
/// offset of the result and, when the media shows it clearly, re-cuts the audio to correct it.
/// </summary>
public static class AudioMixer
{
    public const double TargetLufs = -14;

    /// <summary>Where loudnorm and the limiter aim; AAC encoding may add a few tenths, and the ceiling is -1 dBTP.</summary>
    public const double TruePeakTarget = -2;

    /// <summary>How sure the offset measurement must be before the audio is moved (unrelated content scores under 5).</summary>
    public const double CorrectionConfidence = 8;

    private const double LoudnessRange = 11;

    public static async Task<AudioSyncReport> MixAsync(
        string picture, IReadOnlyList<AudioStem> stems, string stemFolder, int seconds, string output, CancellationToken cancellation)
    {
        // The picture's motion onsets decode alongside pass 1, which only touches audio.
        var framesPerSecond = (await MediaProbe.ProbeAsync(picture, cancellation)).Video?.FramesPerSecond ?? 0;
        var pictureOnsets = AvOffset.VisualOnsetsAsync(picture, framesPerSecond, cancellation);

        // Pass 1: mix the stems once, keeping the mix and measuring its loudness.
        var premix = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, $"{Path.GetFileNameWithoutExtension(output)}.premix.wav");
        var target = Invariant($"I={TargetLufs}:TP={TruePeakTarget}:LRA={LoudnessRange}");
        var measureLog = await Ffmpeg.RunAsync(
            [
                .. stems.SelectMany(stem => new[] { "-i", Path.Combine(stemFolder, stem.Path) }),
                "-filter_complex", $"{MixGraph(stems, seconds)};[mix]asplit=2[keep][measure];[measure]loudnorm={target}:print_format=json[measured]",
                "-map", "[keep]", "-c:a", "pcm_f32le", premix, "-map", "[measured]", "-f", "null", "-",
            ],
            cancellation);
        var measured = ParseLoudnorm(measureLog);

        try
        {
            // The offset between the picture and the mix decides how far to move the sound.
            var offset = AvOffset.Correlate(await AvOffset.AudioOnsetsAsync(premix, cancellation), await pictureOnsets);
            var correction = offset is { Confidence: >= CorrectionConfidence } && Math.Abs(offset.OffsetMs) > 1000 / framesPerSecond
                ? -offset.OffsetMs
                : 0;

            // Pass 2: move, normalize with the measured gain, limit, encode.
            var normalize = Invariant(
                $"loudnorm={target}:measured_I={measured.IntegratedLufs}:measured_TP={measured.TruePeakDbtp}:measured_LRA={measured.RangeLu}:measured_thresh={measured.ThresholdLufs}:offset={measured.Offset}:linear=true,alimiter=limit={Math.Pow(10, TruePeakTarget / 20):0.###}:level=false,aresample={StereoBuffer.SampleRate}");
            await Ffmpeg.RunAsync(
                [
                    "-i", picture, "-i", premix,
                    "-filter_complex", $"[1:a]{Shift(correction, seconds)}{normalize}[out]",
                    "-map", "0:v", "-map", "[out]", "-c:v", "copy", "-c:a", "aac", "-b:a", "192k",
                    "-ar", StereoBuffer.SampleRate.ToString(CultureInfo.InvariantCulture), "-ac", "2",
                    "-t", seconds.ToString(CultureInfo.InvariantCulture), output,
                ],
                cancellation);
            return new AudioSyncReport(measured, offset?.OffsetMs, correction);
        }
        finally
        {
            File.Delete(premix);
        }
    }

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

    private static Loudness ParseLoudnorm(string log)
    {
        var start = log.LastIndexOf('{');
        var end = log.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            throw new MediaException("loudnorm printed no measurement.");
        }

        using var json = JsonDocument.Parse(log[start..(end + 1)]);
        double Read(string name) => double.Parse(json.RootElement.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
        return new Loudness(Read("input_i"), Read("input_tp"), Read("input_lra"), Read("input_thresh"), Read("target_offset"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
