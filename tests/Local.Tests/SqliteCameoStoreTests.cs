using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Local.Tests;

public sealed class SqliteCameoStoreTests : CameoStoreContract, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sora-cameos-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    protected override Task<(ICameoStore Cameos, IOutbox Outbox, IMemberStore Members)> OpenAsync()
    {
        var data = new DataFolder(folder);
        return Task.FromResult<(ICameoStore, IOutbox, IMemberStore)>((new SqliteCameoStore(data), new SqliteVideoStore(data), new SqliteMemberStore(data)));
    }
}
