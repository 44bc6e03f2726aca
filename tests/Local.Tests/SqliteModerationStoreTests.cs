using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Social;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Local.Tests;

public sealed class SqliteModerationStoreTests : ModerationStoreContract, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sora-moderation-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    protected override Task<IModerationStore> OpenAsync() => Task.FromResult<IModerationStore>(new SqliteModerationStore(new DataFolder(folder)));
}
