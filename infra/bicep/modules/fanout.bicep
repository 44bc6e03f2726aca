// The topic's subscription that fans the service's events out: Event Grid delivers each (CloudEvents 1.0) to the
// events queue in the Storage account, as the identity (its queue data role), and the Functions app's Events trigger
// drains the queue, each message on one instance; one that keeps failing goes to sora-events-poison. A Storage queue
// because it is one of Event Grid's handlers and Azurite serves it too: the local cloud profile drains the same
// queue, filled by its outbox relay.
param topicName string
param identityId string
param storageAccountId string
param queueName string

resource topic 'Microsoft.EventGrid/topics@2025-02-15' existing = {
  name: topicName
}

resource fanOut 'Microsoft.EventGrid/topics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'fan-out'
  properties: {
    eventDeliverySchema: 'CloudEventSchemaV1_0'
    deliveryWithResourceIdentity: {
      identity: { type: 'UserAssigned', userAssignedIdentity: identityId }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: storageAccountId
          queueName: queueName
          // A day, as long as Event Grid itself keeps trying.
          queueMessageTimeToLiveInSeconds: 86400
        }
      }
    }
    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 }
  }
}
