using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using SoraFunctions.Api;
using SoraFunctions.Bench;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;
using SoraFunctions.Local.Adapters;

// The feeds on the embedded store (one SQLite file, WAL, full sync; in /dev/shm when there is one, so the seeding's
// hundreds of thousands of commits don't wait on a disk), over seeded synthetic data: 10,000 members whose follower
// counts follow a power law (the r-th most followed has 9,999 / r^0.9: one followed by everyone, ~250,000 follows in
// all), 100,000 posts over the last week by random authors, the newest 20,000 fanned out, and 200,000 likes and
// 100,000 views on those. Then, five runs of:
// - fan-out: a new post by authors of 1,000, 3,000 and 9,999 followers written into every follower's feed (FeedFanOut,
//   nobody merged at read time);
// - Following: a first page of 20 for 500 random members (the much-followed merged in, as configured below), and again
//   with every author of 1,000 followers or more merged at read time instead;
// - For You: a first page of 20 for 200 random members, the candidates kept a minute as served (and for 30 more, read
//   afresh each time, as the first request after a minute does);
// - search: 300 people searches (the first 1–4 letters of a member's name, as typed), 300 post searches (a word of the
//   captions' and prompts' vocabulary drawn as often as it is used, or a hashtag, or both), a first page of 20;
// - Discover for 300 random members, as served (what is trending kept for a minute), and worked out afresh each time.
// Captions and prompts draw their words from a vocabulary of 2,000 and their hashtags from 300, both Zipf-distributed
// as words are (the commonest word is in ~1 post in 8).
// The crossover: an author is merged at read time once a post of theirs would take longer than a second to fan out (the
// per-follower cost measured at 9,999 followers). Last line: the medians of the runs.
const int Members = 10_000;
const int Posts = 100_000;
const int FannedOut = 20_000;
const int Likes = 200_000;
const int Views = 100_000;
const int Runs = 5;
const int Page = 20;
var budget = TimeSpan.FromSeconds(1);

