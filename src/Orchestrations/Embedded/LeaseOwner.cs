using SoraFunctions.Core.Hosting;

namespace SoraFunctions.Orchestrations.Embedded;

/// <summary>
/// Who holds a lease: the process identity (host, pid, start time) plus a per-engine suffix. A restarted engine on the
/// same host can tell that an owner's process is gone and take its work at once instead of waiting for expiry.
/// </summary>
internal static class LeaseOwner
{
    public static string ForThisProcess() => $"{ProcessIdentity.OfThisProcess}/{Guid.NewGuid():N}";

    public static bool IsGoneFromThisHost(string owner) => ProcessIdentity.IsGoneFromThisHost(owner);
}
