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
/// Applies an <see cref="EditList"/> in one decode and one encode: every edit is a piece of one filter graph
/// (trim → stabilizing crop → speed ramps → loop → grade). Analysis runs before, in one decode of a small gray
/// picture: the camera's motion for stabilizing, and the loop point search over tiny frames.
/// </summary>
public static class EditRenderer
{
    private const double LoopCrossfade = 0.5;

    public static async Task<EditResult> ApplyAsync(string input, EditList edits, string output, string workFolder, CancellationToken cancellation)
    {
        Directory.CreateDirectory(workFolder);
        // The analysis needs nothing the probe says, so both read the file at once; the encoder starts as soon as the
        // probe has answered and loads while the analysis still runs, waiting on stdin for the graph the analysis
        // decides (ffmpeg reads a filter graph script before it opens its input).
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var analyzing = AnalyzeAsync(input, edits, workFolder, abandon.Token);
        var graph = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task? rendering = null;
        try
        {
            var info = await MediaProbe.ProbeAsync(input, cancellation);
            var video = info.Video ?? throw new MediaException($"{input} has no video stream to edit.");
            edits.Validate(info.DurationSeconds);
            rendering = Ffmpeg.RunWithInputAsync(
                [
                    "-nostdin", "-i", input, "-filter_complex_script", "pipe:0",
                    "-map", "[v]", .. info.Audio is null ? Array.Empty<string>() : ["-map", "[a]"],
                    "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
                    .. LoudnessNormalizer.AacArguments, output,
                ],
                async stdin => await stdin.WriteAsync(System.Text.Encoding.UTF8.GetBytes(await graph.Task)),
                abandon.Token);

            var timeline = Timeline(edits, info.DurationSeconds);
            var (detection, frames) = await analyzing;
            var stabilize = new List<Filter>();
            if (detection is not null && Stabilizer.Plan(detection, video.Width, video.Height) is { } stabilization)
            {
                var commands = Path.Combine(workFolder, "stabilize.cmd");
                await File.WriteAllTextAsync(commands, stabilization.Commands(video.FramesPerSecond), cancellation);
                stabilize.AddRange([Filter.SendCmd(commands), Filter.StabilizeCrop(stabilization), Filter.Scale(video.Width, video.Height)]);
            }

            var loop = frames is null ? null : FindLoop(frames, timeline, video.FramesPerSecond);
            graph.SetResult(Graph(edits, timeline, loop, stabilize, info.Audio is not null, video.FramesPerSecond));
            await rendering;
            return new EditResult(Seconds(timeline, loop), loop);
        }
        catch
        {
            // The first failure is the one to report: the other processes are stopped, and whatever they met is moot.
            await abandon.CancelAsync();
            graph.TrySetCanceled();
            await Task.WhenAll(rendering ?? Task.CompletedTask, analyzing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
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

    /// <summary>
    /// The filter graph: <c>[0:v]</c> and <c>[0:a]</c> in, <c>[v]</c> and <c>[a]</c> out; <paramref name="stabilize"/>
    /// (empty for none) runs right after the trim, while frames still carry the source timestamps it was planned on.
    /// </summary>
    public static string Graph(
        EditList edits, IReadOnlyList<Segment> timeline, LoopPoint? loop, IReadOnlyList<Filter> stabilize, bool hasAudio, double framesPerSecond)
    {
        var chains = new List<string>();
        // The picture stays one chain: the speed ramps retime the trimmed frames in one expression. It ends pinned to
        // 4:2:0: ffmpeg settles formats across the whole graph, so a filter further on that wants another (the loop
        // seam's alpha) would otherwise have every frame converted there and back.
        chains.Add($"[0:v]{Join([
            Filter.Trim(timeline[0].SourceStart, timeline[^1].SourceEnd), .. stabilize, Filter.Retime(timeline),
            Filter.Fps(framesPerSecond), Filter.Format("yuv420p")])}[vcut]");
        var cut = "[vcut]";
        var audioCut = hasAudio ? CutAudio(chains, timeline) : null;
        if (loop is not null)
        {
            // The picture's seam fades the tail out over the head by alpha, so only the seam's frames leave 4:2:0.
            cut = Loop(chains, "v", cut, loop, Filter.Split(3), (from, to) => [Filter.Trim(from, to), Filter.SetPts()],
                (tail, head) => $"{tail}{Join([Filter.Format("yuva420p"), Filter.FadeOutAlpha(loop.Crossfade)])}[vfading];{head}[vfading]{Filter.Overlay()}",
                Filter.Concat(2, video: true));
            audioCut = audioCut is null
                ? null
                : Loop(chains, "a", audioCut, loop, Filter.ASplit(3), (from, to) => [Filter.ATrim(from, to), Filter.ASetPts()],
                    (tail, head) => $"{tail}{head}{Filter.ACrossFade(loop.Crossfade)}", Filter.Concat(2, video: false));
        }

        chains.Add($"{cut}{Join([.. Grade(edits.Grade), Filter.Format("yuv420p")])}[v]");
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

    /// <summary>Cuts the sound into the timeline's segments, each at its tempo, and joins them; returns the label of the result.</summary>
    private static string CutAudio(List<string> chains, IReadOnlyList<Segment> timeline)
    {
        IEnumerable<Filter> Playing(Segment segment) =>
            [Filter.ATrim(segment.SourceStart, segment.SourceEnd), Filter.ASetPts(), .. Filter.ATempo(segment.Speed)];

        if (timeline.Count == 1)
        {
            chains.Add($"[0:a]{Join(Playing(timeline[0]))}[acut]");
            return "[acut]";
        }

        var labels = timeline.Select((_, i) => $"[a{i}]").ToList();
        chains.Add($"[0:a]{Filter.ASplit(timeline.Count)}{string.Concat(labels)}");
        for (var i = 0; i < timeline.Count; i++)
        {
            chains.Add($"{labels[i]}{Join(Playing(timeline[i]))}[as{i}]");
        }

        chains.Add($"{string.Concat(timeline.Select((_, i) => $"[as{i}]"))}{Filter.Concat(timeline.Count, video: false)}[acut]");
        return "[acut]";
    }

    /// <summary>
    /// Closes the loop: the part after the opening crossfade up to the loop point, whose last crossfade's worth fades
    /// into the opening, so the last frame flows into the first when the clip repeats. Only the seam goes through the
    /// fade (<paramref name="crossfade"/> joins the tail's and the head's labels into one stream); the body passes
    /// straight to the join.
    /// </summary>
    private static string Loop(
        List<string> chains, string stream, string input, LoopPoint loop, Filter split,
        Func<double, double, IReadOnlyList<Filter>> trim, Func<string, string, string> crossfade, Filter join)
    {
        var seamStart = loop.At - loop.Crossfade;
        chains.Add($"{input}{split}[{stream}body][{stream}tail][{stream}head]");
        chains.Add($"[{stream}body]{Join(trim(loop.Crossfade, seamStart))}[{stream}b]");
        chains.Add($"[{stream}tail]{Join(trim(seamStart, loop.At))}[{stream}t]");
        chains.Add($"[{stream}head]{Join(trim(0, loop.Crossfade))}[{stream}h]");
        chains.Add($"{crossfade($"[{stream}t]", $"[{stream}h]")}[{stream}seam]");
        chains.Add($"[{stream}b][{stream}seam]{join}[{stream}loop]");
        return $"[{stream}loop]";
    }

    /// <summary>
    /// The analysis the edits need, in one decode: gray frames shrunk to <see cref="Stabilizer.DetectionShortSide"/>
    /// for the stabilizer's motion estimate (through a file), and, for a loop, 32x18 gray frames (through stdout).
    /// </summary>
    private static async Task<(byte[]? Detection, byte[]? Loop)> AnalyzeAsync(
        string input, EditList edits, string workFolder, CancellationToken cancellation)
    {
        if (!edits.Stabilize && !edits.Loop)
        {
            return (null, null);
        }

        var detection = Path.Combine(workFolder, "detection.gray");
        var shrink = $"{Filter.ShrinkShortSide(Stabilizer.DetectionShortSide)},{Filter.Format("gray")}";
        string[] analysis = (edits.Stabilize, edits.Loop) switch
        {
            (true, true) => ["-filter_complex", $"[0:v]{shrink},{Filter.Split(2)}[d][s];[s]{GrayFrames.Filter}[small]",
                "-map", "[d]", "-f", "rawvideo", detection, "-map", "[small]", "-f", "rawvideo", "-"],
            (true, false) => ["-map", "0:v:0", "-vf", shrink, "-f", "rawvideo", detection],
            _ => ["-map", "0:v:0", "-vf", GrayFrames.Filter, "-f", "rawvideo", "-"],
        };
        var frames = await Ffmpeg.RunForOutputAsync([.. GrayFrames.FastDecode, "-y", "-i", input, .. analysis], cancellation);
        return (edits.Stabilize ? await File.ReadAllBytesAsync(detection, cancellation) : null, edits.Loop ? frames : null);
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
