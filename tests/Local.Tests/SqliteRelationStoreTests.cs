using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Local.Tests;

public sealed class SqliteRelationStoreTests : RelationStoreContract, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sora-relations-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    protected override Task<(IRelationStore Relations, IOutbox Outbox)> OpenAsync()
    {
        var data = new DataFolder(folder);
        return Task.FromResult<(IRelationStore, IOutbox)>((new SqliteRelationStore(data), new SqliteVideoStore(data)));
    }
}
