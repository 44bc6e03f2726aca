using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SoraFunctions.Api;
using SoraFunctions.Bench;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Local.Adapters;

// The identity layer's hot paths on the embedded store (one SQLite file, WAL, full sync), in a data folder of 1,000
// members where each follows 200 others at random (200,000 follows):
// - auth: Authenticator.AuthenticateAsync on a request with an API key (rate check, credential and member read in one
//   query, the last-use write at most once a minute), 2,000 times;
// - mutuals: how two random members stand (the relation store's point lookups), as a cameo's "mutuals" permission asks, 2,000 times;
// - sign-in: Accounts.SignInAsync with the right password (PBKDF2-SHA512, 100,000 iterations, and the session written).
// Five runs over the same data; each prints its p99s and sign-in median, and last the medians of the runs.
const int Members = 1_000;
const int FollowsEach = 200;
const int Calls = 2_000;
const int Runs = 5;
const string Password = "a long enough password";

var folder = Directory.CreateTempSubdirectory("sora-bench-access-");
try
{
    var data = new DataFolder(folder.FullName);
    var members = new SqliteMemberStore(data);
    var relations = new SqliteRelationStore(data);
    var time = TimeProvider.System;
    var accounts = new Accounts(members, new SignInThrottle(), time);
    var authenticator = new Authenticator(members, new RequestRateLimiter(Options.Create(new RateLimitOptions { RequestsPerMinute = int.MaxValue / 2, Burst = int.MaxValue / 2 })), time);

    var random = new Random(2026);
    var ids = new List<string>(Members);
    var setup = Stopwatch.StartNew();
    for (var i = 0; i < Members; i++)
    {
        var member = Member.Join(Member.NewId(), $"member{i:0000}", new DateOnly(1990, 1, 1).AddDays(i), MemberRole.Member, null, time.GetUtcNow());
        await members.TryJoinAsync(member, null, [], []);
        ids.Add(member.Id);
    }

    foreach (var from in ids)
    {
        var follows = ids.Where(id => id != from).OrderBy(_ => random.Next()).Take(FollowsEach)
            .Select(to => new Relation(from, to, RelationKind.Follow, time.GetUtcNow())).ToList();
        await relations.ChangeAsync(follows, [], []);
    }

    var signer = await accounts.CreateAdminAsync("signer", "1980-01-01", Password, default);
    var (_, token) = await accounts.CreateKeyAsync(signer, "bench", default);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup: {Members} members, {Members * FollowsEach} follows in {setup.Elapsed.TotalSeconds:0.0} s"));

    var results = new List<(double Auth, double Mutuals, double SignIn)>();
    for (var run = 0; run < Runs; run++)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = HttpMethods.Get;
        request.Headers.Authorization = $"Bearer {token}";
        var auth = await Timing.MeasureAsync(Calls, async _ =>
        {
            if ((await authenticator.AuthenticateAsync(request, default)).Caller is null)
            {
                throw new InvalidOperationException("The key did not authenticate.");
            }
        });
        var mutuals = await Timing.MeasureAsync(Calls, async i => _ = (await relations.BetweenAsync(ids[random.Next(Members)], ids[random.Next(Members)], default)).Mutual);
        var signIns = await Timing.MeasureAsync(5, async _ => await accounts.SignInAsync("signer", Password, "bench", null, default));
        results.Add((Timing.Percentile(auth, 0.99), Timing.Percentile(mutuals, 0.99), Timing.Percentile(signIns, 0.5)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {run}: auth p50 {Timing.Percentile(auth, 0.5):0.000} ms p99 {results[^1].Auth:0.000} ms, mutuals p50 {Timing.Percentile(mutuals, 0.5):0.000} ms p99 {results[^1].Mutuals:0.000} ms, sign-in {results[^1].SignIn:0} ms"));
    }

    double Median(Func<(double Auth, double Mutuals, double SignIn), double> pick) => results.Select(pick).Order().ElementAt(Runs / 2);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"auth_p99_ms={Median(r => r.Auth):0.000} mutuals_p99_ms={Median(r => r.Mutuals):0.000} signin_ms={Median(r => r.SignIn):0}"));
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    folder.Delete(recursive: true);
}
