using System.Globalization;
using OpenCvSharp;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Media.Audio;

namespace SoraFunctions.Media.Likeness;

/// <summary>Where the offline models live (section <see cref="SectionName"/>); Debian's opencv-data and pocketsphinx-en-us by default.</summary>
public sealed class LikenessOptions
{
    public const string SectionName = "Sora:Likeness";

    public string Cascades { get; set; } = "/usr/share/opencv4/haarcascades";

    public string SpeechModel { get; set; } = "/usr/share/pocketsphinx/model/en-us";
}

/// <summary>
/// Faces with OpenCV (Haar cascades for frontal and profile faces; local binary pattern histograms of the face as its
/// descriptor, the features of OpenCV's LBPH recognizer), words with CMU Sphinx (pocketsphinx held to a grammar of
/// exactly the digits asked for), the voice's pitch by autocorrelation. The recording is decoded by ffmpeg: to 8 grey
/// frames a second on a 480×480 canvas, and to 16 kHz mono sound. A character's picture is cut out with GrabCut.
/// </summary>
public sealed class LikenessAnalyzer(LikenessOptions options) : ILikenessAnalyzer
{
    private const int Canvas = 480;
    private const int FramesPerSecond = 8;
    private const int SampleRate = 16_000;

    private static readonly string[] DigitWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    public async Task<RecordingInfo> ProbeAsync(string recording, CancellationToken cancellation)
    {
        UploadedVideos.DemuxerOf(recording);
        try
        {
            var info = await MediaProbe.ProbeAsync(recording, cancellation);
            return new RecordingInfo(info.DurationSeconds, info.Video is not null, info.Audio is not null);
        }
        catch (MediaException unreadable)
        {
            throw new InvalidDataException($"The recording does not read as a video: {unreadable.Message}", unreadable);
        }
    }

    public async Task<FaceTrack> TrackFaceAsync(string recording, string folder, CancellationToken cancellation)
    {
        UploadedVideos.DemuxerOf(recording);
        var raw = await Ffmpeg.RunForOutputAsync(
            ["-i", recording, "-an", "-vf", $"fps={FramesPerSecond},{Fit},format=gray", "-f", "rawvideo", "-"], cancellation);
        var frames = new List<Mat>();
        try
        {
            for (var offset = 0; offset + Canvas * Canvas <= raw.Length; offset += Canvas * Canvas)
            {
                var frame = new Mat(Canvas, Canvas, MatType.CV_8UC1);
                System.Runtime.InteropServices.Marshal.Copy(raw, offset, frame.Data, Canvas * Canvas);
                frames.Add(frame);
            }

            return await TrackAsync(recording, frames, folder, cancellation);
        }
        finally
        {
            frames.ForEach(frame => frame.Dispose());
        }
    }

