using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Local.Tests;

public sealed class SqliteCameoStoreTests : CameoStoreContract, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sora-cameos-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    protected override Task<(ICameoStore Cameos, IOutbox Outbox)> OpenAsync()
    {
        var data = new DataFolder(folder);
        return Task.FromResult<(ICameoStore, IOutbox)>((new SqliteCameoStore(data), new SqliteVideoStore(data)));
    }
}
