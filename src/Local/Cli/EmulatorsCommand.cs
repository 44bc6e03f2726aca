using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SoraFunctions.Local.Cli;

/// <summary>
/// <c>./sora emulators</c>: the Azure services the cloud profile runs on, emulated on this machine — Azurite (Blob,
/// Queue and Table Storage, kept in the data folder) and cosmosdb-server (Cosmos DB, in memory: its records last as
/// long as it runs) — and the data folder's settings pointing the cloud profile at them. It runs until stopped; then
/// <c>./sora serve --data DIR --port P</c> in each other terminal is one more instance of the same service.
/// </summary>
public static class EmulatorsCommand
{
    public const int BlobPort = 10000;
    public const int QueuePort = 10001;
    public const int TablePort = 10002;
    public const int CosmosPort = 8081;

    /// <summary>Azurite's well-known development account, which the Storage SDKs (and Durable Task's backend) know by this name.</summary>
    public const string Storage = "UseDevelopmentStorage=true";

    /// <summary>The emulator checks no signature; the SDK only needs a well-formed key.</summary>
    private const string CosmosKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    public static Command Create(Func<ParseResult, string> dataPath)
    {
        var command = new Command("emulators", "Run the Azure services' emulators and point the data folder's cloud profile at them, until stopped.");
        command.SetAction((parse, cancellation) => RunAsync(dataPath(parse), cancellation));
        return command;
    }

    /// <summary>The cloud profile's settings (the <c>Sora</c> section) for a Storage account and a Cosmos DB emulator.</summary>
    public static JsonObject Settings(string storage, Uri cosmos) => new()
    {
        ["Profile"] = "cloud",
        ["Metadata"] = new JsonObject { ["Endpoint"] = cosmos.ToString(), ["Key"] = CosmosKey, ["CreateIfMissing"] = true },
        ["ClipStore"] = new JsonObject { ["ConnectionString"] = storage },
        ["Durable"] = new JsonObject { ["ConnectionString"] = storage },
        ["EventQueue"] = new JsonObject { ["ConnectionString"] = storage },
    };

    private static async Task<int> RunAsync(string dataPath, CancellationToken cancellation)
    {
        // Set by ./sora, which installs them first.
        var emulators = Environment.GetEnvironmentVariable("SORA_EMULATORS") is { Length: > 0 } folder && Directory.Exists(folder)
            ? folder
            : throw new InvalidOperationException("Run this as ./sora emulators, which installs the emulators first.");
        // A port another process holds would answer for emulators that never started (and serve another folder's data).
        foreach (var port in new[] { BlobPort, QueuePort, TablePort, CosmosPort })
        {
            try
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"Port {port} is in use (emulators running already, for this or another data folder?): stop what holds it first.");
            }
        }

        var storage = Directory.CreateDirectory(Path.Combine(dataPath, "emulators", "azurite")).FullName;
        var processes = new List<Process>();
        try
        {
            processes.Add(Start(Path.Combine(emulators, "node_modules", ".bin", "azurite"),
            [
                "--blobHost", "127.0.0.1", "--blobPort", $"{BlobPort}", "--queueHost", "127.0.0.1", "--queuePort", $"{QueuePort}",
                "--tableHost", "127.0.0.1", "--tablePort", $"{TablePort}", "--location", storage, "--skipApiVersionCheck", "--silent",
            ]));
            processes.Add(Start("node", [Path.Combine(emulators, "cosmos.js"), $"{CosmosPort}"]));
            foreach (var port in new[] { BlobPort, QueuePort, TablePort, CosmosPort })
            {
                await WaitForAsync(port, processes, cancellation);
            }

            var settingsFile = Path.Combine(dataPath, LocalHost.SettingsFile);
            var settings = File.Exists(settingsFile) ? JsonNode.Parse(await File.ReadAllTextAsync(settingsFile, cancellation))!.AsObject() : [];
            var sora = settings["Sora"] as JsonObject ?? [];
            foreach (var (name, value) in Settings(Storage, new Uri($"http://127.0.0.1:{CosmosPort}/")))
            {
                sora[name] = value?.DeepClone();
            }

            settings["Sora"] = sora;
            await File.WriteAllTextAsync(settingsFile, settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), cancellation);
            Console.WriteLine($"Azurite on 127.0.0.1:{BlobPort}-{TablePort} (kept in {storage}), Cosmos DB on 127.0.0.1:{CosmosPort} (in memory)");
            Console.WriteLine($"the cloud profile's settings are in {Path.GetFullPath(settingsFile)}; in other terminals:");
            Console.WriteLine($"  ./sora serve --data {dataPath} --port 7071   (and --port 7072, 7073: instances of one service)");
            await Task.Delay(Timeout.Infinite, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Stopped (Ctrl-C).
        }
        finally
        {
            foreach (var process in processes.Where(process => !process.HasExited))
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        return 0;
    }

    private static Process Start(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"{program} could not be started.");
    }

    /// <summary>Waits until the port accepts connections; an emulator that exits first (its port taken) fails the command with what it said.</summary>
    private static async Task WaitForAsync(int port, List<Process> processes, CancellationToken cancellation)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100, cancellation))
        {
            if (processes.FirstOrDefault(process => process.HasExited) is { } exited)
            {
                throw new InvalidOperationException($"{exited.StartInfo.FileName} stopped: {(await exited.StandardError.ReadToEndAsync(cancellation)).Trim()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellation);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }
}
