using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoraFunctions.Api;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Videos;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Cameos;

namespace SoraFunctions.Local.Cli;

/// <summary>
/// <c>./sora cameo challenge|record|show|permit|revoke|delete</c>: a cameo from this machine, as the machine's own member
/// unless <c>--member USERNAME</c> names another. Recording verifies in this process and waits for the verdict.
/// </summary>
public static class CameoCommands
{
    private static readonly JsonSerializerOptions PrettyJson = new(VideoObject.Json) { WriteIndented = true };

    public static Command Create(Func<ParseResult, string> dataPath)
    {
        var member = new Option<string?>("--member") { Description = "Act for this member (default: this machine's own).", Recursive = true };

        var challenge = new Command("challenge", "Ask for a challenge: the digits to read aloud and the way to turn your head while recording.");
        challenge.SetAction((parse, cancellation) => RunAsync(dataPath(parse), parse.GetValue(member), runPipelines: false, async (cameos, who, _) =>
        {
            var issued = ChallengeObject.From(await cameos.ChallengeAsync(who, cancellation));
            Print(issued);
            await Console.Error.WriteLineAsync(issued.Instructions);
        }, cancellation));

        var file = new Argument<FileInfo>("recording") { Description = "A 3–10 s video of you with sound (MP4 or WebM), made for the challenge." };
        var challengeId = new Option<string>("--challenge") { Description = "The challenge's id (challenge_…).", Required = true };
        var name = new Option<string?>("--name") { Description = "What to call the cameo." };
        var record = new Command("record", "Record your cameo: verify the recording and print the result (exit 1 when it is refused).")
        {
            file, challengeId, name,
        };
        record.SetAction((parse, cancellation) => RunAsync(dataPath(parse), parse.GetValue(member), runPipelines: true, async (cameos, who, services) =>
        {
            var recording = parse.GetValue(file)!;
            if (!recording.Exists)
            {
                throw new RequestRejectedException(new VideoError(CameoCodes.RecordingInvalid, $"{recording.FullName} does not exist."));
            }

            var cameo = await cameos.RecordAsync(who, parse.GetValue(challengeId)!, parse.GetValue(name), recording.FullName, cancellation);
            await services.GetRequiredService<OrchestrationClient>().WaitForInstanceCompletionAsync(cameo.Id, cancellation: cancellation);
            var verified = (await cameos.GetAsync(who, cameo.Id, cancellation))!;
            Print(CameoObject.From(verified));
            if (verified.Cameo.Error is { } error)
            {
                throw new RequestRejectedException(error);
            }
        }, cancellation));

        var id = new Argument<string?>("id") { Description = "The cameo's id (default: every one of yours).", Arity = ArgumentArity.ZeroOrOne };
        var show = new Command("show", "Print your cameos, or one of them.") { id };
        show.SetAction((parse, cancellation) => RunAsync(dataPath(parse), parse.GetValue(member), runPipelines: false, async (cameos, who, _) =>
        {
            if (parse.GetValue(id) is { } one)
            {
                Print(CameoObject.From(await cameos.GetAsync(who, one, cancellation) ?? throw CameoService.NotFound(one)));
                return;
            }

            Print(new CameoList([.. (await cameos.ListAsync(who, cancellation)).Select(CameoObject.From)]));
        }, cancellation));

        var username = new Argument<string?>("username") { Description = "A member to approve.", Arity = ArgumentArity.ZeroOrOne };
        var permission = new Option<string?>("--permission") { Description = "Who may cast it: only_me, approved, mutuals or everyone." };
        permission.AcceptOnlyFromAmong([.. CameosApi.Permissions]);
        var preferences = new Option<string?>("--preferences") { Description = "Your terms in words, e.g. \"Always wearing a red scarf. Never in horror.\"" };
        var review = new Option<bool?>("--review") { Description = "Review each clip before it is published (true or false)." };
        var permit = new Command("permit", "Approve a member for your cameo, and change its terms.") { username, permission, preferences, review };
        permit.SetAction((parse, cancellation) => RunAsync(dataPath(parse), parse.GetValue(member), runPipelines: false, async (cameos, who, _) =>
        {
            var mine = await OwnCameoAsync(cameos, who, cancellation);
            var level = parse.GetValue(permission) is { } chosen ? Enum.GetValues<CameoPermission>().Single(p => CameosApi.NameOf(p) == chosen) : (CameoPermission?)null;
            var view = await cameos.UpdateAsync(who, mine, new CameoTerms(level, null, parse.GetValue(preferences), parse.GetValue(review)), cancellation);
            if (parse.GetValue(username) is { } approved)
            {
                view = await cameos.ApproveAsync(who, mine, approved, approve: true, cancellation);
            }

            Print(CameoObject.From(view));
        }, cancellation));

        var revoked = new Argument<string>("username") { Description = "The member whose approval ends: their future clips with you fail." };
        var revoke = new Command("revoke", "Take a member off your cameo's approved list.") { revoked };
        revoke.SetAction((parse, cancellation) => RunAsync(dataPath(parse), parse.GetValue(member), runPipelines: false, async (cameos, who, _) =>
            Print(CameoObject.From(await cameos.ApproveAsync(who, await OwnCameoAsync(cameos, who, cancellation), parse.GetValue(revoked)!, approve: false, cancellation))),
            cancellation));

        var delete = new Command("delete", "Delete your cameo: its likeness is erased and every clip that casts it is taken down.");
        delete.SetAction((parse, cancellation) => RunAsync(dataPath(parse), parse.GetValue(member), runPipelines: true, async (cameos, who, _) =>
        {
            var mine = await OwnCameoAsync(cameos, who, cancellation);
            await cameos.DeleteAsync(who, mine, cancellation);
            Console.WriteLine($"deleted {mine}");
        }, cancellation));

        return new Command("cameo", "Your cameo: record it, set who may cast it, delete it.") { challenge, record, show, permit, revoke, delete, member };
    }

