using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoraFunctions.Functions;
using SoraFunctions.Orchestrations;

// The Azure host: every port on its Azure adapter (configured by the app settings infra/bicep writes, identity-based),
// the pipeline on Durable Functions, the outbox relayed to Event Grid from this process.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Payloads (inputs, outputs, events) in the one JSON shape the embedded engine uses too.
builder.Services.Configure<WorkerOptions>(worker => worker.Serializer = new JsonObjectSerializer(PayloadSerializer.Options));
builder.Services.AddSoraFunctions();

builder.Build().Run();
