using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Tests;

public sealed class VideoSpecTests
{
    private static VideoSpec Validate(string? prompt, string? model = null, string? seconds = null, string? size = null) =>
        VideoSpec.From(new VideoRequest(prompt, model, seconds, size), () => 1234);

    [Fact]
    public void Defaults_are_eight_seconds_portrait_720p_on_sora_2_with_a_fresh_seed()
    {
        var spec = Validate("  a lighthouse in a storm  ");

        Assert.Equal(new VideoSpec("a lighthouse in a storm", "sora-2", 8, 720, 1280, 1234), spec);
        Assert.Equal("720x1280", spec.Size);
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
    [InlineData("sora-3", null, null, ErrorCodes.ModelUnknown, "sora-2,sora-2-pro")]
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
}
