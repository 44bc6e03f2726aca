using System.Globalization;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Media;

namespace SoraFunctions.Tests.Shared.Cameos;

/// <summary>
/// Cameo recordings made from real material: a photograph (Debian's opencv-doc ships them) framed around its face and
/// moved across the frames as a head turning would move it, with digits spoken by espeak-ng over the picture: its Klatt
/// voice, which CMU Sphinx's acoustic model hears best, with a fifth of a second between digits as people read them
/// (run together, about one 6-digit string in 30 is misheard; with the pauses none in 450), over a microphone's faint
/// noise floor (pure digital silence between the words makes Opus leave sounds that Sphinx hears as digits: a WebM
/// recording was misheard about one time in 20 without it, none in 100 with it). MP4 by default; .webm paths make WebM (VP8, Opus), as a
/// browser records.
/// </summary>
public static class CameoRecordings
{
    public const string Photos = "/usr/share/doc/opencv-doc";

    /// <summary>One face (a footballer), 38 px wide at (226, 94) in a 548×342 picture.</summary>
    public static readonly Photo Messi = new($"{Photos}/examples/data/messi5.jpg", 245, 113, 38);

    /// <summary>One face (a painting's, the Mona Lisa), 142 px wide at (165, 150).</summary>
    public static readonly Photo Julia = new($"{Photos}/opencv4/html/julia_facedetect_sample.jpg", 236, 221, 142);

    /// <summary>One face (a woman in a hat, a detection box drawn around it), 194 px wide at (207, 199).</summary>
    public static readonly Photo Lena = new($"{Photos}/opencv4/html/faceDetection.png", 304, 296, 194);

    /// <summary>One face (a woman at a webcam, circles drawn on it), 224 px wide at (344, 222).</summary>
    public static readonly Photo Webcam = new($"{Photos}/opencv4/html/Cascade_Classifier_Tutorial_Result_LBP.jpg", 456, 334, 224);

    /// <summary>One face (a man in a newspaper photograph), 71 px wide at (294, 216).</summary>
    public static readonly Photo Newspaper = new($"{Photos}/opencv4/html/newspaper.jpg", 329, 251, 71);

    /// <summary>Four faces in a 200×200 picture, framed whole.</summary>
    public static readonly Photo FourFaces = new($"{Photos}/opencv4/html/facereg.jpg", 100, 100, 50);

    /// <summary>Fruit, no face.</summary>
    public static readonly Photo Fruit = new($"{Photos}/examples/data/fruits.jpg", 240, 240, 60);

    /// <summary>
    /// A recording of <paramref name="seconds"/> in which the face travels <paramref name="travel"/> face widths the
    /// way a head turning to <paramref name="turn"/> moves it (0: a still picture), and <paramref name="digits"/> are
    /// read aloud from half a second in.
    /// </summary>
    public static async Task MakeAsync(string path, Photo photo, string digits, HeadTurn turn, double travel = 0.8, double seconds = 6)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var speech = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(path)}-speech.wav");
        await Ffmpeg.RunToolAsync("espeak-ng", ["-v", "en-us+klatt3", "-s", "150", "-g", "20", "-w", speech, string.Join(' ', digits.Select(d => Words[d - '0']))]);
        // The frame is four face widths square around the face; it slides the opposite way to the face's travel, which
        // eases in and out over the middle of the recording. The member turning to their left moves their face towards
        // the picture's right.
        var side = photo.FaceWidth * 4;
        var shift = travel * photo.FaceWidth * (turn == HeadTurn.Left ? -1 : 1);
        var x = Invariant($"{photo.FaceX - side / 2}+{shift}*(0.5-0.5*cos(PI*min(max(t-1,0)/{seconds - 2},1)))");
        var y = Invariant($"{photo.FaceY - side / 2}");
        var webm = path.EndsWith(".webm", StringComparison.OrdinalIgnoreCase);
        await Ffmpeg.RunAsync([
            "-loop", "1", "-framerate", "24", "-i", photo.Path, "-i", speech,
            "-filter_complex",
            Invariant($"[0:v]pad=iw+{2 * side}:ih+{2 * side}:{side}:{side},crop={side}:{side}:'{side}+{x}':'{side}+{y}',scale=480:480,format=yuv420p[v];[1:a]adelay=500:all=1,apad[speech];anoisesrc=a=0.003:c=pink:r=22050[room];[speech][room]amix=inputs=2:duration=first:normalize=0[a]"),
            "-map", "[v]", "-map", "[a]", "-t", Invariant($"{seconds}"),
            "-c:v", webm ? "libvpx" : "libx264", "-c:a", webm ? "libopus" : "aac", path]);
        File.Delete(speech);
    }

    /// <summary>A dog filling a 512×512 photograph: a pet, for a character.</summary>
    public const string Dog = $"{Photos}/examples/data/chicky_512.png";

    /// <summary>A silent video of <paramref name="seconds"/> in which the camera drifts across the picture, as a phone films a pet.</summary>
    public static Task FilmAsync(string path, string picture, double seconds = 3) => Ffmpeg.RunAsync([
        "-loop", "1", "-framerate", "24", "-i", picture, "-t", Invariant($"{seconds}"),
        "-vf", "crop=iw*0.86:ih*0.86:iw*0.07+iw*0.02*t:ih*0.07,scale=480:-2,format=yuv420p", "-c:v", "libx264", path]);

    private static readonly string[] Words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A photograph and where its face is: the centre and the width, in pixels.</summary>
public sealed record Photo(string Path, int FaceX, int FaceY, int FaceWidth);