var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
var folder = Directory.CreateDirectory(Path.Combine(root, $"sora-bench-feed-{Guid.NewGuid():N}"));
try
{
    var data = new DataFolder(folder.FullName);
    var members = new SqliteMemberStore(data);
    var relations = new SqliteRelationStore(data);
    var videos = new SqliteVideoStore(data);
    var engagement = new SqliteEngagementStore(data);
    var feedStore = new SqliteFeedStore(data);
    var options = new FeedOptions { PullFrom = int.MaxValue };
    var fanOut = new FeedFanOut(feedStore, videos, members, relations, engagement, Options.Create(options));
    var pool = new CandidatePool(videos, engagement, Options.Create(options), TimeProvider.System);
    var feeds = new Feeds(feedStore, videos, members, relations, engagement, pool, TimeProvider.System);
    var search = new Search(videos, members, relations, pool, feeds, Options.Create(options), TimeProvider.System);
    // The same, reading the candidates and working out what is trending on every request (as the first after a minute does).
    var afresh = Options.Create(new FeedOptions { CandidatesKeptFor = TimeSpan.Zero });
    var freshPool = new CandidatePool(videos, engagement, afresh, TimeProvider.System);
    var freshFeeds = new Feeds(feedStore, videos, members, relations, engagement, freshPool, TimeProvider.System);
    var uncached = new Search(videos, members, relations, freshPool, freshFeeds, afresh, TimeProvider.System);
    var now = DateTimeOffset.UtcNow;
    var random = new Random(2026);

    var setup = Stopwatch.StartNew();
    var people = new List<Member>(Members);
    for (var i = 0; i < Members; i++)
    {
        var member = Member.Join(Member.NewId(), $"member{i:00000}", new DateOnly(1990, 1, 1).AddDays(i % 5000), MemberRole.Member, null, now.AddDays(-30));
        member.UpdateProfile($"{Word(FirstNames, i)} {Word(LastNames, i / FirstNames.Length)}", null);
        await members.TryJoinAsync(member, null, [], []);
        people.Add(member);
    }

    int FollowersOf(int rank) => (int)((Members - 1) / Math.Pow(rank + 1, 0.9));
    var follows = 0;
    for (var rank = 0; rank < Members; rank++)
    {
        var followee = people[rank];
        var followers = people.Where(p => p.Id != followee.Id).OrderBy(_ => random.Next()).Take(FollowersOf(rank))
            .Select(p => new Relation(p.Id, followee.Id, RelationKind.Follow, now.AddDays(-20))).ToList();
        await relations.ChangeAsync(followers, [], []);
        follows += followers.Count;
    }

    var posted = new List<Video>(Posts);
    for (var i = 0; i < Posts; i++)
    {
        var at = now.AddSeconds(-7 * 24 * 3600.0 * (Posts - i) / Posts);
        posted.Add(await PostAsync(people[random.Next(Members)], at));
    }

    foreach (var video in posted.TakeLast(FannedOut))
    {
        await fanOut.FanOutAsync(video, default);
    }

    var liked = posted.TakeLast(FannedOut).ToList();
    for (var i = 0; i < Likes; i++)
    {
        await engagement.SetLikeAsync(liked[(int)(FannedOut * Math.Pow(random.NextDouble(), 0.5))].Id, people[random.Next(Members)].Id, true, now, []);
    }

    for (var i = 0; i < Views; i++)
    {
        await engagement.RecordViewAsync(liked[random.Next(FannedOut)].Id, people[random.Next(Members)].Id, DateOnly.FromDateTime(now.UtcDateTime));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"setup: {Members:N0} members, {follows:N0} follows, {Posts:N0} posts ({FannedOut:N0} fanned out), {Likes:N0} likes, {Views:N0} views in {setup.Elapsed.TotalSeconds:0} s"));

    var results = new List<(double FanOut, double Crossover, double Following, double ForYou, double ForYouFresh, double People, double Posts, double Discover, double Fresh)>();
    for (var run = 0; run < Runs; run++)
    {
        options.PullFrom = int.MaxValue;
        var fanOuts = new List<string>();
        double perFollower = 0, fanOutSeconds = 0;
        foreach (var rank in new[] { 12, 3, 0 })
        {
            var post = await PostAsync(people[rank], DateTimeOffset.UtcNow);
            var clock = Stopwatch.StartNew();
            await fanOut.FanOutAsync(post, default);
            var seconds = clock.Elapsed.TotalSeconds;
            fanOuts.Add(string.Create(CultureInfo.InvariantCulture, $"{FollowersOf(rank):N0} followers {seconds:0.000} s"));
            (perFollower, fanOutSeconds) = (seconds / FollowersOf(rank), seconds);
        }

        options.PullFrom = (int)(budget.TotalSeconds / perFollower);
        foreach (var rank in Enumerable.Range(0, 20).Where(rank => FollowersOf(rank) >= options.PullFrom))
        {
            await feedStore.SetPulledAsync(people[rank].Id, true);
        }

        var following = await Timing.MeasureAsync(500, async _ => await feeds.FollowingAsync(people[random.Next(Members)], Page, null, default));
        var merging = await MergingAsync();
        var forYou = await Timing.MeasureAsync(200, async _ => await feeds.ForYouAsync(people[random.Next(Members)], Page, null, default));
        var forYouAfresh = await Timing.MeasureAsync(30, async _ => await freshFeeds.ForYouAsync(people[random.Next(Members)], Page, null, default));
        var peopleSearches = await Timing.MeasureAsync(300, async _ =>
        {
            var name = people[random.Next(Members)].DisplayName;
            await search.MembersAsync(people[random.Next(Members)], name[..random.Next(1, 5)], Page, default);
        });
        var postSearches = await Timing.MeasureAsync(300, async _ => await search.PostsAsync(people[random.Next(Members)], PostQueryText(), Page, null, default));
        var discover = await Timing.MeasureAsync(300, async _ => await search.DiscoverAsync(people[random.Next(Members)], default));
        var fresh = await Timing.MeasureAsync(30, async _ => await uncached.DiscoverAsync(people[random.Next(Members)], default));
        results.Add((fanOutSeconds, options.PullFrom, Timing.Percentile(following, 0.99), Timing.Percentile(forYou, 0.99), Timing.Percentile(forYouAfresh, 0.5),
            Timing.Percentile(peopleSearches, 0.99), Timing.Percentile(postSearches, 0.99), Timing.Percentile(discover, 0.99), Timing.Percentile(fresh, 0.5)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {run}: fan-out {string.Join(", ", fanOuts)} ({perFollower * 1e6:0.0} µs a follower: merged from {options.PullFrom:N0}); " +
            $"following p50 {Timing.Percentile(following, 0.5):0.00} ms p99 {results[^1].Following:0.00} ms " +
            $"(with the {merging.Authors} authors of 1,000 followers or more merged: p50 {Timing.Percentile(merging.Times, 0.5):0.00} ms p99 {Timing.Percentile(merging.Times, 0.99):0.00} ms); " +
            $"for you p50 {Timing.Percentile(forYou, 0.5):0.00} ms p99 {results[^1].ForYou:0.00} ms (candidates read afresh: p50 {results[^1].ForYouFresh:0.00} ms); " +
            $"search people p50 {Timing.Percentile(peopleSearches, 0.5):0.00} ms p99 {results[^1].People:0.00} ms, posts p50 {Timing.Percentile(postSearches, 0.5):0.00} ms p99 {results[^1].Posts:0.00} ms; " +
            $"discover p50 {Timing.Percentile(discover, 0.5):0.00} ms p99 {results[^1].Discover:0.00} ms (worked out afresh: p50 {results[^1].Fresh:0.00} ms)"));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"crossover_followers={Timing.Median(results.Select(r => r.Crossover)):0}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"fanout_s={Timing.Median(results.Select(r => r.FanOut)):0.000} following_p99_ms={Timing.Median(results.Select(r => r.Following)):0.00} for_you_p99_ms={Timing.Median(results.Select(r => r.ForYou)):0.00} " +
        $"for_you_fresh_ms={Timing.Median(results.Select(r => r.ForYouFresh)):0.00} " +
        $"search_people_p99_ms={Timing.Median(results.Select(r => r.People)):0.00} search_posts_p99_ms={Timing.Median(results.Select(r => r.Posts)):0.00} " +
        $"discover_p99_ms={Timing.Median(results.Select(r => r.Discover)):0.00} discover_fresh_ms={Timing.Median(results.Select(r => r.Fresh)):0.00}"));

    // Following reads when the much-followed are merged rather than fanned out: what a lower crossover would cost readers.
    async Task<(int Authors, List<double> Times)> MergingAsync()
    {
        var ranks = Enumerable.Range(0, Members).Where(rank => FollowersOf(rank) >= 1_000).ToList();
        foreach (var rank in ranks)
        {
            await feedStore.SetPulledAsync(people[rank].Id, true);
        }

        var times = await Timing.MeasureAsync(500, async _ => await feeds.FollowingAsync(people[random.Next(Members)], Page, null, default));
        foreach (var rank in ranks.Where(rank => FollowersOf(rank) < options.PullFrom))
        {
            await feedStore.SetPulledAsync(people[rank].Id, false);
        }

        return (ranks.Count, times);
    }

    // The r-th most used word is drawn with weight 1 / (r + 1): a Zipf law, as in text.
    int Zipf(int size) => (int)Math.Min(size - 1, Math.Exp(random.NextDouble() * Math.Log(size + 1)) - 1);
    string Vocabulary() => $"w{Zipf(2_000)}";
    string Hashtag() => $"tag{Zipf(300)}";
    string PostQueryText() => random.Next(3) switch
    {
        0 => Vocabulary(),
        1 => $"#{Hashtag()}",
        _ => $"{Vocabulary()} #{Hashtag()}",
    };

    async Task<Video> PostAsync(Member author, DateTimeOffset at)
    {
        var id = Video.NewId();
        var prompt = string.Join(' ', Enumerable.Range(0, 12).Select(_ => Vocabulary()));
        var caption = $"{Vocabulary()} {Vocabulary()} {Vocabulary()} #{Hashtag()} #{Hashtag()}";
        var video = Video.Queue(id, author.Id, new VideoSpec(prompt, VideoCatalog.Sora2, 4, 720, 1280, random.Next()), at);
        video.MarkCompleted(new VideoAssets($"videos/{id}/master.mp4", $"videos/{id}/poster.jpg", $"videos/{id}/preview.mp4", $"videos/{id}/spritesheet.jpg", $"videos/{id}/manifest.json"), [], at);
        video.Post(caption, at);
        await videos.TryCreateAsync(video, []);
        return video;
    }
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    folder.Delete(recursive: true);
}

