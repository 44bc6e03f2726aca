using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;

namespace SoraFunctions.Tests.Shared;

/// <summary>
/// What every member store promises (the embedded SQLite store and the Cosmos DB adapter run the same tests): a
/// username and an invite are taken once however many try at once, joining queues its events, credentials are found
/// by their hash and revoked for good.
/// </summary>
public abstract class MemberStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An empty store, and the outbox its saves fill.</summary>
    protected abstract Task<(IMemberStore Members, IOutbox Outbox)> OpenAsync();

    [Fact]
    public async Task A_member_joins_with_an_invite_once_and_reads_back_whole_by_id_and_by_username()
    {
        var (members, outbox) = await OpenAsync();
        var inviter = Member.Local(Start);
        var invites = Invite.Mint(inviter.Id, 2, Start);
        Assert.Equal(JoinOutcome.Joined, await members.TryJoinAsync(inviter, null, invites, []));
        var ann = NewMember("ann", inviter.Id);
        ann.SetPasswordHash("hash-of-ann");

        var joined = await members.TryJoinAsync(ann, invites[0].Code, Invite.Mint(ann.Id, Invite.PerMember, Start), [MemberEvents.Joined(ann, Start)]);
        var again = await members.TryJoinAsync(NewMember("bob", inviter.Id), invites[0].Code, [], []);
        var sameName = await members.TryJoinAsync(NewMember("ann", inviter.Id), invites[1].Code, [], []);
        var noSuchInvite = await members.TryJoinAsync(NewMember("cid", inviter.Id), "NOPE-NOPENO", [], []);

        Assert.Equal((JoinOutcome.Joined, JoinOutcome.InviteUsed, JoinOutcome.UsernameTaken, JoinOutcome.InviteInvalid), (joined, again, sameName, noSuchInvite));
        var read = (await members.GetAsync(ann.Id))!;
        Assert.Equal((ann.Username, ann.Birthdate, ann.InviterId, "hash-of-ann", MemberState.Active), (read.Username, read.Birthdate, read.InviterId, read.PasswordHash, read.State));
        Assert.NotNull(read.Version);
        Assert.Equal(ann.Id, (await members.FindByUsernameAsync("ANN"))!.Id);
        Assert.Null(await members.FindByUsernameAsync("bob"));
        Assert.Null(await members.GetAsync("member_missing"));
        Assert.Equal(ann.Id, (await members.FindInviteAsync(invites[0].Code))!.RedeemedBy);
        Assert.Equal(Invite.PerMember, (await members.ListInvitesAsync(ann.Id)).Count);
        var inviterInvites = await members.ListInvitesAsync(inviter.Id);
        Assert.Equal([invites[1].Code, invites[0].Code], inviterInvites.Select(i => i.Code)); // unused first
        Assert.Contains(await outbox.PendingAsync(10), pending => pending.Event.Subject == ann.Id);
    }

    [Fact]
    public async Task Active_members_are_found_by_the_beginnings_of_their_username_s_parts_and_display_name_s_words_by_username()
    {
        var (members, _) = await OpenAsync();
        var inviter = Member.Local(Start);
        await members.TryJoinAsync(inviter, null, [], []);
        async Task<Member> JoinAsync(string username, string displayName)
        {
            var member = NewMember(username, inviter.Id);
            await members.TryJoinAsync(member, null, [], []);
            var read = (await members.GetAsync(member.Id))!;
            read.UpdateProfile(displayName, null);
            await members.SaveAsync(read, []);
            return read;
        }

        await JoinAsync("mia_chen", "Mia Chen");
        await JoinAsync("leo.martin", "Léo Martin");
        await JoinAsync("miles", "Jazz Hands");
        var suspended = await JoinAsync("mia.gone", "Mia Gone");
        suspended.Suspend();
        await members.SaveAsync(suspended, []);

        async Task<string[]> FindAsync(string text, int limit = 10) =>
            [.. (await members.SearchAsync(MemberQuery.Parse(text), limit)).Select(member => member.Username)];

        Assert.Equal(["mia_chen", "miles"], await FindAsync("mi"));
        Assert.Equal(["mia_chen"], await FindAsync("mia"));
        Assert.Equal(["mia_chen"], await FindAsync("chen"));
        Assert.Equal(["mia_chen"], await FindAsync("mia ch"));
        Assert.Equal(["leo.martin"], await FindAsync("LEO"));
        Assert.Equal(["leo.martin"], await FindAsync("@leo.mar"));
        Assert.Equal(["miles"], await FindAsync("jazz"));
        Assert.Equal(["mia_chen"], await FindAsync("mi", 1));
        Assert.Empty(await FindAsync("gone"));
        Assert.Empty(await FindAsync("zed"));
    }

    [Fact]
    public async Task Of_many_joining_at_once_one_takes_a_username_and_one_redeems_an_invite()
    {
        var (members, _) = await OpenAsync();
        var inviter = Member.Local(Start);
        var invites = Invite.Mint(inviter.Id, 10, Start);
        await members.TryJoinAsync(inviter, null, invites, []);

        var sameName = await Task.WhenAll(invites.Select(invite => Task.Run(() => members.TryJoinAsync(NewMember("zoe", inviter.Id), invite.Code, [], []))));
        var spare = (await members.ListInvitesAsync(inviter.Id)).First(i => i.RedeemedBy is null);
        var sameInvite = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => members.TryJoinAsync(NewMember($"racer{i}", inviter.Id), spare.Code, [], []))));

        Assert.Equal(1, sameName.Count(outcome => outcome == JoinOutcome.Joined));
        Assert.All(sameName.Where(outcome => outcome != JoinOutcome.Joined), outcome => Assert.Equal(JoinOutcome.UsernameTaken, outcome));
        Assert.Equal(1, sameInvite.Count(outcome => outcome == JoinOutcome.Joined));
        Assert.All(sameInvite.Where(outcome => outcome != JoinOutcome.Joined), outcome => Assert.Equal(JoinOutcome.InviteUsed, outcome));
        Assert.Equal(8, (await members.ListInvitesAsync(inviter.Id)).Count(i => i.RedeemedBy is null));
    }

    [Fact]
    public async Task A_save_from_a_stale_read_is_refused()
    {
        var (members, _) = await OpenAsync();
        var local = Member.Local(Start);
        await members.TryJoinAsync(local, null, [], []);
        var first = (await members.GetAsync(local.Id))!;
        var second = (await members.GetAsync(local.Id))!;

        first.UpdateProfile("First", null);
        await members.SaveAsync(first, []);
        second.UpdateProfile("Second", null);

        await Assert.ThrowsAsync<VersionConflictException>(() => members.SaveAsync(second, []));
        Assert.Equal("First", (await members.GetAsync(local.Id))!.DisplayName);
    }

    [Fact]
    public async Task Credentials_are_found_by_hash_with_their_member_listed_by_kind_and_revoked_only_by_their_member()
    {
        var (members, _) = await OpenAsync();
        var local = Member.Local(Start);
        await members.TryJoinAsync(local, null, [], []);
        var (older, olderToken) = Credential.Issue(local.Id, CredentialKind.ApiKey, "ci", Start);
        var (newer, _) = Credential.Issue(local.Id, CredentialKind.ApiKey, "laptop", Start.AddMinutes(1));
        var (session, _) = Credential.Issue(local.Id, CredentialKind.Session, "browser", Start, TimeSpan.FromDays(1));
        foreach (var credential in new[] { older, newer, session })
        {
            await members.AddCredentialAsync(credential);
        }

        var found = (await members.AuthenticateAsync(Credential.HashOf(olderToken)))!;
        Assert.Equal((older.Id, local.Id, "ci"), (found.Credential.Id, found.Member.Id, found.Credential.Name));
        Assert.Null(await members.AuthenticateAsync(Credential.HashOf("sora_sk_not-a-key")));
        Assert.Equal([newer.Id, older.Id], (await members.ListCredentialsAsync(local.Id, CredentialKind.ApiKey)).Select(c => c.Id));
        Assert.Equal(session.AntiForgery, Assert.Single(await members.ListCredentialsAsync(local.Id, CredentialKind.Session)).AntiForgery);

        await members.RecordUseAsync(older, Start.AddHours(1));
        Assert.False(await members.RevokeCredentialAsync("member_other", older.Id, Start.AddHours(2)));
        Assert.True(await members.RevokeCredentialAsync(local.Id, older.Id, Start.AddHours(2)));
        Assert.True(await members.RevokeCredentialAsync(local.Id, older.Id, Start.AddHours(3)));

        var revoked = (await members.AuthenticateAsync(older.Hash))!.Credential;
        Assert.Equal((Start.AddHours(1), Start.AddHours(2)), (revoked.LastUsedAt, revoked.RevokedAt));
        Assert.False(revoked.IsUsableAt(Start.AddHours(2)));
        Assert.True((await members.AuthenticateAsync(newer.Hash))!.Credential.IsUsableAt(Start.AddHours(2)));
    }

    [Fact]
    public async Task Credentials_added_at_once_under_a_limit_stop_at_it_and_revoked_ones_free_room()
    {
        var (members, _) = await OpenAsync();
        var local = Member.Local(Start);
        await members.TryJoinAsync(local, null, [], []);
        var (session, _) = Credential.Issue(local.Id, CredentialKind.Session, "browser", Start);
        await members.AddCredentialAsync(session); // another kind: not counted

        var added = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            members.AddCredentialAsync(Credential.Issue(local.Id, CredentialKind.ApiKey, $"key {i}", Start).Credential, limit: 5)));
        var keys = await members.ListCredentialsAsync(local.Id, CredentialKind.ApiKey);
        await members.RevokeCredentialAsync(local.Id, keys[0].Id, Start.AddMinutes(1));

        Assert.Equal(5, added.Count(ok => ok));
        Assert.Equal(5, keys.Count);
        Assert.True(await members.AddCredentialAsync(Credential.Issue(local.Id, CredentialKind.ApiKey, "after", Start.AddMinutes(2)).Credential, limit: 5));
        Assert.False(await members.AddCredentialAsync(Credential.Issue(local.Id, CredentialKind.ApiKey, "one more", Start.AddMinutes(3)).Credential, limit: 5));
    }

    private static Member NewMember(string username, string inviter) =>
        Member.Join(Member.NewId(), username, new DateOnly(2000, 5, 17), MemberRole.Member, inviter, Start);
}
