// The topic's subscription to the Functions app's Events webhook (CloudEvents 1.0, batched; the function answers the
// validation handshake and anything but 2xx makes Event Grid deliver again). Each delivery carries the function's key
// in its URL and either the webhook's shared secret as a secret static header or, with an Entra tenant, an access
// token Event Grid obtains for the webhook's app. Event Grid validates the endpoint when
// the subscription is made, so this is deployed once the app's code is (main.bicep's appCodeDeployed).
param topicName string

@description('The Events function\'s URL with its key for Event Grid (modules/functionkey.bicep creates the key).')
@secure()
param endpointUrl string

@description('The shared secret the webhook checks on every delivery (the app setting Sora__Events__WebhookSecret).')
@secure()
param webhookSecret string

@description('The tenant of the webhook\'s Entra app registration (empty: deliveries carry the shared secret instead).')
param entraTenantId string = ''

@description('The webhook app\'s client id or application ID URI, which Event Grid asks tokens for.')
param entraAudience string = ''

var useEntra = !empty(entraTenantId)

resource topic 'Microsoft.EventGrid/topics@2025-02-15' existing = {
  name: topicName
}

resource fanOut 'Microsoft.EventGrid/topics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'fan-out'
  properties: {
    eventDeliverySchema: 'CloudEventSchemaV1_0'
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: endpointUrl
        maxEventsPerBatch: 10
        preferredBatchSizeInKilobytes: 64
        azureActiveDirectoryTenantId: useEntra ? entraTenantId : null
        azureActiveDirectoryApplicationIdOrUri: useEntra ? entraAudience : null
        deliveryAttributeMappings: useEntra ? [] : [
          { name: 'Authorization', type: 'Static', properties: { value: 'Bearer ${webhookSecret}', isSecret: true } }
        ]
      }
    }
    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 }
  }
}
