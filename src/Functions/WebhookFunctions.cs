using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using SoraFunctions.Core.Social;
using SoraFunctions.Azure.Durable;
using SoraFunctions.Orchestrations.Webhooks;
using static SoraFunctions.Functions.PipelineFunctions;

namespace SoraFunctions.Functions;

/// <summary>Webhook deliveries on Durable Functions: the orchestrator and its activity as functions of the same names.</summary>
public sealed class WebhookFunctions(ILoggerFactory loggers)
{
    [Function(nameof(DeliverWebhookOrchestration))]
    public Task<DeliveryStatus> DeliverWebhook([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new DeliverWebhookOrchestration().RunAsync(new DurableOrchestrationContext(context, loggers), context.GetInput<DeliverWebhookInput>()!);

    [Function(nameof(SendWebhookActivity))]
    public Task<DeliveryStatus> SendWebhook([ActivityTrigger] SendWebhookInput input, FunctionContext function) =>
        RunAsync<SendWebhookActivity, SendWebhookInput, DeliveryStatus>(input, function);
}
