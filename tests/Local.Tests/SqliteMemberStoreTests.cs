using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Local.Tests;

public sealed class SqliteMemberStoreTests : MemberStoreContract, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sora-members-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    protected override Task<(IMemberStore Members, IOutbox Outbox)> OpenAsync()
    {
        var data = new DataFolder(folder);
        return Task.FromResult<(IMemberStore, IOutbox)>((new SqliteMemberStore(data), new SqliteVideoStore(data)));
    }
}
