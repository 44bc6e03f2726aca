using System.Text.Json;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Tests.Shared.Cameos;

namespace SoraFunctions.Local.Tests;

/// <summary><c>./sora cameo …</c> as a person runs it: record a cameo for a challenge, set its terms, cast it, delete it.</summary>
public sealed class CameoCommandTests : DataFolderTest
{
    [Fact]
    public async Task A_cameo_is_recorded_for_its_challenge_cast_in_a_clip_and_deleted_with_the_clip()
    {
        var (_, issued, instructions) = await RunSoraAsync(null, "cameo", "challenge");
        var challenge = JsonDocument.Parse(issued).RootElement;
        var recording = Path.Combine(Path.GetDirectoryName(Data)!, "me.webm");
        await CameoRecordings.MakeAsync(
            recording, CameoRecordings.Lena, challenge.GetProperty("digits").GetString()!,
            challenge.GetProperty("turn").GetString() == "left" ? HeadTurn.Left : HeadTurn.Right);

        var (recordExit, recorded, _) = await RunSoraAsync(null, "cameo", "record", recording, "--challenge", challenge.GetProperty("id").GetString()!, "--name", "Me");
        var (retriedExit, retried, _) = await RunSoraAsync(null, "cameo", "record", recording, "--challenge", challenge.GetProperty("id").GetString()!);
        var second = JsonDocument.Parse((await RunSoraAsync(null, "cameo", "challenge")).Output).RootElement.GetProperty("id").GetString()!;
        var (secondExit, _, refused) = await RunSoraAsync(null, "cameo", "record", recording, "--challenge", second);
        var (permitExit, permitted, _) = await RunSoraAsync(null, "cameo", "permit", "--permission", "mutuals", "--preferences", "Never in horror.", "--review", "false");
        var (revokeExit, _, revoked) = await RunSoraAsync(null, "cameo", "revoke", "nobody_here");
        var (generateExit, generated, generateError) = await RunSoraAsync(null, "generate", "@local waves on a beach at sunset, \"Hello!\"", "--seconds", "4");
        Assert.True(generateExit == 0, generateError);
        var videoId = generated.Split(' ', 2)[0];
        var manifest = await File.ReadAllTextAsync(Path.Combine(new DataFolder(Data).Clips, "videos", videoId, "manifest.json"));
        var (horrorExit, _, _) = await RunSoraAsync(null, "generate", "@local in a horror film at night", "--seconds", "4");

        var cameo = JsonDocument.Parse(recorded).RootElement;
        var id = cameo.GetProperty("id").GetString()!;
        Assert.Contains(challenge.GetProperty("digits").GetString()!.Select(digit => $"{digit}").Aggregate((a, b) => $"{a} {b}"), instructions);
        Assert.Equal((0, "active", "Me"), (recordExit, cameo.GetProperty("status").GetString(), cameo.GetProperty("name").GetString()));
        Assert.Equal((0, id), (retriedExit, JsonDocument.Parse(retried).RootElement.GetProperty("id").GetString())); // the same upload again
        Assert.Equal((2, true), (secondExit, refused.Contains(CameoCodes.Exists, StringComparison.Ordinal)));
        Assert.Equal((0, "mutuals"), (permitExit, JsonDocument.Parse(permitted).RootElement.GetProperty("permission").GetString()));
        Assert.Equal((2, true), (revokeExit, revoked.Contains("ACCOUNT.NOT_FOUND", StringComparison.Ordinal)));
        Assert.Equal(0, generateExit);
        Assert.Contains(id, manifest);
        Assert.NotEqual(0, horrorExit); // never in horror

        var (deleteExit, _, _) = await RunSoraAsync(null, "cameo", "delete");
        var (_, shown, _) = await RunSoraAsync(null, "cameo", "show");

        Assert.Equal(0, deleteExit);
        Assert.Equal(0, JsonDocument.Parse(shown).RootElement.GetProperty("data").GetArrayLength());
        Assert.False(Directory.Exists(Path.Combine(new DataFolder(Data).Clips, "cameos", id)));
        Assert.False(Directory.Exists(Path.Combine(new DataFolder(Data).Clips, "videos", videoId)));
    }

    [Fact]
    public async Task A_cameo_a_stopped_process_left_unverified_is_verified_by_resume()
    {
        // As a process leaves it when it stops between taking the recording and starting its verification.
        var data = new DataFolder(Data);
        var challenge = CameoChallenge.Issue(Member.LocalId, DateTimeOffset.UtcNow);
        var cameo = Cameo.Record(Cameo.NewId(), challenge, "Me", DateTimeOffset.UtcNow);
        var recording = Path.Combine(Path.GetDirectoryName(Data)!, "me.mp4");
        await CameoRecordings.MakeAsync(recording, CameoRecordings.Webcam, challenge.Digits, challenge.Turn);
        await new FileClipStore(data).PutFileAsync(Cameo.RecordingOf(cameo.Id), recording);
        await new SqliteCameoStore(data).TryCreateAsync(cameo, []);

        var (exit, output, _) = await RunSoraAsync(null, "resume", "--wait");
        var resumed = await new SqliteCameoStore(data).GetAsync(cameo.Id);

        Assert.Equal(0, exit);
        Assert.Contains($"verifying 1 cameos: {cameo.Id}", output);
        Assert.Equal((CameoStatus.Active, null), (resumed!.Status, resumed.Error));
    }
}
