using SoraFunctions.Core.Videos;
using SoraFunctions.Media.Audio;
using SoraFunctions.Media.Quality;

namespace SoraFunctions.Media.Editing;

/// <summary>One stretch of the source played at one speed.</summary>
public sealed record Segment(double SourceStart, double SourceEnd, double Speed)
{
    public double OutputSeconds => (SourceEnd - SourceStart) / Speed;
}

/// <summary>Where the loop closes (in seconds of the edited clip), how long the seam crossfades, and how alike the joined frames are (1 = identical).</summary>
public sealed record LoopPoint(double At, double Crossfade, double Similarity);

public sealed record EditResult(double Seconds, LoopPoint? Loop);

/// <summary>
/// Applies an <see cref="EditList"/> in one decode and one encode: every edit is a chain in one filter graph
/// (stabilize → trim and speed ramps → loop → grade). Analysis runs before: vidstab's detect pass, and the loop point
/// search over small gray frames.
/// </summary>
public static class EditRenderer
{
    private const double LoopCrossfade = 0.5;

    public static async Task<EditResult> ApplyAsync(string input, EditList edits, string output, string workFolder, CancellationToken cancellation)
    {
        var info = await MediaProbe.ProbeAsync(input, cancellation);
        var video = info.Video ?? throw new MediaException($"{input} has no video stream to edit.");
        edits.Validate(info.DurationSeconds);
        Directory.CreateDirectory(workFolder);

        var timeline = Timeline(edits, info.DurationSeconds);
        var (transforms, frames) = await AnalyzeAsync(input, edits, workFolder, cancellation);
        var loop = frames is null ? null : FindLoop(frames, timeline, video.FramesPerSecond);
        var graph = Graph(edits, timeline, loop, transforms, info.Audio is not null, video.FramesPerSecond);
        await Ffmpeg.RunAsync(
            [
                "-i", input, "-filter_complex", graph, "-map", "[v]", .. info.Audio is null ? Array.Empty<string>() : ["-map", "[a]"],
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "192k", output,
            ],
            cancellation);
        return new EditResult(Seconds(timeline, loop), loop);
    }

    /// <summary>The edited clip's length: the segments at their speeds, less the loop's cut and crossfade.</summary>
    public static double Seconds(IReadOnlyList<Segment> timeline, LoopPoint? loop) =>
        loop is null ? timeline.Sum(s => s.OutputSeconds) : loop.At - loop.Crossfade;

    /// <summary>The trimmed clip cut at the speed ramps' edges into segments, each with its speed.</summary>
    public static IReadOnlyList<Segment> Timeline(EditList edits, double sourceSeconds)
    {
        var (start, end) = edits.Trim is { } trim ? (trim.Start, trim.End) : (0, sourceSeconds);
        var segments = new List<Segment>();
        var at = 0.0;
        foreach (var ramp in edits.SpeedRamps.OrderBy(r => r.Start))
        {
            if (ramp.Start > at)
            {
                segments.Add(new Segment(start + at, start + ramp.Start, 1));
            }

            segments.Add(new Segment(start + ramp.Start, start + ramp.End, ramp.Factor));
            at = ramp.End;
        }

        if (start + at < end)
        {
            segments.Add(new Segment(start + at, end, 1));
        }

        return segments;
    }

