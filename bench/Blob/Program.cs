using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using SoraFunctions.Azure.Storage;
using SoraFunctions.Emulators;

// The Blob clip store against Azurite on this machine: a 50 MB file uploaded, then downloaded, three times each
// (a new name per run, as the pipeline stores each clip once). Prints the medians as upload_s and download_s.
const int Runs = 3;
const int Bytes = 50 * 1024 * 1024;
await using var azurite = await Azurite.StartBlobAsync();
var store = new BlobClipStore(new BlobContainerClient(azurite.ConnectionString, "clips"));
var file = Path.GetTempFileName();
try
{
    await File.WriteAllBytesAsync(file, RandomNumberGenerator.GetBytes(Bytes));
    var (uploads, downloads) = (new List<double>(), new List<double>());
    for (var run = 0; run < Runs; run++)
    {
        var name = $"bench/{run}/master.mp4";
        var clock = Stopwatch.StartNew();
        await store.PutFileAsync(name, file);
        uploads.Add(clock.Elapsed.TotalSeconds);

        clock.Restart();
        await using (var stream = await store.OpenReadAsync(name))
        {
            await stream!.CopyToAsync(Stream.Null);
        }

        downloads.Add(clock.Elapsed.TotalSeconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: upload {uploads[^1]:0.00} s, download {downloads[^1]:0.00} s"));
    }

    double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"upload_s={Median(uploads):0.00} download_s={Median(downloads):0.00}"));
}
finally
{
    File.Delete(file);
}
