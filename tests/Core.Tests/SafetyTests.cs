using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Videos;
using Xunit.Abstractions;

namespace SoraFunctions.Core.Tests;

public sealed class SafetyTests(ITestOutputHelper output)
{
    private static ContentScreener Screener(SafetyPolicy? policy = null) => new(new LocalContentAnalyzer(), policy ?? new SafetyPolicy());

    private static Task<ScreeningResult> ScreenAsync(string prompt, int? age = null, SafetyPolicy? policy = null, params string[] cameos) =>
        Screener(policy).ScreenPromptAsync(new PromptScreening(prompt, age, cameos));

    [Fact]
    public async Task The_labelled_prompts_are_classified_with_at_least_95_percent_accuracy_and_no_ordinary_prompt_is_blocked()
    {
        var set = ScreeningEvaluation.Read(Path.Combine(AppContext.BaseDirectory, "data", "prompts.tsv"));

        var evaluation = await ScreeningEvaluation.RunAsync(Screener(), set);
        output.WriteLine(evaluation.Report());

        Assert.True(set.Count >= 150, $"{set.Count} prompts");
        Assert.Equal(0, evaluation.FalseBlocks);
        Assert.True(evaluation.Accuracy >= 0.95, evaluation.Report());
    }

    /// <summary>Sets the rules were not tuned against: what they catch of harm they were not written for, and nothing ordinary.</summary>
    [Theory]
    [InlineData("prompts-holdout.tsv")]
    [InlineData("prompts-holdout-2.tsv")]
    [InlineData("prompts-holdout-3.tsv")]
    public async Task Held_out_prompts_are_classified_with_at_least_95_percent_accuracy_and_no_ordinary_prompt_is_blocked(string file)
    {
        var set = ScreeningEvaluation.Read(Path.Combine(AppContext.BaseDirectory, "data", file));

        var evaluation = await ScreeningEvaluation.RunAsync(Screener(), set);
        output.WriteLine(evaluation.Report());

        Assert.Equal(0, evaluation.FalseBlocks);
        Assert.True(evaluation.Accuracy >= 0.95, evaluation.Report());
    }

    [Theory]
    [InlineData("p0rn", " porn ")]
    [InlineData("N U D E beach", " nude beach ")]
    [InlineData("g.o.r.e", " gore ")]
    [InlineData("Décapitation!", " decapitation ")]
    [InlineData("self-harm", " self harm ")]
    [InlineData("4k footage at 1080p", " 4k footage at 1080p ")]
    public void Evasions_are_undone_before_the_rules_read_the_text(string text, string normalized) =>
        Assert.Equal(normalized, NormalizedText.Of(text).Text);

    [Fact]
    public void Stretched_letters_still_match()
    {
        var text = NormalizedText.Of("so goooory");

        Assert.True(text.Contains(NormalizedText.Phrase("gory")));
        Assert.False(NormalizedText.Of("glory").Contains(NormalizedText.Phrase("gory")));
    }

    [Fact]
    public async Task Every_hit_names_its_rule_and_severities_are_reported_per_category()
    {
        var result = await ScreenAsync("A graphic beheading in the town square");

        Assert.Equal(Verdict.Block, result.Verdict);
        Assert.Equal("SAFETY.INPUT.TEXT.VIOLENCE", result.Block!.Code);
        Assert.Contains("violence.graphic 'behead*'", result.Block.Rule);
        Assert.Equal(6, result.Categories[HarmCategory.Violence]);
        Assert.Equal("SAFETY.INPUT.TEXT.VIOLENCE", result.ToError()!.Code);
    }

    [Fact]
    public async Task Accounts_under_18_have_stricter_thresholds()
    {
        const string Prompt = "A bloody sword fight between two knights, slow motion";

        var adult = await ScreenAsync(Prompt, age: 30);
        var teen = await ScreenAsync(Prompt, age: 15);

        Assert.Equal(Verdict.Warn, adult.Verdict);
        Assert.Equal(Verdict.Block, teen.Verdict);
        Assert.Equal("SAFETY.INPUT.TEXT.VIOLENCE", teen.Block!.Code);
    }

