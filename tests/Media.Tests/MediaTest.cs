namespace SoraFunctions.Media.Tests;

/// <summary>A fresh temporary folder per test for the media it makes, removed afterwards.</summary>
public abstract class MediaTest : IDisposable
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory("sora-media-").FullName;

    protected string InFolder(string name) => Path.Combine(Folder, name);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
