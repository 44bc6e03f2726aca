using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Tests;

public sealed class VideoSpecTests
{
    private static VideoSpec Validate(string? prompt, string? model = null, string? seconds = null, string? size = null) =>
        VideoSpec.From(new VideoRequest(prompt, model, seconds, size), () => 1234);

    [Fact]
    public void Defaults_are_openais_four_seconds_portrait_720p_on_sora_2_with_a_fresh_seed()
    {
        var spec = Validate("  a lighthouse in a storm  ");

        Assert.Equal(new VideoSpec("a lighthouse in a storm", "sora-2", 4, 720, 1280, 1234), spec);
        Assert.Equal("720x1280", spec.Size);
    }

    [Theory]
    [InlineData("sora-2-2025-10-06", "720x1280")]
    [InlineData("sora-2-2025-12-08", "1280x720")]
    [InlineData("sora-2-pro-2025-10-06", "1792x1024")]
    public void A_dated_snapshot_is_its_models_alias_and_is_kept_as_named(string snapshot, string size)
    {
        Assert.Equal(snapshot, Validate("a comet", snapshot, size: size).Model);
        Assert.Equal(ErrorCodes.SizeNotForModel, Assert.Throws<RequestRejectedException>(() => Validate("a comet", "sora-2-2025-12-08", size: "1792x1024")).Error.Code);
    }

    [Fact]
    public void An_extension_continues_the_scene_or_changes_it_adds_its_seconds_and_stops_at_a_minute()
    {
        var source = Validate("a kite over a beach at noon", seconds: "8") with { Edits = EditList.None with { Loop = true }, InputReference = "inputs/a.png" };

        var same = source.ExtendedBy("video_a", 8, prompt: null, seconds: "4", requesterAge: 30);
        var changed = source.ExtendedBy("video_a", 8, "at night", "12", 30);

        Assert.Equal(("a kite over a beach at noon", 4, 12, new ExtensionOf("video_a", 8)), (same.Prompt, same.Seconds, same.TotalSeconds, same.Extends));
        Assert.Equal((null, null, source.Seed), (same.Edits, same.InputReference, same.Seed)); // the last frame is its image, set when it is recorded
        Assert.Equal(["a kite over a beach at noon", "at night"], changed.Prompts);
        Assert.Equal(20, changed.TotalSeconds);
        Assert.Equal(ErrorCodes.ExtensionTooLong, Assert.Throws<RequestRejectedException>(() => source.ExtendedBy("video_a", 50, null, "12", 30)).Error.Code);
        Assert.Equal(ErrorCodes.SecondsUnsupported, Assert.Throws<RequestRejectedException>(() => source.ExtendedBy("video_a", 8, null, "5", 30)).Error.Code);
    }

    [Theory]
    [InlineData(null, ErrorCodes.PromptEmpty)]
    [InlineData("   ", ErrorCodes.PromptEmpty)]
    public void An_empty_prompt_is_refused(string? prompt, string code) =>
        Assert.Equal(code, Assert.Throws<RequestRejectedException>(() => Validate(prompt)).Error.Code);

    [Fact]
    public void A_prompt_over_32000_characters_is_refused_and_one_at_the_limit_is_accepted()
    {
        Assert.Equal(
            ErrorCodes.PromptTooLong,
            Assert.Throws<RequestRejectedException>(() => Validate(new string('a', 32_001))).Error.Code);
        Assert.Equal(32_000, Validate(new string('a', 32_000)).Prompt.Length);
    }

    [Theory]
    [InlineData("sora-3", null, null, ErrorCodes.ModelUnknown, "sora-2,sora-2-pro,sora-2-2025-10-06,sora-2-2025-12-08,sora-2-pro-2025-10-06")]
    [InlineData(null, "7", null, ErrorCodes.SecondsUnsupported, "4,8,12,16,20")]
    [InlineData(null, "eight", null, ErrorCodes.SecondsUnsupported, "4,8,12,16,20")]
    [InlineData(null, null, "640x480", ErrorCodes.SizeUnsupported, "720x1280,1280x720,1024x1792,1792x1024")]
    [InlineData("sora-2", null, "1792x1024", ErrorCodes.SizeNotForModel, "720x1280,1280x720")]
    public void Unsupported_values_are_refused_with_a_stable_code_and_the_allowed_values(
        string? model, string? seconds, string? size, string code, string allowed)
    {
        var rejected = Assert.Throws<RequestRejectedException>(() => Validate("a cat", model, seconds, size));

        Assert.Equal(code, rejected.Error.Code);
        Assert.Equal(allowed.Split(','), rejected.Allowed);
        Assert.Contains(allowed.Replace(",", ", ", StringComparison.Ordinal), rejected.Error.Message);
    }

    [Fact]
    public void Sora_2_pro_renders_the_tall_and_wide_sizes()
    {
        var spec = Validate("a comet", "sora-2-pro", "20", "1792x1024");

        Assert.Equal((1792, 1024, 20), (spec.Width, spec.Height, spec.Seconds));
    }

    [Theory]
    [InlineData("a cat\u0000 sleeps")]
    [InlineData("\u0001\u0002\u0003")]
    [InlineData("a cat \u202Eyrros\u202C sleeps")]
    [InlineData("\u2066a cat\u2069")]
    [InlineData("a cat \u0085 sleeps")]
    public void Prompts_with_invisible_control_characters_are_refused(string prompt) =>
        Assert.Equal(ErrorCodes.PromptControlCharacters, Assert.Throws<RequestRejectedException>(() => Validate(prompt)).Error.Code);

    [Fact]
    public void A_prompt_with_half_a_surrogate_pair_is_refused() =>
        Assert.Equal(ErrorCodes.PromptControlCharacters,
            Assert.Throws<RequestRejectedException>(() => Validate($"a cat {(char)0xD800} sleeps {(char)0xDC00}")).Error.Code);

    [Theory]
    [InlineData("a cat\tsleeps\r\non a mat")]
    [InlineData("قطة تنام على سجادة")]
    [InlineData("a cat 🐈 sleeps")]
    public void Tabs_line_breaks_other_scripts_and_emoji_are_ordinary_text(string prompt) =>
        Assert.Equal(prompt, Validate(prompt).Prompt);

    [Theory]
    [InlineData("?!")]
    [InlineData("... --- ...")]
    public void A_prompt_without_a_word_is_empty(string prompt) =>
        Assert.Equal(ErrorCodes.PromptEmpty, Assert.Throws<RequestRejectedException>(() => Validate(prompt)).Error.Code);

    [Theory]
    [InlineData("04")]
    [InlineData(" 8")]
    [InlineData("8.0")]
    [InlineData("+4")]
    public void Seconds_must_be_spelled_as_listed(string seconds) =>
        Assert.Equal(ErrorCodes.SecondsUnsupported, Assert.Throws<RequestRejectedException>(() => Validate("a cat", seconds: seconds)).Error.Code);

    [Theory]
    [InlineData(-1L)]
    [InlineData(4_294_967_296L)]
    [InlineData(long.MinValue)]
    public void Seeds_outside_32_bits_are_refused(long seed) =>
        Assert.Equal(ErrorCodes.SeedOutOfRange,
            Assert.Throws<RequestRejectedException>(() => VideoSpec.From(new VideoRequest("a cat", Seed: seed), () => 1)).Error.Code);

    [Fact]
    public void The_largest_seed_is_accepted() =>
        Assert.Equal(uint.MaxValue, VideoSpec.From(new VideoRequest("a cat", Seed: uint.MaxValue), () => 1).Seed);
}
