using SoraFunctions.Core.Members;
using SoraFunctions.Core.Social;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Tests;

public sealed class SearchTermsTests
{
    [Fact]
    public void A_post_is_found_by_its_hashtags_with_and_without_their_sign_and_by_the_words_of_its_caption_and_prompt()
    {
        var video = Video.Queue("video_a", "member_a", new VideoSpec("A jazz band in a dimly-lit CLUB", "sora-2", 4, 720, 1280, 7), DateTimeOffset.UnixEpoch);
        video.MarkCompleted(new("m", "p", "v", "s", "j"), [], DateTimeOffset.UnixEpoch);
        video.Post("Late set #Jazz #late_night, email me@x.io #", DateTimeOffset.UnixEpoch);

        Assert.Equal(
            ["#jazz", "#late_night", "late", "set", "jazz", "late_night", "email", "me", "x", "io", "a", "band", "in", "dimly", "lit", "club"],
            SearchTerms.OfPost(video));
    }

    [Fact]
    public void Words_are_lower_case_without_accents_cut_to_a_length_and_hashtags_need_a_start_of_word()
    {
        Assert.Equal(["creme", "brulee", "smorrebrod", "nino"], SearchTerms.Words("Crème BRÛLÉE, smørrebrød; NIÑO"));
        Assert.Equal(SearchTerms.MaxTermLength, Assert.Single(SearchTerms.Words(new string('a', 100))).Length);
        Assert.Equal(["tag"], SearchTerms.Hashtags("a#b #tag ##"));
    }

    [Fact]
    public void A_member_is_found_by_the_parts_of_their_username_and_the_words_of_their_display_name_by_every_beginning()
    {
        var member = Member.Join("member_a", "mia_chen", new DateOnly(2000, 1, 1), MemberRole.Member, null, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        member.UpdateProfile("Mía Ló", null);

        Assert.Equal(["mia_chen", "mia", "chen", "lo"], SearchTerms.OfMember(member));
        Assert.Contains("mia_c", SearchTerms.PrefixesOf(member));
        Assert.Contains("l", SearchTerms.PrefixesOf(member));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("#")]
    [InlineData("!!!")]
    [InlineData("a\u0000b")]
    public void A_query_with_nothing_to_look_for_is_refused_with_a_code(string? text)
    {
        Assert.Equal(SearchCodes.QueryInvalid, Assert.Throws<RequestRejectedException>(() => PostQuery.Parse(text)).Error.Code);
        Assert.Equal(SearchCodes.QueryInvalid, Assert.Throws<RequestRejectedException>(() => MemberQuery.Parse(text)).Error.Code);
    }

    [Fact]
    public void A_query_looks_for_every_word_and_hashtag_at_most_a_few_and_a_name_by_its_beginnings()
    {
        Assert.Equal(["#jazz", "club"], PostQuery.Parse("#Jazz club jazz").Terms);
        Assert.Equal(PostQuery.MaxTerms, PostQuery.Parse("a b c d e f g h i j k").Terms.Count);
        Assert.Throws<RequestRejectedException>(() => PostQuery.Parse(new string('a', PostQuery.MaxLength + 1)));
        Assert.Equal(["mia", "chen"], MemberQuery.Parse("@mia.chen").Prefixes);
        Assert.Equal("mia.chen", MemberQuery.ExactUsername(" @Mia.Chen "));
        Assert.Null(MemberQuery.ExactUsername("mia chen"));
    }
}
