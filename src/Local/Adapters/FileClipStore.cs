using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Ports;

namespace SoraFunctions.Local.Adapters;

/// <summary>Published clips as files under the data folder; a name is written once, atomically.</summary>
public sealed class FileClipStore(DataFolder data) : IClipStore
{
    public Task PutFileAsync(string name, string localPath, CancellationToken cancellation = default) =>
        FileStorage.RunAsync($"Storing {name}", async () =>
        {
            var target = Resolve(name);
            if (!File.Exists(target))
            {
                await WriteOnceAsync(target, localPath, cancellation);
            }

            // A writer killed between writing its copy and moving it into place left the copy behind.
            foreach (var stale in Directory.EnumerateFiles(Path.GetDirectoryName(target)!, $"{Path.GetFileName(target)}.*.tmp"))
            {
                File.Delete(stale);
            }
        });

    /// <summary>Writes a copy aside, flushed to disk, then moves it into place unless another writer got there first.</summary>
    private static async Task WriteOnceAsync(string target, string localPath, CancellationToken cancellation)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var source = File.OpenRead(localPath))
            await using (var copy = File.Create(temporary))
            {
                await source.CopyToAsync(copy, cancellation);
                copy.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // another writer stored it first
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellation = default)
    {
        var path = Resolve(name);
        return Task.FromResult(FileStorage.Run($"Reading {name}", () => File.Exists(path) ? (Stream?)File.OpenRead(path) : null));
    }

    public Task<long?> GetLengthAsync(string name, CancellationToken cancellation = default)
    {
        var file = new FileInfo(Resolve(name));
        return Task.FromResult(file.Exists ? file.Length : (long?)null);
    }

    /// <summary>Files have no links of their own: the API streams them.</summary>
    public Task<Uri?> GetDownloadLinkAsync(string name, TimeSpan lifetime, CancellationToken cancellation = default) =>
        Task.FromResult<Uri?>(null);

    public Task DeleteFolderAsync(string folder, CancellationToken cancellation = default) =>
        FileStorage.RunAsync($"Deleting {folder}", () =>
        {
            var path = Resolve(folder);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }

            return Task.CompletedTask;
        });

    /// <summary>The file behind a name; names may not climb out of the clip folder.</summary>
    public string Resolve(string name)
    {
        var path = Path.GetFullPath(Path.Combine(data.Clips, name));
        if (!path.StartsWith(data.Clips + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a clip name.", nameof(name));
        }

        return path;
    }
}
