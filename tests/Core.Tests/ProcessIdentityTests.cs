using System.Diagnostics;
using SoraFunctions.Core.Hosting;

namespace SoraFunctions.Core.Tests;

public sealed class ProcessIdentityTests
{
    private static string Shifted(string identity, TimeSpan by)
    {
        var parts = identity.Split('/');
        return $"{parts[0]}/{parts[1]}/{long.Parse(parts[2]) + by.Ticks}";
    }

    [Fact]
    public void A_running_process_is_found_even_when_its_start_time_was_computed_a_little_differently()
    {
        Assert.False(ProcessIdentity.IsGoneFromThisHost(ProcessIdentity.OfThisProcess));
        Assert.False(ProcessIdentity.IsGoneFromThisHost(Shifted(ProcessIdentity.OfThisProcess, TimeSpan.FromMilliseconds(3))));
        using var found = ProcessIdentity.FindRunning(ProcessIdentity.OfThisProcess);
        Assert.Equal(Environment.ProcessId, found?.Id);
    }

    [Fact]
    public void A_recycled_pid_or_an_exited_process_is_gone_and_other_hosts_are_never_judged()
    {
        Assert.True(ProcessIdentity.IsGoneFromThisHost(Shifted(ProcessIdentity.OfThisProcess, TimeSpan.FromMinutes(-5))));

        using var child = Process.Start("sleep", "0.2")!;
        var identity = ProcessIdentity.Describe(child);
        child.WaitForExit();
        Assert.True(ProcessIdentity.IsGoneFromThisHost(identity));

        Assert.False(ProcessIdentity.IsGoneFromThisHost("another-host/1/1"));
        Assert.Null(ProcessIdentity.FindRunning("another-host/1/1"));
    }

    [Fact]
    public async Task A_process_that_died_and_waits_to_be_reaped_is_gone()
    {
        // The shell starts a short sleep and becomes a long one that never reaps it: the short one stays a zombie. (Two
        // seconds: long enough to be looked at alive while a loaded machine starts the test's processes.)
        using var parent = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 2 & echo $!; exec sleep 30"]) { RedirectStandardOutput = true })!;
        using var child = Process.GetProcessById(int.Parse(await parent.StandardOutput.ReadLineAsync() ?? ""));
        var identity = ProcessIdentity.Describe(child);
        Assert.False(ProcessIdentity.IsGoneFromThisHost(identity));

        // On a loaded machine the short sleep may take a while to end: look until it has, or long past its two seconds.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!ProcessIdentity.IsGoneFromThisHost(identity) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(ProcessIdentity.IsGoneFromThisHost(identity));
        parent.Kill();
    }
}
