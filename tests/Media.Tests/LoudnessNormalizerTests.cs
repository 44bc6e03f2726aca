using SoraFunctions.Media.Audio;

namespace SoraFunctions.Media.Tests;

public sealed class LoudnessNormalizerTests : MediaTest
{
    [Theory]
    [InlineData("0.02*sin(2*PI*440*t)")] // far too quiet
    [InlineData("0.9*sin(2*PI*440*t)*lt(mod(t,1),0.05)+0.005*sin(2*PI*90*t)")] // loud clicks over near silence: all peak
    [InlineData("0.99*sin(2*PI*3000*t)")] // loud and bright: the encoder overshoots its peaks
    public async Task A_clip_off_target_is_brought_to_minus_14_lufs_under_minus_1_dbtp_as_its_aac_measures(string sound)
    {
        await TestClips.WavAsync(InFolder("sound.wav"), sound, 4);
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=s=320x240:r=24:d=4", "-i", InFolder("sound.wav"), "-c:v", "libx264", "-c:a", "aac", InFolder("clip.mp4")]);

        var leveled = await LoudnessNormalizer.MeetTargetAsync(InFolder("clip.mp4"), InFolder("leveled.mp4"), CancellationToken.None);
        var loudness = await LoudnessNormalizer.MeasureAsync(leveled, CancellationToken.None);

        Assert.Equal(InFolder("leveled.mp4"), leveled);
        Assert.InRange(loudness.IntegratedLufs, -14.5, -13.5);
        Assert.True(loudness.TruePeakDbtp <= -1, $"true peak {loudness.TruePeakDbtp} dBTP");
        Assert.Equal((await MediaProbe.ProbeAsync(InFolder("clip.mp4"))).Video!.Frames, (await MediaProbe.ProbeAsync(leveled)).Video!.Frames);
    }

    [Fact]
    public async Task A_clip_already_on_target_is_left_as_it_is()
    {
        await TestClips.WavAsync(InFolder("sound.wav"), "0.25*sin(2*PI*440*t)", 4);
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=s=320x240:r=24:d=4", "-i", InFolder("sound.wav"), "-c:v", "libx264", "-c:a", "aac", InFolder("clip.mp4")]);
        var first = await LoudnessNormalizer.MeetTargetAsync(InFolder("clip.mp4"), InFolder("leveled.mp4"), CancellationToken.None);

        var again = await LoudnessNormalizer.MeetTargetAsync(first, InFolder("again.mp4"), CancellationToken.None);

        Assert.Equal(first, again);
        Assert.False(File.Exists(InFolder("again.mp4")));
    }
}
