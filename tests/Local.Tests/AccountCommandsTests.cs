using System.Text.Json;

namespace SoraFunctions.Local.Tests;

/// <summary><c>./sora admin create</c>, <c>invite</c>, <c>key create|list|revoke</c> and <c>whoami</c> as a person runs them.</summary>
public sealed class AccountCommandsTests : DataFolderTest
{
    [Fact]
    public async Task An_admin_is_made_with_a_password_from_standard_input_and_gets_a_first_key()
    {
        var (exit, output, _) = await RunSoraAsync("correct horse battery", "admin", "create", "--username", "Root_Admin", "--birthdate", "1980-02-03");
        var (refusedExit, _, refused) = await RunSoraAsync("short", "admin", "create", "--username", "second", "--birthdate", "1980-02-03");
        var (whoExit, who, _) = await RunSoraAsync(null, "whoami", "--member", "root_admin");

        Assert.Equal(0, exit);
        Assert.Matches("api key \\(shown once\\): sora_sk_[A-Za-z0-9_-]{43}", output);
        Assert.Equal((2, "ACCOUNT.PASSWORD_WEAK"), (refusedExit, refused.Split(':')[1].Trim()));
        Assert.Equal(0, whoExit);
        var member = JsonDocument.Parse(who).RootElement;
        Assert.Equal(("root_admin", "admin", "1980-02-03"), (member.GetProperty("username").GetString(), member.GetProperty("role").GetString(), member.GetProperty("birthdate").GetString()));
    }

    [Fact]
    public async Task Keys_are_made_listed_and_revoked_and_an_unknown_key_is_refused_with_its_code()
    {
        var (_, created, _) = await RunSoraAsync(null, "key", "create", "ci runner");
        var id = created.Split(' ')[0];
        var (_, listed, _) = await RunSoraAsync(null, "key", "list");
        var (revokedExit, _, _) = await RunSoraAsync(null, "key", "revoke", id);
        var (_, after, _) = await RunSoraAsync(null, "key", "list");
        var (unknownExit, _, unknown) = await RunSoraAsync(null, "key", "revoke", "key_nope");

        Assert.StartsWith("key_", id);
        Assert.StartsWith("sora_sk_", created.Split('\n')[1]);
        Assert.Contains("ci runner", listed);
        Assert.Contains("never used", listed);
        Assert.DoesNotContain(created.Split('\n')[1].Trim(), listed);
        Assert.Equal(0, revokedExit);
        Assert.Contains("revoked", after);
        Assert.Equal((2, true), (unknownExit, unknown.Contains("KEY.NOT_FOUND", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_machines_member_prints_its_invites_and_mints_more()
    {
        var (_, invites, _) = await RunSoraAsync(null, "invite");
        var (_, minted, _) = await RunSoraAsync(null, "invite", "--count", "2");
        var (_, whoami, _) = await RunSoraAsync(null, "whoami");

        Assert.Equal(4, Codes(invites).Length);
        Assert.Equal(2, Codes(minted).Length);
        Assert.All(Codes(invites).Concat(Codes(minted)), code => Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{6}$", code));
        Assert.Equal("local", JsonDocument.Parse(whoami).RootElement.GetProperty("username").GetString());
    }

    private static string[] Codes(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
