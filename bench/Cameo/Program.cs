using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoraFunctions.Api;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Safety;
using SoraFunctions.Local.Cli;
using SoraFunctions.Media.Likeness;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Cameos;
using SoraFunctions.Tests.Shared.Cameos;

// Cameos on this machine, from recordings of real photographs moved like a turning head with digits spoken by
// espeak-ng (tests/Shared/Cameos):
// - verify: a 5 s WebM recording (as a browser makes them) taken for its challenge and verified whole (VerifyCameoOrchestration on the embedded engine:
//   the recording checked, the face tracked, the digits heard, the frames screened, the face compared with every
//   other cameo's, the cameo activated), five times (median); the analysis alone (probe, face, digits) is timed too;
// - consent: CameoCasting resolving two @mentions to their cameos and asking each whether it appears for the requester
//   (what ScreenInput adds for a clip that casts two cameos), 500 times on the embedded store (median);
// - how well the face descriptor tells people apart: five photographed faces (a footballer, a painting, two women, a
//   man in a newspaper), each recorded three ways (turning left or right, travelling 0.3–0.8 face widths); the largest
//   distance between one face's recordings against the smallest between different faces', and the threshold between.
// Last line: verify_s=V consent_ms=C analyze_s=A same_max=S different_min=D threshold=T.
const int Runs = 5;
const int ConsentRuns = 500;
var analyzer = new LikenessAnalyzer(new LikenessOptions());
var folder = Directory.CreateTempSubdirectory("sora-bench-cameo-").FullName;
try
{
    var recording = Path.Combine(folder, "analyze.webm");
    await CameoRecordings.MakeAsync(recording, CameoRecordings.Lena, "472916", HeadTurn.Left);
    var analyzed = new List<double>();
    for (var run = 0; run < Runs; run++)
    {
        var clock = Stopwatch.StartNew();
        await analyzer.ProbeAsync(recording, default);
        var face = await analyzer.TrackFaceAsync(recording, Path.Combine(folder, $"analyze-{run}"), default);
        var heard = await analyzer.ListenAsync(recording, 6, default);
        analyzed.Add(clock.Elapsed.TotalSeconds);
        Console.WriteLine(Invariant($"analyze run {run + 1}: {analyzed[^1]:0.00} s (faces in {face.FramesWithOneFace}/{face.Frames} frames, heard {heard?.Digits})"));
    }

    using var host = LocalHost.ForCommand(Path.Combine(folder, "data"), runPipelines: true);
    await host.StartAsync();
    var accounts = host.Services.GetRequiredService<Accounts>();
    var cameos = host.Services.GetRequiredService<CameoService>();
    var engine = host.Services.GetRequiredService<OrchestrationClient>();
    var local = await accounts.LocalMemberAsync(default);
    async Task<Member> JoinAsync(string name) => await accounts.JoinAsync(
        (await accounts.MintInvitesAsync(local, 1, default))[0].Code, name, "1990-04-01", "a long enough password", default);

    var verified = new List<double>();
    var ann = await JoinAsync("ann");
    for (var run = 0; run < Runs; run++)
    {
        var challenge = await cameos.ChallengeAsync(ann);
        var take = Path.Combine(folder, $"verify-{run}.webm");
        await CameoRecordings.MakeAsync(take, CameoRecordings.Lena, challenge.Digits, challenge.Turn);
        var clock = Stopwatch.StartNew();
        var cameo = await cameos.RecordAsync(ann, challenge.Id, "Ann", take);
        await engine.WaitForInstanceCompletionAsync(cameo.Id);
        verified.Add(clock.Elapsed.TotalSeconds);
        var view = (await cameos.GetAsync(ann, cameo.Id))!;
        Console.WriteLine(Invariant($"verify run {run + 1}: {verified[^1]:0.00} s ({view.Cameo.Status} {view.Cameo.Error?.Code})"));
        await cameos.DeleteAsync(ann, cameo.Id); // the next take is the same face: one person, one cameo
    }

    var requester = await JoinAsync("requester");
    foreach (var name in new[] { "bob", "cid" })
    {
        var owner = await JoinAsync(name);
        var now = DateTimeOffset.UtcNow;
        var cameo = Cameo.Record(Cameo.NewId(), CameoChallenge.Issue(owner.Id, now), name, now);
        cameo.MarkVerified($"cameos/{cameo.Id}/face.jpg", new VoiceProfile(150, 150), new FaceDescriptor(new float[3776]), now);
        cameo.SetPermission(CameoPermission.Everyone, 36);
        cameo.SetPreferences("Always smiling. Never in horror.");
        await host.Services.GetRequiredService<ICameoStore>().TryCreateAsync(cameo, []);
    }

    var casting = host.Services.GetRequiredService<CameoCasting>();
    const string Prompt = "@bob and @cid dance on a rooftop at night, neon light, handheld camera";
    var consent = new List<double>();
    for (var run = 0; run < ConsentRuns; run++)
    {
        var clock = Stopwatch.StartNew();
        var cast = await casting.ResolveAsync(PromptReview.Mentions(Prompt), requester, default);
        _ = cast.Conflict(Prompt);
        consent.Add(clock.Elapsed.TotalMilliseconds);
        if (cast.Granted.Count != 2)
        {
            throw new InvalidOperationException("Both cameos should consent.");
        }
    }

    await host.StopAsync();

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
    Console.WriteLine(Invariant($"consent p99: {consent.Order().ElementAt(ConsentRuns * 99 / 100):0.00} ms"));
    Console.WriteLine(Invariant(
        $"verify_s={Median(verified):0.00} consent_ms={Median(consent):0.00} analyze_s={Median(analyzed):0.00} same_max={sameMax:0.0} different_min={differentMin:0.0} threshold={LikenessRules.SamePersonDistance:0}"));
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