    public async Task<SpokenDigits?> ListenAsync(string recording, int count, CancellationToken cancellation)
    {
        UploadedVideos.DemuxerOf(recording);
        var work = Directory.CreateTempSubdirectory("sora-listen-").FullName;
        try
        {
            var sound = Path.Combine(work, "sound.raw");
            var grammar = Path.Combine(work, "digits.gram");
            await Ffmpeg.RunAsync(["-i", recording, "-vn", "-ac", "1", "-ar", SampleRate.ToString(CultureInfo.InvariantCulture), "-f", "s16le", sound], cancellation);
            // Exactly the digits asked for, and nothing else: a spoken "oh" or a cough can't become an extra digit.
            await File.WriteAllTextAsync(grammar,
                $"#JSGF V1.0;\ngrammar digits;\n<digit> = {string.Join(" | ", DigitWords)} ;\npublic <digits> = {string.Join(" ", Enumerable.Repeat("<digit>", count))} ;\n",
                cancellation);
            // One utterance however long the speaker pauses between digits.
            var heard = await Sphinx.HearAsync(sound, options.SpeechModel, ["-jsgf", grammar, "-vad_postspeech", "400"], cancellation);
            var words = heard.Select(word => (Digit: Array.IndexOf(DigitWords, word.Word), word.Start, word.End)).Where(word => word.Digit >= 0).ToList();
            if (words.Count == 0)
            {
                return null;
            }

            var speaking = words[^1].End - words[0].Start;
            var samples = await File.ReadAllBytesAsync(sound, cancellation);
            return new SpokenDigits(
                string.Concat(words.Select(word => word.Digit)),
                new VoiceProfile(Math.Round(VoicePitch.MedianHz(samples, SampleRate), 1), Math.Round(speaking > 0 ? words.Count * 60 / speaking : 0, 1)));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// The sharpest of the frames (two a second, the first and last quarter left out: a camera settling, a hand
    /// reaching for the button), with what stands out from its background cut out by GrabCut, seeded with the frame's
    /// margins as background (its largest piece, to its convex hull): cropped to it, its edge softened, at most 512 px on
    /// its longer side. Where almost nothing stands out (under 2% of the frame) the middle of the frame is kept whole.
    /// </summary>
    public async Task<string> PictureAsync(string recording, string folder, CancellationToken cancellation)
    {
        UploadedVideos.DemuxerOf(recording);
        var stills = Directory.CreateDirectory(Path.Combine(folder, "stills")).FullName;
        await Ffmpeg.RunAsync(
            ["-i", recording, "-an", "-vf", "fps=2,scale=512:512:force_original_aspect_ratio=decrease", "-frames:v", "20", Path.Combine(stills, "%02d.png")],
            cancellation);
        var frames = Directory.GetFiles(stills, "*.png").Order(StringComparer.Ordinal).ToList();
        if (frames.Count == 0)
        {
            throw new InvalidDataException("The recording has no frame to picture.");
        }

        var middle = frames.Count >= 4 ? frames.Skip(frames.Count / 4).Take(frames.Count - frames.Count / 2).ToList() : frames;
        var sharpest = middle.MaxBy(Sharpness)!;
        using var image = Cv2.ImRead(sharpest, ImreadModes.Color);
        var inset = new Rect(image.Width / 12, image.Height / 12, image.Width - image.Width / 6, image.Height - image.Height / 6);
        using var mask = new Mat(image.Size(), MatType.CV_8UC1, Scalar.All(0));
        using (var background = new Mat())
        using (var foreground = new Mat())
        {
            Cv2.GrabCut(image, mask, inset, background, foreground, 5, GrabCutModes.InitWithRect);
        }

        // Sure and probable foreground (1 and 3) are the character. Its largest piece, filled out to its convex hull: a
        // dark eye or a shadow that looks like the background stays part of it.
        using var found = new Mat();
        Cv2.Compare(mask, new Scalar((int)GrabCutClasses.FGD), found, CmpTypes.EQ);
        using var probable = new Mat();
        Cv2.Compare(mask, new Scalar((int)GrabCutClasses.PR_FGD), probable, CmpTypes.EQ);
        Cv2.BitwiseOr(found, probable, found);
        Cv2.FindContours(found, out var pieces, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        var largest = pieces.Length == 0 ? null : pieces.MaxBy(piece => Cv2.ContourArea(piece));
        using var character = new Mat(image.Size(), MatType.CV_8UC1, Scalar.All(0));
        var box = inset;
        if (largest is not null && Cv2.ContourArea(largest) >= 0.02 * image.Width * image.Height)
        {
            var hull = Cv2.ConvexHull(largest);
            Cv2.FillConvexPoly(character, hull, Scalar.All(255), LineTypes.AntiAlias);
            box = Cv2.BoundingRect(hull);
        }
        else
        {
            character[inset].SetTo(Scalar.All(255));
        }

        using var alpha = new Mat();
        Cv2.GaussianBlur(character, alpha, new Size(5, 5), 0);
        using var colour = new Mat();
        Cv2.CvtColor(image, colour, ColorConversionCodes.BGR2BGRA);
        Cv2.MixChannels([alpha], [colour], [0, 3]);
        var path = Path.Combine(folder, "picture.png");
        using (var cut = new Mat(colour, box))
        {
            Cv2.ImWrite(path, cut);
        }

        Directory.Delete(stills, recursive: true);
        return path;
    }

    /// <summary>How sharp a frame is: the variance of its Laplacian (edges blur away in a blurred frame).</summary>
    private static double Sharpness(string frame)
    {
        using var grey = Cv2.ImRead(frame, ImreadModes.Grayscale);
        using var laplacian = new Mat();
        Cv2.Laplacian(grey, laplacian, MatType.CV_64F);
        Cv2.MeanStdDev(laplacian, out _, out var deviation);
        return deviation.Val0 * deviation.Val0;
    }

    /// <summary>The picture scaled to fit the square canvas, centred on black, so that every frame has one size.</summary>
    private static string Fit => $"scale={Canvas}:{Canvas}:force_original_aspect_ratio=decrease,pad={Canvas}:{Canvas}:(ow-iw)/2:(oh-ih)/2";

    private async Task<FaceTrack> TrackAsync(string recording, List<Mat> frames, string folder, CancellationToken cancellation)
    {
        using var frontal = new CascadeClassifier(Path.Combine(options.Cascades, "haarcascade_frontalface_default.xml"));
        using var profile = new CascadeClassifier(Path.Combine(options.Cascades, "haarcascade_profileface.xml"));
        var found = new List<(int Frame, Rect Face, bool Frontal)>();
        var (one, many) = (0, 0);
        for (var i = 0; i < frames.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var faces = frontal.DetectMultiScale(frames[i], 1.1, 5, HaarDetectionTypes.ScaleImage, new Size(48, 48));
            var isFrontal = faces.Length > 0;
            if (!isFrontal)
            {
                // A head turned away shows a profile: the cascade finds those facing one way, the mirrored frame the other.
                faces = profile.DetectMultiScale(frames[i], 1.1, 5, HaarDetectionTypes.ScaleImage, new Size(48, 48));
                if (faces.Length == 0)
                {
                    using var mirrored = frames[i].Flip(FlipMode.Y);
                    faces = [.. profile.DetectMultiScale(mirrored, 1.1, 5, HaarDetectionTypes.ScaleImage, new Size(48, 48))
                        .Select(face => face with { X = Canvas - face.X - face.Width })];
                }
            }

            if (faces.Length == 0)
            {
                continue;
            }

            // The member's face is the one nearest where it was (the largest, at first); another counts as a second
            // person only if it is about as large (the cascade also finds small face-like patches in a background).
            var previous = found.Count > 0 ? found[^1].Face : (Rect?)null;
            var face = previous is { } last
                ? faces.MinBy(candidate => Math.Abs(Center(candidate) - Center(last)) + Math.Abs(candidate.Y - last.Y))
                : faces.MaxBy(candidate => candidate.Width);
            var others = faces.Count(other => other != face && other.Width >= 0.6 * face.Width && !other.IntersectsWith(face));
            (one, many) = others == 0 ? (one + 1, many) : (one, many + 1);
            found.Add((i, face, isFrontal));
        }

        if (found.Count == 0)
        {
            return new FaceTrack(frames.Count, 0, 0, 0, 0, null, null);
        }

        var width = Median(found.Select(f => (double)f.Face.Width));
        var quarter = Math.Max(1, found.Count / 4);
        var travel = (Median(found.TakeLast(quarter).Select(f => Center(f.Face))) - Median(found.Take(quarter).Select(f => Center(f.Face)))) / width;
        var change = Change(frames, found);

        // The reference: the largest frontal faces of the first half (before the head turns away).
        var clearest = found.Where(f => f.Frontal && f.Frame <= frames.Count / 2).OrderByDescending(f => f.Face.Width).Take(5).ToList();
        if (clearest.Count == 0)
        {
            clearest = [.. found.Where(f => f.Frontal).OrderByDescending(f => f.Face.Width).Take(5)];
        }

        if (clearest.Count == 0)
        {
            return new FaceTrack(frames.Count, one, many, travel, change, null, null);
        }

        var descriptor = Describe([.. clearest.Select(f => frames[f.Frame][f.Face])]);
        var reference = await SaveReferenceAsync(recording, clearest[0].Frame, clearest[0].Face, folder, cancellation);
        return new FaceTrack(frames.Count, one, many, Math.Round(travel, 3), Math.Round(change, 2), reference, descriptor);
    }

    /// <summary>The mean absolute difference of the face's pixels between consecutive frames that show it (0–255).</summary>
    private static double Change(List<Mat> frames, List<(int Frame, Rect Face, bool Frontal)> found)
    {
        var differences = new List<double>();
        for (var i = 1; i < found.Count; i++)
        {
            using var before = frames[found[i - 1].Frame][found[i - 1].Face].Resize(new Size(64, 64));
            using var after = frames[found[i].Frame][found[i].Face].Resize(new Size(64, 64));
            using var difference = new Mat();
            Cv2.Absdiff(before, after, difference);
            differences.Add(Cv2.Mean(difference).Val0);
        }

        return differences.Count == 0 ? 0 : differences.Average();
    }

    /// <summary>The faces' local binary pattern histograms averaged: one descriptor for the person.</summary>
    private static FaceDescriptor Describe(IReadOnlyList<Mat> faces)
    {
        var sum = new float[LocalBinaryPatterns.Length];
        foreach (var face in faces)
        {
            using var sized = face.Resize(new Size(LocalBinaryPatterns.Side, LocalBinaryPatterns.Side));
            using var equalized = new Mat();
            Cv2.EqualizeHist(sized, equalized);
            var pixels = new byte[LocalBinaryPatterns.Side * LocalBinaryPatterns.Side];
            equalized.GetArray(out byte[] rows);
            Array.Copy(rows, pixels, pixels.Length);
            var histogram = LocalBinaryPatterns.Histogram(pixels);
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += histogram[i] / faces.Count;
            }
        }

        return new FaceDescriptor(sum);
    }

    /// <summary>The face with a margin around it, in colour, from the frame it was found in: what the renderer draws.</summary>
    private static async Task<string> SaveReferenceAsync(string recording, int frame, Rect face, string folder, CancellationToken cancellation)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "face.jpg");
        var margin = face.Width / 3;
        var x = Math.Max(0, face.X - margin);
        var y = Math.Max(0, face.Y - margin);
        var size = Math.Min(Math.Min(face.Width + 2 * margin, Canvas - x), Canvas - y);
        await Ffmpeg.RunAsync(
            [
                "-i", recording, "-an", "-vf", $"fps={FramesPerSecond},{Fit},select=eq(n\\,{frame}),crop={size}:{size}:{x}:{y},scale=256:256",
                "-frames:v", "1", "-q:v", "3", path,
            ],
            cancellation);
        return path;
    }

    /// <summary>Only Matroska/WebM (what browsers record) and MP4/QuickTime (what phones record), told by their first bytes.</summary>
    private static double Center(Rect face) => face.X + face.Width / 2.0;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