static string Word(string[] words, int index) => words[index % words.Length];

internal static partial class Program
{
    private static readonly string[] FirstNames =
    [
        "Mia", "Leo", "Ava", "Noah", "Zoe", "Liam", "Emma", "Omar", "Iris", "Hugo", "Nora", "Ezra", "Luna", "Kai", "Ines", "Theo", "Maya", "Eli",
        "Sofia", "Jonas", "Aria", "Felix", "Lea", "Milo", "Chloe", "Ravi", "Yara", "Otto", "Lina", "Sami", "Rosa", "Ivan", "Nina", "Arlo", "Elif",
        "Tomas", "Amara", "Jude", "Alba", "Ren",
    ];

    private static readonly string[] LastNames =
    [
        "Chen", "Martin", "Garcia", "Okafor", "Silva", "Kowalski", "Nguyen", "Haddad", "Larsen", "Moreau", "Rossi", "Tanaka", "Novak", "Khan",
        "Schmidt", "Dubois", "Costa", "Ibrahim", "Jensen", "Ortiz", "Petrov", "Sato", "Muller", "Ali", "Kim", "Lopez", "Berg", "Fischer", "Diaz",
        "Park", "Rahman", "Weber", "Santos", "Lind", "Cohen", "Varga", "Adeyemi", "Horvat", "Nakamura", "Bianchi", "Mendes", "Yilmaz", "Zhou",
        "Ferrari", "Kaur", "Meyer", "Reyes", "Andersen", "Popescu", "Quinn",
    ];
}
