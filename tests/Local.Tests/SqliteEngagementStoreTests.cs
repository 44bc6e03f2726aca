using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Social;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Local.Tests;

public sealed class SqliteEngagementStoreTests : EngagementStoreContract, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sora-engagement-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    protected override Task<(IEngagementStore Engagement, IOutbox Outbox)> OpenAsync()
    {
        var data = new DataFolder(folder);
        return Task.FromResult<(IEngagementStore, IOutbox)>((new SqliteEngagementStore(data), new SqliteVideoStore(data)));
    }
}
