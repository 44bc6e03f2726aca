using SoraFunctions.Media.Audio;

namespace SoraFunctions.Local.Tests;

/// <summary>Every published master, whatever its sound and edits, is at −14 ± 1 LUFS with its true peak at most −1 dBTP.</summary>
public sealed class PublishedLoudnessTests : DataFolderTest
{
    [Theory]
    [InlineData("A golden retriever runs along a beach at sunset, the camera pans right. \"Come here, buddy!\"", "8", "3", "")]
    [InlineData("Two friends argue in a kitchen. \"You ate my sandwich!\" \"I did not!\" \"Then who did?\" \"The cat.\"", "8", "1", "")]
    [InlineData("A string quartet plays a dramatic piece in an empty concert hall, slow dolly in, music only", "4", "2", "")]
    [InlineData("Rain falls on a quiet forest at night, ambient sounds only, static shot", "4", "3", "")]
    [InlineData("An empty library at midnight, almost silent, a clock ticks softly, static shot", "4", "4", "")]
    [InlineData("Fireworks explode over a harbor at night, wide shot, loud bangs", "4", "5", "--trim 0.2:3.8 --speed 0.5:1.5:0.5 --speed 2:3:2")]
    public async Task The_published_master_is_at_minus_14_lufs_under_minus_1_dbtp(string prompt, string seconds, string seed, string edits)
    {
        var master = Path.Combine(Data, "..", "master.mp4");

        var exit = await Sora(["generate", prompt, "--seconds", seconds, "--seed", seed, "--out", master, .. edits.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--data", Data]);
        var loudness = await LoudnessNormalizer.MeasureAsync(master, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.InRange(loudness.IntegratedLufs, -15, -13);
        Assert.True(loudness.TruePeakDbtp <= -1, $"true peak {loudness.TruePeakDbtp} dBTP");
        Assert.DoesNotContain(Assert.Single(await ListAsync()).Video.Warnings, warning => warning.Code is "QC.LOUDNESS" or "QC.TRUE_PEAK");
    }
}
