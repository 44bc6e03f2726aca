// The topic's subscription to the Functions app's FanOutEvent trigger. Event Grid checks that the function exists, so
// this is deployed once the app's code is (main.bicep's appCodeDeployed).
param topicName string
param functionAppId string

resource topic 'Microsoft.EventGrid/topics@2025-02-15' existing = {
  name: topicName
}

resource fanOut 'Microsoft.EventGrid/topics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'fan-out'
  properties: {
    eventDeliverySchema: 'CloudEventSchemaV1_0'
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionAppId}/functions/FanOutEvent'
        maxEventsPerBatch: 1
      }
    }
    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 }
  }
}
