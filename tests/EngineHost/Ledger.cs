using SoraFunctions.Orchestrations;

namespace SoraFunctions.EngineHost;

/// <summary>
/// A side effect that must happen once: entries are applied only if their idempotency key is not yet in the ledger.
/// Every attempt is logged, and the first attempt hangs after applying so a test can kill the process mid-activity.
/// </summary>
public sealed class Ledger(string folder)
{
    public string EntriesPath { get; } = Path.Combine(folder, "ledger.txt");

    public string AttemptsPath { get; } = Path.Combine(folder, "attempts.txt");

    public async Task ApplyAsync(string idempotencyKey, CancellationToken cancellation)
    {
        File.AppendAllLines(AttemptsPath, [idempotencyKey]);
        var applied = File.Exists(EntriesPath) && File.ReadAllLines(EntriesPath).Contains(idempotencyKey);
        if (!applied)
        {
            File.AppendAllLines(EntriesPath, [idempotencyKey]);
        }

        if (File.ReadAllLines(AttemptsPath).Length == 1)
        {
            await Task.Delay(Timeout.Infinite, cancellation);
        }
    }
}

public sealed class LedgerOrchestration : Orchestrator<string, string>
{
    public override async Task<string> RunAsync(OrchestrationContext context, string input)
    {
        await context.CallActivityAsync(nameof(ApplyLedgerEntryActivity), input);
        return "applied";
    }
}

public sealed class ApplyLedgerEntryActivity(Ledger ledger) : Activity<string, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, string input)
    {
        await ledger.ApplyAsync(input, context.CancellationToken);
        return true;
    }
}
