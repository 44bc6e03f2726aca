using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoraFunctions.Api;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Local.Cli;

/// <summary>
/// Accounts from the machine that holds the data folder (whoever runs these holds every record anyway):
/// <c>admin create</c>, <c>invite</c>, <c>key create|list|revoke</c> and <c>whoami</c>. They act as the machine's own
/// member unless <c>--member USERNAME</c> names another.
/// </summary>
public static class AccountCommands
{
    private static readonly JsonSerializerOptions PrettyJson = new(VideoObject.Json) { WriteIndented = true };

    public static IEnumerable<Command> Create(Func<ParseResult, string> dataPath)
    {
        var username = new Option<string>("--username") { Description = "3–30 of a–z, 0–9, '.' and '_'.", Required = true };
        var birthdate = new Option<string>("--birthdate") { Description = "YYYY-MM-DD.", Required = true };
        var createAdmin = new Command("create", "Make an admin; the password is read from standard input. Prints the account and a first API key.")
        {
            username, birthdate,
        };
        createAdmin.SetAction((parse, cancellation) => RunAsync(dataPath(parse), async (accounts, _) =>
        {
            var password = await Console.In.ReadLineAsync(cancellation);
            var admin = await accounts.CreateAdminAsync(parse.GetValue(username), parse.GetValue(birthdate), password, cancellation);
            var (_, token) = await accounts.CreateKeyAsync(admin, "first key", cancellation);
            Print(MemberObject.From(admin));
            Console.WriteLine($"api key (shown once): {token}");
        }, cancellation));
        var admin = new Command("admin", "Administer the service from this machine.") { createAdmin };

        var member = new Option<string?>("--member") { Description = "Act for this member (default: this machine's own).", Recursive = true };
        var count = new Option<int?>("--count") { Description = "Mint this many new invites (admins only)." };
        var invite = new Command("invite", "Print your unused invite codes, or mint new ones with --count.") { count, member };
        invite.SetAction((parse, cancellation) => RunAsync(dataPath(parse), AsMember(parse.GetValue(member), async (accounts, who) =>
        {
            var codes = parse.GetValue(count) is { } mint
                ? await accounts.MintInvitesAsync(who, mint, cancellation)
                : (await accounts.ListInvitesAsync(who, cancellation)).Where(i => i.RedeemedBy is null).ToList();
            foreach (var code in codes)
            {
                Console.WriteLine(code.Code);
            }
        }), cancellation));

        var name = new Argument<string>("name") { Description = "What the key is for, to tell it apart." };
        var create = new Command("create", "Make an API key; it is printed once and kept only as a hash.") { name };
        create.SetAction((parse, cancellation) => RunAsync(dataPath(parse), AsMember(parse.GetValue(member), async (accounts, who) =>
        {
            var (key, token) = await accounts.CreateKeyAsync(who, parse.GetValue(name), cancellation);
            Console.WriteLine($"{key.Id}  {key.Name}");
            Console.WriteLine(token);
        }), cancellation));
        var list = new Command("list", "List your API keys with their last use.");
        list.SetAction((parse, cancellation) => RunAsync(dataPath(parse), AsMember(parse.GetValue(member), async (accounts, who) =>
        {
            foreach (var key in await accounts.ListKeysAsync(who, cancellation))
            {
                var state = key.RevokedAt is { } revoked ? $"revoked {Time(revoked)}" : key.LastUsedAt is { } used ? $"used {Time(used)}" : "never used";
                Console.WriteLine($"{key.Id}  {key.Prefix}…  {key.Name,-24}  created {Time(key.CreatedAt)}  {state}");
            }
        }), cancellation));
        var id = new Argument<string>("id") { Description = "The key's id (key_…)." };
        var revoke = new Command("revoke", "Revoke an API key: it stops working at once.") { id };
        revoke.SetAction((parse, cancellation) => RunAsync(dataPath(parse), AsMember(parse.GetValue(member), async (accounts, who) =>
        {
            await accounts.RevokeKeyAsync(who, parse.GetValue(id)!, cancellation);
            Console.WriteLine($"revoked {parse.GetValue(id)}");
        }), cancellation));
        var key = new Command("key", "Manage API keys.") { create, list, revoke, member };

        var whoami = new Command("whoami", "Print the member the local commands act as.") { member };
        whoami.SetAction((parse, cancellation) => RunAsync(dataPath(parse), AsMember(parse.GetValue(member), (_, who) =>
        {
            Print(MemberObject.From(who));
            return Task.CompletedTask;
        }), cancellation));

        return [admin, invite, key, whoami];
    }

    /// <summary>Runs account work; a refusal prints its code and exits <see cref="SoraCli.BadInput"/>.</summary>
    private static async Task<int> RunAsync(string dataPath, Func<Accounts, IServiceProvider, Task> work, CancellationToken cancellation)
    {
        using var host = LocalHost.ForCommand(dataPath, runPipelines: false);
        try
        {
            await work(host.Services.GetRequiredService<Accounts>(), host.Services);
            return SoraCli.Done;
        }
        catch (RequestRejectedException rejected)
        {
            await Console.Error.WriteLineAsync($"error: {rejected.Error.Code}: {rejected.Error.Message}");
            return SoraCli.BadInput;
        }
    }

    /// <summary>Work done as the named member, or as the machine's own (made on first use).</summary>
    private static Func<Accounts, IServiceProvider, Task> AsMember(string? username, Func<Accounts, Member, Task> work) => async (accounts, services) =>
    {
        var who = username is null
            ? await accounts.LocalMemberAsync(CancellationToken.None)
            : await services.GetRequiredService<IMemberStore>().FindByUsernameAsync(username)
                ?? throw new RequestRejectedException(new VideoError(AccountCodes.MemberNotFound, $"No member is called '{username}'."));
        await work(accounts, who);
    };

    private static void Print<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, PrettyJson));

    private static string Time(DateTimeOffset at) => at.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
