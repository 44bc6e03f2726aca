using System.Security.Cryptography;
using SoraFunctions.Core.Ports;
using SoraFunctions.Media.Audio;
using SoraFunctions.Media.Generation;
using SoraFunctions.Media.Quality;

namespace SoraFunctions.Media.Tests;

public sealed class GeneratorTests : MediaTest
{
    [Fact]
    public void Rendering_is_deterministic_and_the_camera_moves()
    {
        var plan = ScenePlanner.Plan("a sailboat on the sea at dawn, slow dolly in", 4, 9);
        using var first = new SceneRenderer(plan, 320, 180);
        using var second = new SceneRenderer(plan, 320, 180);

        first.Render(40);
        var frame40 = SHA256.HashData(first.Pixels);
        first.Render(0);
        second.Render(40);

        Assert.Equal(frame40, SHA256.HashData(second.Pixels));
        Assert.NotEqual(frame40, SHA256.HashData(first.Pixels));
    }

    [Fact]
    public void Night_scenes_are_darker_than_day_scenes()
    {
        static double Brightness(string prompt)
        {
            using var renderer = new SceneRenderer(ScenePlanner.Plan(prompt, 4, 1), 160, 90);
            renderer.Render(10);
            var pixels = renderer.Pixels;
            long sum = 0;
            for (var i = 0; i < pixels.Length; i += 4)
            {
                sum += pixels[i] + pixels[i + 1] + pixels[i + 2];
            }

            return sum / (pixels.Length / 4 * 3.0);
        }

        Assert.True(Brightness("a meadow at night") < Brightness("a meadow at noon") * 0.6);
    }

    [Theory]
    [InlineData("a city street at noon", Look.Natural)]
    [InlineData("a noir city street at noon", Look.Noir)]
    [InlineData("a vintage city street at noon", Look.Vintage)]
    [InlineData("a synthwave city street at noon", Look.Neon)]
    [InlineData("a pastel city street at noon", Look.Pastel)]
    public void Every_look_keeps_the_scene_visible_and_noir_is_gray(string prompt, Look look)
    {
        var plan = ScenePlanner.Plan(prompt, 4, 2);
        using var renderer = new SceneRenderer(plan, 160, 90);
        renderer.Render(10);
        var pixels = renderer.Pixels.ToArray();
        var luma = Enumerable.Range(0, pixels.Length / 4).Select(i => (pixels[i * 4] + pixels[i * 4 + 1] + pixels[i * 4 + 2]) / 3.0).ToArray();
        var mean = luma.Average();
        var spread = Math.Sqrt(luma.Average(l => (l - mean) * (l - mean)));
        var colorfulness = Enumerable.Range(0, pixels.Length / 4)
            .Average(i => Math.Max(Math.Abs(pixels[i * 4] - pixels[i * 4 + 1]), Math.Abs(pixels[i * 4 + 1] - pixels[i * 4 + 2])));

        Assert.Equal(look, plan.Look);
        Assert.InRange(mean, 30, 225);
        Assert.True(spread > 15, $"the frame is nearly flat (spread {spread:0.0})");
        if (look == Look.Noir)
        {
            Assert.True(colorfulness < 3, $"noir has color ({colorfulness:0.0})");
        }
    }

    [Fact]
    public async Task A_job_renders_the_exact_size_and_frame_count_and_mixes_to_minus_14_lufs()
    {
        var job = new GenerationJob("job-1", "video_1", "A man walks his dog through a rainy city street. He says \"Almost home.\"", 4, 1280, 720, 11, Folder);

        var output = await ProceduralGenerator.GenerateAsync(job, CancellationToken.None);
        var picture = await MediaProbe.ProbeAsync(Path.Combine(Folder, output.Video));
        var mixed = Path.Combine(Folder, "mixed.mp4");
        await AudioMixer.MixAsync(Path.Combine(Folder, output.Video), output.Stems, Folder, job.Seconds, mixed, CancellationToken.None);
        var clip = await MediaProbe.ProbeAsync(mixed);
        var loudness = (await ClipInspector.InspectAsync(mixed, job.Seconds, CancellationToken.None, measureOffset: false)).Loudness!;

        Assert.Equal(("h264", 1280, 720, "yuv420p", 96), (picture.Video!.Codec, picture.Video.Width, picture.Video.Height, picture.Video.PixelFormat, picture.Video.Frames));
        Assert.Contains(output.Stems, s => s is { Kind: "dialogue", StartSeconds: > 0 });
        Assert.Equal("Almost home.", output.Transcript);
        Assert.Equal(("aac", 48_000, 2), (clip.Audio!.Codec, clip.Audio.SampleRate, clip.Audio.Channels));
        Assert.InRange(clip.DurationSeconds, 4 - 1 / 24.0, 4 + 1 / 24.0);
        Assert.InRange(loudness.IntegratedLufs, -15, -13);
    }
}
