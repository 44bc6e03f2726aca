using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoraFunctions.EngineHost;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Embedded;

// Usage: EngineHost <database> <work folder> <instance id> [--schedule]
// Runs the embedded engine until the ledger instance finishes (scheduling it first when asked),
// then exits 0 if it completed.
var (database, workFolder, instanceId) = (args[0], args[1], args[2]);
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Services.Configure<EmbeddedEngineOptions>(options => options.DatabasePath = database);
builder.Services.AddSingleton(new Ledger(workFolder));
builder.Services.AddOrchestrations(registry => registry
    .AddOrchestrator<LedgerOrchestration>()
    .AddActivity<ApplyLedgerEntryActivity>());
builder.Services.AddEmbeddedOrchestrationEngine();

using var host = builder.Build();
await host.StartAsync();
var client = host.Services.GetRequiredService<OrchestrationClient>();
if (args.Contains("--schedule"))
{
    await client.ScheduleNewOrchestrationInstanceAsync(
        nameof(LedgerOrchestration), "entry-1", new StartOrchestrationOptions(instanceId));
}

var finished = await client.WaitForInstanceCompletionAsync(instanceId);
await host.StopAsync();
return finished.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 0 : 1;
