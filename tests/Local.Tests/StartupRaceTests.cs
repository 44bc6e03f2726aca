namespace SoraFunctions.Local.Tests;

/// <summary>Commands started together on a data folder no one has used yet: each store's schema is made once, and all succeed.</summary>
public sealed class StartupRaceTests : DataFolderTest
{
    // Between them they open every store: the metadata database, the engine's (resume), the local member's first use.
    private static readonly string[][] Commands = [["list"], ["whoami"], ["key", "list"], ["resume"], ["invite"], ["list"], ["whoami"], ["resume"]];

    [Fact]
    public async Task Eight_commands_started_together_on_a_new_folder_all_succeed_twenty_times_over()
    {
        var failures = new List<string>();
        for (var round = 0; round < 20; round++)
        {
            var data = Path.Combine(Data, $"round-{round}");
            var processes = Commands.Select(command => StartSoraProcessIn(data, redirectOutput: true, new Dictionary<string, string>(), command)).ToList();
            foreach (var (process, command) in processes.Zip(Commands))
            {
                process.StandardInput.Close();
                var error = process.StandardError.ReadToEndAsync();
                _ = process.StandardOutput.ReadToEndAsync();
                await process.WaitForExitAsync();
                if (process.ExitCode != 0)
                {
                    failures.Add($"round {round}, {string.Join(' ', command)}: exit {process.ExitCode}: {await error}");
                }

                Assert.DoesNotContain("   at ", await error, StringComparison.Ordinal); // no stack trace reaches a person
                process.Dispose();
            }
        }

        Assert.Empty(failures);
    }
}
