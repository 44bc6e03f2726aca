using SoraFunctions.Core.Social;

namespace SoraFunctions.Core.Tests;

public sealed class ForYouRankingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static Candidate Post(string id, string creator, double hoursAgo, int likes = 0, int comments = 0, int remixes = 0, int views = 0,
        bool follows = false, bool liked = false, bool cameo = false) =>
        new(id, creator, Now.AddHours(-hoursAgo), new EngagementSummary(new EngagementCounts(likes, comments, views, remixes), liked, false), follows, cameo);

    [Fact]
    public void Engagement_weighs_remixes_over_comments_over_likes_and_freshness_halves_each_day()
    {
        var ranked = ForYouRanking.Rank(
            [Post("liked", "a", 1, likes: 3), Post("commented", "b", 1, comments: 3), Post("remixed", "c", 1, remixes: 3), Post("old", "d", 49, remixes: 3)], Now);
        var parts = ranked.ToDictionary(r => r.Candidate.VideoId, r => r.Parts);

        Assert.True(parts["remixed"].Engagement > parts["commented"].Engagement && parts["commented"].Engagement > parts["liked"].Engagement);
        Assert.Equal(Math.Log(10), parts["remixed"].Engagement, 3);
        Assert.Equal(0.25, parts["old"].Freshness / Math.Pow(0.5, 1 / 24.0), 3); // two days older: a quarter
        Assert.Equal(parts["remixed"].Score, (1 + parts["remixed"].Engagement) * parts["remixed"].Freshness, 2);
    }

    [Fact]
    public void Affinity_counts_follows_liked_creators_and_shared_cameos()
    {
        var ranked = ForYouRanking.Rank(
            [Post("followed", "a", 1, follows: true), Post("liked", "b", 1, liked: true), Post("other_by_liked", "b", 2), Post("cameo", "c", 1, cameo: true), Post("stranger", "d", 1)], Now);
        var parts = ranked.ToDictionary(r => r.Candidate.VideoId, r => r.Parts);

        Assert.Equal((1.0, false), (parts["followed"].Affinity, parts["followed"].NewCreator));
        Assert.Equal(0.5, parts["other_by_liked"].Affinity); // a creator liked among the candidates
        Assert.Equal(0.75, parts["cameo"].Affinity);
        Assert.Equal((0.0, true), (parts["stranger"].Affinity, parts["stranger"].NewCreator));
        Assert.Equal("followed", ranked[0].Candidate.VideoId);
    }

    [Fact]
    public void No_creator_comes_twice_in_a_row_and_every_fourth_slot_goes_to_a_new_creator()
    {
        List<Candidate> candidates =
        [
            .. Enumerable.Range(0, 6).Select(i => Post($"star_{i}", "star", 1, likes: 100 - i, follows: true)),
            .. Enumerable.Range(0, 6).Select(i => Post($"friend_{i}", "friend", 1, likes: 50 - i, follows: true)),
            .. Enumerable.Range(0, 3).Select(i => Post($"new_{i}", $"new_{i}", 1)),
        ];

        var order = ForYouRanking.Rank(candidates, Now).Select(r => r.Candidate.CreatorId).ToList();

        Assert.Equal(candidates.Count, order.Count);
        Assert.All(order.Zip(order.Skip(1)).Take(12), pair => Assert.NotEqual(pair.First, pair.Second));
        Assert.StartsWith("new_", order[3]);
        Assert.StartsWith("new_", order[7]);
        Assert.StartsWith("new_", order[11]);
    }

    [Fact]
    public void The_same_candidates_rank_the_same_way_every_time()
    {
        var candidates = Enumerable.Range(0, 50).Select(i => Post($"video_{i}", $"creator_{i % 7}", i % 13, likes: i % 5, follows: i % 3 == 0)).ToList();

        Assert.Equal(
            ForYouRanking.Rank(candidates, Now).Select(r => r.Candidate.VideoId),
            ForYouRanking.Rank([.. Enumerable.Reverse(candidates)], Now).Select(r => r.Candidate.VideoId));
    }
}
