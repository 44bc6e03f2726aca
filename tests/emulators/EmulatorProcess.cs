using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SoraFunctions.Emulators;

/// <summary>
/// An emulator process on 127.0.0.1 and a free port, started from the repository's emulators/ folder (npm ci there
/// installs them; ./run-tests does), in memory; disposing it stops it.
/// </summary>
public abstract class EmulatorProcess : IAsyncDisposable
{
    private readonly Process process;

    protected EmulatorProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Starts <paramref name="program"/> (a path under this folder) and waits until its port, and the <paramref name="others"/>
    /// it was given, accept connections.
    /// </summary>
    protected static async Task<(Process Process, int Port)> StartAsync(string program, Func<string, IEnumerable<string>> arguments, params int[] others)
    {
        var executable = Path.Combine(Folder(), program);
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{program} is not installed: run 'npm ci' in {Folder()} (./run-tests does).");
        }

        var port = FreePort();
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder() };
        foreach (var argument in arguments(port.ToString(CultureInfo.InvariantCulture)))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} could not be started.");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var listening in (int[])[port, .. others])
        {
            while (true)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, listening);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
                {
                    await Task.Delay(100);
                }
            }
        }

        return (process, port);
    }

    /// <summary>This folder, found from the running assembly up to the repository root.</summary>
    private static string Folder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "emulators");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("emulators/ was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A port on 127.0.0.1 that nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
