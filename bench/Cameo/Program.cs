using System.Diagnostics;
using System.Globalization;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Media.Likeness;
using SoraFunctions.Tests.Shared.Cameos;

// Cameo verification's analysis on this machine, from recordings of real photographs moved like a turning head with
// digits spoken by espeak-ng (tests/Shared/Cameos):
// - verify: probing, tracking the face and hearing the digits of one 5 s recording, five times (median);
// - how well the face descriptor tells people apart: five photographed faces (a footballer, a painting, two women, a
//   man in a newspaper), each recorded three ways (turning left or right, travelling 0.3–0.8 face widths); the largest
//   distance between one face's recordings against the smallest between different faces', and the threshold between.
// Last line: verify_s=V same_max=S different_min=D threshold=T.
const int Runs = 5;
var analyzer = new LikenessAnalyzer(new LikenessOptions());
var folder = Directory.CreateTempSubdirectory("sora-bench-cameo-").FullName;
try
{
    var recording = Path.Combine(folder, "verify.mp4");
    await CameoRecordings.MakeAsync(recording, CameoRecordings.Messi, "472916", HeadTurn.Left);
    var times = new List<double>();
    for (var run = 0; run < Runs; run++)
    {
        var clock = Stopwatch.StartNew();
        await analyzer.ProbeAsync(recording, default);
        var face = await analyzer.TrackFaceAsync(recording, Path.Combine(folder, $"verify-{run}"), default);
        var heard = await analyzer.ListenAsync(recording, 6, default);
        times.Add(clock.Elapsed.TotalSeconds);
        Console.WriteLine(Invariant($"verify run {run + 1}: {times[^1]:0.00} s (faces in {face.FramesWithOneFace}/{face.Frames} frames, heard {heard?.Digits})"));
    }

    var people = new[] { ("footballer", CameoRecordings.Messi), ("painting", CameoRecordings.Julia), ("hat", CameoRecordings.Lena), ("webcam", CameoRecordings.Webcam), ("newspaper", CameoRecordings.Newspaper) };
    var ways = new[] { (HeadTurn.Left, 0.8), (HeadTurn.Right, 0.5), (HeadTurn.Left, 0.3) };
    var descriptors = new List<(string Person, FaceDescriptor Face)>();
    foreach (var (person, photo) in people)
    {
        foreach (var (turn, travel) in ways)
        {
            var path = Path.Combine(folder, $"{person}-{turn}-{travel}.mp4".ToLowerInvariant());
            await CameoRecordings.MakeAsync(path, photo, "305581", turn, travel);
            var face = await analyzer.TrackFaceAsync(path, Path.Combine(folder, Path.GetFileNameWithoutExtension(path)), default);
            descriptors.Add((person, face.Descriptor ?? throw new InvalidOperationException($"No face found in {path}.")));
        }
    }

    var pairs = descriptors.SelectMany((a, i) => descriptors.Skip(i + 1).Select(b => (Same: a.Person == b.Person, Distance: a.Face.DistanceTo(b.Face)))).ToList();
    var sameMax = pairs.Where(p => p.Same).Max(p => p.Distance);
    var differentMin = pairs.Where(p => !p.Same).Min(p => p.Distance);
    foreach (var (person, _) in people)
    {
        var own = descriptors.Where(d => d.Person == person).ToList();
        var nearestOther = descriptors.Where(d => d.Person != person).Min(d => own.Min(o => o.Face.DistanceTo(d.Face)));
        var farthestOwn = own.SelectMany((a, i) => own.Skip(i + 1).Select(b => a.Face.DistanceTo(b.Face))).Max();
        Console.WriteLine(Invariant($"{person,-10} own recordings at most {farthestOwn:0.0} apart; the nearest other face {nearestOther:0.0}"));
    }

    Console.WriteLine(Invariant($"{pairs.Count(p => p.Same)} same-face pairs, {pairs.Count(p => !p.Same)} different-face pairs; misjudged at the threshold: {pairs.Count(p => p.Same != p.Distance < LikenessRules.SamePersonDistance)}"));
    Console.WriteLine(Invariant($"verify_s={times.Order().ElementAt(Runs / 2):0.00} same_max={sameMax:0.0} different_min={differentMin:0.0} threshold={LikenessRules.SamePersonDistance:0}"));
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
