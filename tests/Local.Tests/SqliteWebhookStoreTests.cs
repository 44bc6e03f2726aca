using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Social;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Local.Tests;

public sealed class SqliteWebhookStoreTests : WebhookStoreContract, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sora-webhooks-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    protected override Task<IWebhookStore> OpenAsync() => Task.FromResult<IWebhookStore>(new SqliteWebhookStore(new DataFolder(folder)));
}