    /// <summary>The filter graph: <c>[0:v]</c> and <c>[0:a]</c> in, <c>[v]</c> and <c>[a]</c> out.</summary>
    public static string Graph(
        EditList edits, IReadOnlyList<Segment> timeline, LoopPoint? loop, string? transforms, bool hasAudio, double framesPerSecond)
    {
        var chains = new List<string>();
        var head = new List<Filter>();
        if (transforms is not null)
        {
            head.Add(Filter.VidStabTransform(transforms));
        }

        var cut = Cut(chains, "v", timeline, head, segment =>
            [Filter.Trim(segment.SourceStart, segment.SourceEnd), Filter.SetPts(segment.Speed), Filter.Fps(framesPerSecond)]);
        var audioCut = hasAudio
            ? Cut(chains, "a", timeline, [], segment =>
                [Filter.ATrim(segment.SourceStart, segment.SourceEnd), Filter.ASetPts(), .. Filter.ATempo(segment.Speed)])
            : null;

        if (loop is not null)
        {
            cut = Loop(chains, "v", cut, loop, Filter.Split(2),
                (from, to) => [Filter.Trim(from, to), Filter.SetPts()], Filter.XFade(loop.Crossfade, loop.At - 2 * loop.Crossfade));
            audioCut = audioCut is null
                ? null
                : Loop(chains, "a", audioCut, loop, Filter.ASplit(2),
                    (from, to) => [Filter.ATrim(from, to), Filter.ASetPts()], Filter.ACrossFade(loop.Crossfade));
        }

        chains.Add($"{cut}{Join([.. Grade(edits.Grade), Filter.Fps(framesPerSecond), Filter.Format("yuv420p")])}[v]");
        if (audioCut is not null)
        {
            // Tempo changes may come out a few milliseconds short: pad and cut so the sound lasts exactly as the picture.
            chains.Add($"{audioCut}{Join([Filter.APad(), Filter.ATrim(0, Seconds(timeline, loop)), Filter.AResample(StereoBuffer.SampleRate)])}[a]");
        }

        return string.Join(';', chains);
    }

    /// <summary>The filters of a grade: the preset's look, then the LUT, then the adjustments.</summary>
    public static IEnumerable<Filter> Grade(GradeEdit? grade)
    {
        if (grade is null)
        {
            yield break;
        }

        switch (grade.Preset)
        {
            case "natural":
                yield return Filter.Eq(contrast: 1.04, saturation: 1.06);
                break;
            case "warm":
                yield return Filter.ShiftChroma(blue: -7, red: 7);
                yield return Filter.Eq(saturation: 1.08);
                break;
            case "cool":
                yield return Filter.ShiftChroma(blue: 7, red: -5);
                break;
            case "noir":
                yield return Filter.Desaturate();
                yield return Filter.Eq(brightness: -0.04, contrast: 1.4);
                break;
            case "vivid":
                yield return Filter.Eq(contrast: 1.1, saturation: 1.45);
                break;
            case "film":
                yield return Filter.ShiftChroma(blue: -3, red: 3);
                yield return Filter.Eq(contrast: 0.94, saturation: 0.85);
                yield return Filter.Grain(7);
                break;
        }

        if (grade.Lut is { } lut)
        {
            yield return Filter.Lut3d(lut);
        }

        if (grade.Brightness is not null || grade.Contrast is not null || grade.Saturation is not null)
        {
            yield return Filter.Eq(grade.Brightness, grade.Contrast, grade.Saturation);
        }
    }

    /// <summary>Cuts one stream into the timeline's segments and joins them; returns the label of the result.</summary>
    private static string Cut(
        List<string> chains, string stream, IReadOnlyList<Segment> timeline, IReadOnlyList<Filter> head,
        Func<Segment, IReadOnlyList<Filter>> segmentFilters)
    {
        var video = stream == "v";
        if (timeline.Count == 1)
        {
            chains.Add($"[0:{stream}]{Join([.. head, .. segmentFilters(timeline[0])])}[{stream}cut]");
            return $"[{stream}cut]";
        }

        var labels = timeline.Select((_, i) => $"[{stream}{i}]").ToList();
        chains.Add($"[0:{stream}]{Join([.. head, video ? Filter.Split(timeline.Count) : Filter.ASplit(timeline.Count)])}{string.Concat(labels)}");
        for (var i = 0; i < timeline.Count; i++)
        {
            chains.Add($"{labels[i]}{Join(segmentFilters(timeline[i]))}[{stream}s{i}]");
        }

        chains.Add($"{string.Concat(timeline.Select((_, i) => $"[{stream}s{i}]"))}{Filter.Concat(timeline.Count, video)}[{stream}cut]");
        return $"[{stream}cut]";
    }