    /// <summary>The member's cameo that is active or being verified.</summary>
    private static async Task<string> OwnCameoAsync(CameoService cameos, Member who, CancellationToken cancellation) =>
        (await cameos.ListAsync(who, cancellation)).FirstOrDefault(view => view.Cameo.Kind == CameoKind.Person && view.Cameo.Status is CameoStatus.Active or CameoStatus.Verifying)?.Cameo.Id
        ?? throw new RequestRejectedException(new VideoError(CameoCodes.NotFound, "You have no cameo; record one with ./sora cameo record."));

    /// <summary>
    /// Runs cameo work as the member; a refusal prints its code and exits <see cref="SoraCli.BadInput"/>. Events the work
    /// raises are delivered by this process's relay before it exits (a deletion's takedowns among them).
    /// </summary>
    private static async Task<int> RunAsync(
        string dataPath, string? username, bool runPipelines, Func<CameoService, Member, IServiceProvider, Task> work, CancellationToken cancellation)
    {
        using var host = LocalHost.ForCommand(dataPath, runPipelines);
        if (runPipelines)
        {
            await host.StartAsync(cancellation);
        }

        try
        {
            var who = username is null
                ? await host.Services.GetRequiredService<Accounts>().LocalMemberAsync(cancellation)
                : await host.Services.GetRequiredService<IMemberStore>().FindByUsernameAsync(username, cancellation)
                    ?? throw new RequestRejectedException(new VideoError(AccountCodes.MemberNotFound, $"No member is called '{username}'."));
            await work(host.Services.GetRequiredService<CameoService>(), who, host.Services);
            return SoraCli.Done;
        }
        catch (RequestRejectedException rejected)
        {
            await Console.Error.WriteLineAsync($"error: {rejected.Error.Code}: {rejected.Error.Message}");
            return SoraCli.BadInput;
        }
        finally
        {
            if (runPipelines)
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
    }

    private static void Print<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, PrettyJson));
}
