using SoraFunctions.Core.Ports;

namespace SoraFunctions.Api;

/// <summary>Uploads received into files of their own in the temp folder, which their callers delete once done.</summary>
internal static class Uploads
{
    public static string PathFor(string kind, string extension = "") => Path.Combine(Path.GetTempPath(), $"sora-{kind}-{Guid.NewGuid():N}{extension}");

    /// <summary>Writes what <paramref name="copy"/> copies into <paramref name="path"/>; a full or failing disk is a storage fault naming <paramref name="what"/>.</summary>
    public static Task ReceiveAsync(string path, string what, Func<Stream, Task> copy) =>
        FileStorage.RunAsync(what, async () =>
        {
            await using var file = File.Create(path);
            await copy(file);
        });
}