    [Fact]
    public async Task Sexual_content_involving_minors_is_blocked_for_everyone()
    {
        var result = await ScreenAsync("a sexy 16-year-old dancing in lingerie", age: 40);

        Assert.Contains("SAFETY.INPUT.TEXT.SEXUAL.MINORS", result.Codes);
        Assert.True(result.Blocked);
    }

    [Fact]
    public async Task Real_people_appear_only_through_a_consenting_cameo()
    {
        var without = await ScreenAsync("@maya_r surfs a huge wave at sunset");
        var with = await ScreenAsync("@maya_r surfs a huge wave at sunset", cameos: "maya_r");
        var famous = await ScreenAsync("Keanu Reeves surfs a huge wave at sunset");

        Assert.Equal(ContentScreener.NoConsent, without.Block!.Code);
        Assert.False(with.Blocked);
        Assert.Equal(ContentScreener.PublicFigure, famous.Block!.Code);
    }

    [Fact]
    public async Task Configured_blocklist_terms_and_patterns_block()
    {
        var policy = new SafetyPolicy { BlockedTerms = ["acme cola"], BlockedPatterns = [@"\bproject\s+x\d+\b"] };

        Assert.Equal(ContentScreener.Blocklist, (await ScreenAsync("A picnic with ACME Cola cans", policy: policy)).Block!.Code);
        Assert.Equal(ContentScreener.Blocklist, (await ScreenAsync("The Project X42 reveal", policy: policy)).Block!.Code);
        Assert.False((await ScreenAsync("A picnic with lemonade", policy: policy)).Blocked);
    }

    [Fact]
    public async Task A_frame_matching_a_known_harmful_image_fails_the_output_with_its_category()
    {
        var gray = Enumerable.Range(0, 72).Select(i => (byte)(i * 37 % 251)).ToArray();
        var known = ImageFingerprint.Of(gray);
        var nearby = known ^ 0b101; // two bits off: the same picture re-encoded
        var policy = new SafetyPolicy { BlockedImages = [new BlockedImage { Fingerprint = ImageFingerprint.Format(known), Category = HarmCategory.Violence, Label = "case 17" }] };

        var result = await Screener(policy).ScreenOutputAsync(
            [new ScreenedImage(Array.Empty<byte>(), ~known, "frame-001.jpg"), new ScreenedImage(Array.Empty<byte>(), nearby, "frame-002.jpg")],
            "Nice evening.", age: null);

        Assert.Equal("SAFETY.OUTPUT.FRAME.VIOLENCE", result.Block!.Code);
        Assert.Contains("frame-002.jpg matches the blocked image 'case 17' (2 bits apart)", result.Block.Rule);
        Assert.Single(result.Hits);
    }

    [Fact]
    public async Task Spoken_words_are_screened_with_the_same_policy()
    {
        var result = await Screener().ScreenOutputAsync([], "I will kill myself tonight", age: null);

        Assert.Equal("SAFETY.OUTPUT.SPEECH.SELF_HARM", result.Block!.Code);
    }

    [Fact]
    public void A_vague_prompt_gets_suggestions_and_a_detailed_one_does_not()
    {
        var vague = PromptReview.Of("make a cool video");
        var detailed = PromptReview.Of(
            "A fisherman mends nets on a foggy harbor at dawn, slow dolly in, gulls cry, cinematic 35mm film");

        Assert.True(vague.Vague);
        Assert.Equal(PromptReview.Aspects.Count, vague.Suggestions.Count);
        Assert.False(detailed.Vague);
        Assert.Equal(["subject", "action", "setting", "camera", "lighting", "audio", "style"], detailed.Covered);
        Assert.Equal(1, detailed.Specificity);
    }

    [Fact]
    public void Strict_turns_a_vague_prompt_into_a_rejection_and_mentions_are_extracted()
    {
        var rejected = Assert.Throws<RequestRejectedException>(() => VideoSpec.From(new VideoRequest("make a cool video", Strict: true), () => 1));

        Assert.Equal(PromptReview.VagueCode, rejected.Error.Code);
        Assert.Contains("Say who or what is on screen", rejected.Error.Message);
        Assert.Equal(["ana", "bo.k"], PromptReview.Mentions("@ana and @bo.k dance; email x@y.com; @ana again."));
    }
}
