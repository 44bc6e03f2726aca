using System.Globalization;
using Microsoft.Azure.Cosmos;
using SoraFunctions.Azure.Metadata;
using SoraFunctions.Core.Events;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;
using SoraFunctions.Emulators;

// The Cosmos DB video, member, relation and feed stores against cosmosdb-server on this machine, with 200 records each: how
// many requests each operation makes, and the request charge the server reports for them. The emulator charges 1 RU per request, so its
// RU column counts requests; the stores' summaries list what Cosmos DB charges. Prints the feed page's cost last
// as page_requests=N page_queries=Q.
await using var server = await CosmosDbServer.StartAsync();
var meter = new Meter();
var options = new CosmosVideoStoreOptions { Endpoint = server.Endpoint, Key = CosmosDbServer.Key };
var client = options.CreateClient(server.Endpoint, meter);
var store = new CosmosVideoStore(await CosmosVideoStore.CreateIfMissingAsync(client, options.Database, options.Container));
var start = DateTimeOffset.UtcNow;
for (var i = 0; i < 200; i++)
{
    await store.TryCreateAsync(Video.Queue($"video_{i:000}", "member_1", new VideoSpec("A kite over a beach at noon", "sora-2", 8, 720, 1280, i), start.AddSeconds(i)), []);
}

var rows = new List<(string Operation, Meter.Reading Reading)>
{
    ("create", await meter.MeasureAsync(() => store.TryCreateAsync(Video.Queue("video_new", "member_1", new VideoSpec("A kite", "sora-2", 4, 720, 1280, 1), start), []))),
    ("read by id", await meter.MeasureAsync(() => store.GetAsync("video_100"))),
};
var video = (await store.GetAsync("video_150"))!;
video.MarkCompleted(new VideoAssets("m", "p", "v", "s", "j"), [], start.AddMinutes(5));
rows.Add(("save with an event", await meter.MeasureAsync(() => store.SaveAsync(video, [CloudEvents.Create(EventTypes.VideoPublished, video.Id, new { video.Id }, start)]))));
rows.Add(("first feed page (20)", await meter.MeasureAsync(() => store.ListAsync("member_1", 20))));
var feedPage = await meter.MeasureAsync(() => store.ListAsync("member_1", 20, "video_120"));
rows.Add(("next feed page (20, after an id)", feedPage));
rows.Add(("pending events", await meter.MeasureAsync(() => store.PendingAsync(100))));
rows.Add(("unfinished videos (199)", await meter.MeasureAsync(() => store.ListUnfinishedAsync())));

// Members, credentials and relations share one container: 200 members, each following the next 20.
var members = await CosmosMemberStore.CreateIfMissingAsync(client, options.Database, options.MembersContainer);
var memberStore = new CosmosMemberStore(members);
var relations = new CosmosRelationStore(members);
var born = new DateOnly(1990, 4, 1);
for (var i = 0; i < 200; i++)
{
    await memberStore.TryJoinAsync(Member.Join($"member_{i:000}", $"member{i:000}", born, MemberRole.Member, null, start), null, [], []);
}

for (var i = 0; i < 200; i++)
{
    for (var j = 1; j <= 20; j++)
    {
        await relations.ChangeAsync([new Relation($"member_{i:000}", $"member_{(i + j) % 200:000}", RelationKind.Follow, start.AddSeconds(j))], [], []);
    }
}

var (key, token) = Credential.Issue("member_007", CredentialKind.ApiKey, "bench", start);
await memberStore.AddCredentialAsync(key);
var invite = Invite.Mint("member_000", 1, start)[0];
await memberStore.AddInvitesAsync([invite]);
rows.Add(("join (with an invite, 4 new)", await meter.MeasureAsync(() => memberStore.TryJoinAsync(
    Member.Join("member_new", "newcomer", born, MemberRole.Member, "member_000", start), invite.Code, Invite.Mint("member_new", 4, start), []))));
rows.Add(("authenticate a key", await meter.MeasureAsync(() => memberStore.AuthenticateAsync(Credential.HashOf(token)))));
rows.Add(("find by username", await meter.MeasureAsync(() => memberStore.FindByUsernameAsync("member042"))));
rows.Add(("follow (with its event)", await meter.MeasureAsync(() => relations.ChangeAsync(
    [new Relation("member_000", "member_100", RelationKind.Follow, start)], [], [RelationEvents.Followed("member_000", "member_100", start)]))));
rows.Add(("relationship (mutual check)", await meter.MeasureAsync(() => relations.BetweenAsync("member_000", "member_190"))));
rows.Add(("followers page (20)", await meter.MeasureAsync(() => relations.ListAsync("member_050", RelationKind.Follow, incoming: true, 20))));
rows.Add(("follower and following counts", await meter.MeasureAsync(() => relations.CountAsync("member_050"))));

// Following feeds, in their own container: 60 posts fanned out to all 200 members, then one more measured.
var feeds = new CosmosFeedStore(await CosmosFeedStore.CreateIfMissingAsync(client, options.Database, options.FeedsContainer));
var everyone = Enumerable.Range(0, 200).Select(i => $"member_{i:000}").ToList();
FeedItem Post(int i) => new($"video_{i:000}", "member_199", "member199", start.AddMinutes(i), "", 4, "720x1280", null);
for (var i = 0; i < 60; i++)
{
    await feeds.AddAsync(everyone, Post(i));
}

rows.Add(("fan-out a post to 200 followers", await meter.MeasureAsync(() => feeds.AddAsync(everyone, Post(60)))));
var following = await meter.MeasureAsync(() => feeds.PageAsync("member_001", 20));
rows.Add(("Following page (20)", following));
rows.Add(("Following next page (20)", await meter.MeasureAsync(() => feeds.PageAsync("member_001", 20, Post(41).Cursor))));

foreach (var (operation, reading) in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{operation,-34} requests={reading.Requests} queries={reading.Queries} plans={reading.Plans} ru={reading.RequestCharge:0.##}"));
}

Console.WriteLine($"following_page_requests={following.Requests} following_page_queries={following.Queries}");
Console.WriteLine($"page_requests={feedPage.Requests} page_queries={feedPage.Queries}");

/// <summary>Counts the store's requests and adds up the charges the server reports.</summary>
internal sealed class Meter : RequestHandler
{
    private int requests;
    private int queries;
    private int plans;
    private double charge;

    /// <summary>All requests; of them, queries and query-plan requests (the Linux SDK asks the gateway for a plan).</summary>
    public sealed record Reading(int Requests, int Queries, int Plans, double RequestCharge);

    public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        Interlocked.Increment(ref requests);
        if (request.Headers["x-ms-cosmos-is-query-plan-request"] is not null)
        {
            Interlocked.Increment(ref plans);
        }
        else if (request.Headers["x-ms-documentdb-isquery"] is not null)
        {
            Interlocked.Increment(ref queries);
        }

        charge += response.Headers.RequestCharge;
        return response;
    }

    public async Task<Reading> MeasureAsync(Func<Task> operation)
    {
        (requests, queries, plans, charge) = (0, 0, 0, 0);
        await operation();
        return new Reading(requests, queries, plans, charge);
    }
}
