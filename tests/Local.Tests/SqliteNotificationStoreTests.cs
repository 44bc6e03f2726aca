using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Social;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Local.Tests;

public sealed class SqliteNotificationStoreTests : NotificationStoreContract, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sora-notifications-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    protected override Task<INotificationStore> OpenAsync() => Task.FromResult<INotificationStore>(new SqliteNotificationStore(new DataFolder(folder)));
}
