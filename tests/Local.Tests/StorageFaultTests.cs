using System.Net;

namespace SoraFunctions.Local.Tests;

public sealed class StorageFaultApiTests : ServerTest
{
    [Fact]
    public async Task The_api_answers_503_with_a_code_while_the_storage_fails_records_nothing_and_serves_again_once_it_is_back()
    {
        var clips = Path.Combine(Data, "clips");
        Directory.CreateDirectory(Data);
        await File.WriteAllTextAsync(clips, "a file where the clip folder belongs");
        var image = Path.Combine(Data, "..", "pond.png");
        await Media.Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=s=320x180", "-frames:v", "1", image]);
        MultipartFormDataContent Form() => new()
        {
            { new StringContent("a heron stands in a misty pond at dawn"), "prompt" },
            { new StringContent("4"), "seconds" },
            { new ByteArrayContent(File.ReadAllBytes(image)), "input_reference", "pond.png" },
        };

        var refused = await Http.PostAsync("/v1/videos", Form());
        var listedWhileBroken = await ReadAsync(await Http.GetAsync("/v1/videos"));
        File.Delete(clips);
        var accepted = await Http.PostAsync("/v1/videos", Form());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("STORAGE.UNAVAILABLE", (await ReadAsync(refused)).GetProperty("code").GetString());
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        Assert.Empty(listedWhileBroken.GetProperty("data").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }
}

public sealed class StorageFaultCommandTests : DataFolderTest
{
    [Fact]
    public async Task Generate_on_storage_that_fails_exits_1_with_the_code_instead_of_a_stack_trace()
    {
        Directory.CreateDirectory(Path.Combine(Data, "sora.db", "a folder where the database belongs"));

        using var generate = StartSoraProcess(redirectOutput: true, "generate", "A heron stands in a misty pond at dawn, wide shot, soft light, birdsong", "--seconds", "4");
        var output = generate.StandardOutput.ReadToEndAsync();
        var errors = await generate.StandardError.ReadToEndAsync();
        await generate.WaitForExitAsync();

        Assert.Equal(1, generate.ExitCode);
        Assert.Contains("error: STORAGE.UNAVAILABLE: ", errors);
        Assert.DoesNotContain("   at ", errors + await output);
        Assert.False(Directory.Exists(Path.Combine(Data, "jobs")));
    }
}
