using SoraFunctions.Core.Capacity;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Local.Tests;

public sealed class SqliteGenerationQueueTests : GenerationQueueContract, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sora-queue-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    protected override Task<IGenerationQueueStore> OpenAsync() => Task.FromResult<IGenerationQueueStore>(new SqliteGenerationQueueStore(new DataFolder(folder)));
}