    /// <summary>
    /// Closes the loop: the part after the first crossfade up to the loop point, faded into the opening, so the last
    /// frame flows into the first when the clip repeats.
    /// </summary>
    private static string Loop(
        List<string> chains, string stream, string input, LoopPoint loop, Filter split,
        Func<double, double, IReadOnlyList<Filter>> trim, Filter fade)
    {
        chains.Add($"{input}{split}[{stream}body][{stream}head]");
        chains.Add($"[{stream}body]{Join(trim(loop.Crossfade, loop.At))}[{stream}b]");
        chains.Add($"[{stream}head]{Join(trim(0, loop.Crossfade))}[{stream}h]");
        chains.Add($"[{stream}b][{stream}h]{fade}[{stream}loop]");
        return $"[{stream}loop]";
    }

    /// <summary>
    /// The analysis the edits need, in one decode: vidstab's motion detection (to a transforms file) and, for a loop,
    /// the source as 32x18 gray frames.
    /// </summary>
    private static async Task<(string? Transforms, byte[]? Frames)> AnalyzeAsync(
        string input, EditList edits, string workFolder, CancellationToken cancellation)
    {
        if (!edits.Stabilize && !edits.Loop)
        {
            return (null, null);
        }

        var transforms = edits.Stabilize ? Path.Combine(workFolder, "transforms.trf") : null;
        string[] analysis = (transforms, edits.Loop) switch
        {
            ({ } trf, true) => ["-filter_complex", $"[0:v]{Filter.Split(2)}[d][s];[d]{Filter.VidStabDetect(trf)},nullsink;[s]{GrayFrames.Filter}[small]",
                "-map", "[small]", "-f", "rawvideo", "-"],
            ({ } trf, false) => ["-map", "0:v:0", "-vf", Filter.VidStabDetect(trf).ToString(), "-f", "null", "-"],
            _ => ["-map", "0:v:0", "-vf", GrayFrames.Filter, "-f", "rawvideo", "-"],
        };
        var frames = await Ffmpeg.RunForOutputAsync([.. GrayFrames.FastDecode, "-i", input, .. analysis], cancellation);
        return (transforms, edits.Loop ? frames : null);
    }

    /// <summary>
    /// The loop point: the frame in the second half of the edited clip that looks most like its first frame, judged on
    /// 32x18 gray frames of the source mapped through the timeline.
    /// </summary>
    private static LoopPoint FindLoop(byte[] frames, IReadOnlyList<Segment> timeline, double framesPerSecond)
    {
        var count = frames.Length / GrayFrames.Size;
        int SourceFrame(double editedSeconds)
        {
            foreach (var segment in timeline)
            {
                if (editedSeconds < segment.OutputSeconds)
                {
                    return Math.Min(count - 1, (int)((segment.SourceStart + editedSeconds * segment.Speed) * framesPerSecond));
                }

                editedSeconds -= segment.OutputSeconds;
            }

            return count - 1;
        }

        var length = timeline.Sum(s => s.OutputSeconds);
        var first = SourceFrame(0);
        var (bestAt, bestDifference) = (length, double.MaxValue);
        for (var frame = (int)Math.Ceiling(length / 2 * framesPerSecond); frame <= (int)(length * framesPerSecond); frame++)
        {
            var at = frame / framesPerSecond;
            var difference = GrayFrames.Difference(frames, SourceFrame(Math.Min(at, length - 1e-6)), first);
            if (difference < bestDifference)
            {
                (bestAt, bestDifference) = (at, difference);
            }
        }

        var crossfade = Math.Min(LoopCrossfade, bestAt / 4);
        return new LoopPoint(Math.Round(bestAt, 4), crossfade, Math.Round(1 - bestDifference / 255, 4));
    }

    private static string Join(IEnumerable<Filter> filters) => string.Join(',', filters);
}
