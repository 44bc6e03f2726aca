using System.Text.Json;
using SoraFunctions.Media;

namespace SoraFunctions.Local.Tests;

public sealed class ScreenCommandTests : DataFolderTest
{
    private async Task<(int Exit, JsonElement Report)> ScreenAsync(params string[] args)
    {
        using var screen = StartSoraProcess(redirectOutput: true, ["screen", .. args, "--json"]);
        var report = JsonDocument.Parse(await screen.StandardOutput.ReadToEndAsync()).RootElement;
        await screen.WaitForExitAsync();
        return (screen.ExitCode, report);
    }

    [Fact]
    public async Task Screen_reports_verdict_codes_categories_and_suggestions_without_touching_the_data_folder()
    {
        var (blockedExit, blocked) = await ScreenAsync("A graphic beheading in a castle courtyard, handheld camera", "--age", "15");
        var (vagueExit, vague) = await ScreenAsync("make a cool video");
        var (strictExit, strict) = await ScreenAsync("make a cool video", "--strict");

        Assert.Equal((1, "block"), (blockedExit, blocked.GetProperty("verdict").GetString()));
        Assert.Contains("SAFETY.INPUT.TEXT.VIOLENCE", blocked.GetProperty("codes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(6, blocked.GetProperty("categories").GetProperty("violence").GetInt32());
        Assert.Equal((0, "warn"), (vagueExit, vague.GetProperty("verdict").GetString()));
        Assert.Equal(0, vague.GetProperty("specificity").GetDouble());
        Assert.Equal(7, vague.GetProperty("suggestions").GetArrayLength());
        Assert.Equal((1, "block", "VALIDATION.PROMPT.VAGUE"), (strictExit, strict.GetProperty("verdict").GetString(), strict.GetProperty("codes")[0].GetString()));
        Assert.False(Directory.Exists(Data));
    }

    [Fact]
    public async Task Blocklists_and_known_images_come_from_the_data_folders_settings()
    {
        Directory.CreateDirectory(Data);
        var image = Path.Combine(Data, "input.png");
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=s=640x360", "-frames:v", "1", image]);
        var (_, first) = await ScreenAsync("A red fox trots through a snowy forest at dawn", "--image", image);
        var fingerprint = first.GetProperty("image_fingerprint").GetString();
        await File.WriteAllTextAsync(Path.Combine(Data, "settings.json"), $$$$"""
            {"Sora": {"Safety": {
              "BlockedTerms": ["snowy forest"],
              "BlockedImages": [{"Fingerprint": "{{{{fingerprint}}}}", "Category": "Sexual", "Label": "known image 9"}]
            }}}
            """);

        var (exit, report) = await ScreenAsync("A red fox trots through a snowy forest at dawn", "--image", image);

        Assert.Equal("allow", first.GetProperty("verdict").GetString());
        Assert.Equal(1, exit);
        Assert.Equal(["SAFETY.INPUT.BLOCKLIST", "SAFETY.INPUT.IMAGE.SEXUAL"], report.GetProperty("codes").EnumerateArray().Select(c => c.GetString()).Order());
    }

    [Fact]
    public async Task Screening_nothing_is_bad_input() => Assert.Equal(2, await Sora("screen", "  ", "--data", Data));

    [Fact]
    public async Task Plan_and_screen_say_in_the_prompts_words_what_will_be_drawn_and_what_is_left_out()
    {
        const string prompt = "A man plays the theremin in the middle of a zebra herd at night";
        using var plan = StartSoraProcess(redirectOutput: true, ["plan", prompt, "--json"]);
        var report = JsonDocument.Parse(await plan.StandardOutput.ReadToEndAsync()).RootElement;
        await plan.WaitForExitAsync();
        var (_, screened) = await ScreenAsync(prompt);

        Assert.Equal(0, plan.ExitCode);
        Assert.Equal(["man", "plays", "zebra herd", "night"], Strings(report.GetProperty("depicted")));
        Assert.Equal(["theremin"], Strings(report.GetProperty("not_depicted")));
        Assert.Equal("savanna", report.GetProperty("plan").GetProperty("scenery").GetString());
        Assert.Equal(6, report.GetProperty("plan").GetProperty("actors").GetArrayLength()); // the man and five zebras
        Assert.Equal(Strings(report.GetProperty("depicted")), Strings(screened.GetProperty("depicted")));
        Assert.Equal(["theremin"], Strings(screened.GetProperty("not_depicted")));
        Assert.Equal(2, await Sora("plan", "  "));
        Assert.Equal(2, await Sora("plan", "a fox", "--seconds", "5"));
        Assert.False(Directory.Exists(Data));

        static string[] Strings(JsonElement list) => [.. list.EnumerateArray().Select(item => item.GetString()!)];
    }
}
