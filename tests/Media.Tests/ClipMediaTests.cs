using SoraFunctions.Core.Safety;

namespace SoraFunctions.Media.Tests;

public sealed class ClipMediaTests : MediaTest
{
    [Fact]
    public async Task Frames_are_sampled_each_second_and_at_every_cut_with_their_fingerprints()
    {
        // 4 s: a test pattern, then a hard cut at 1.5 s to a different picture.
        var clip = InFolder("cut.mp4");
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=s=320x240:r=24:d=1.5", "-f", "lavfi", "-i", "mandelbrot=s=320x240:r=24",
            "-filter_complex", "[1:v]trim=duration=2.5,setpts=PTS-STARTPTS[m];[0:v][m]concat=n=2:v=1[v]", "-map", "[v]",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", clip]);

        var frames = await ClipMedia.SampleFramesAsync(clip, InFolder("frames"), CancellationToken.None);
        var image = await ClipMedia.ReadImageAsync(Path.Combine(InFolder("frames"), frames[0].Name), Core.Videos.VideoCatalog.MaxInputPixels, CancellationToken.None);

        // 0 s, 1 s, the cut at 1.5 s, then 2.5 s and 3.5 s.
        Assert.Equal(5, frames.Count);
        Assert.All(frames, f => Assert.Equal(0xFF, f.Bytes.Span[0])); // JPEG
        Assert.True(ImageFingerprint.Distance(frames[1].Fingerprint, frames[2].Fingerprint) > 10, "the cut changes the picture");
        Assert.True(ImageFingerprint.Distance(frames[0].Fingerprint, image.Fingerprint) <= 4, "a frame read back keeps its fingerprint");
    }
}
