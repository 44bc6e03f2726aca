// Blob Storage for clips (and the Functions host's own state and deployment package, and the events queue), with shared keys off: the
// identity gets data roles instead.
param name string
param location string
param principalId string

var roles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource clips 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: 'clips'
}

resource deployment 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: 'deployment'
}

// Where Event Grid's subscription delivers the service's events, which the Functions app's Events trigger drains
// (its poison queue, sora-events-poison, is the trigger's own).
resource queues 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource events 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queues
  name: 'sora-events'
}

// Scratch that steps and jobs pass through the store is deleted when the pipeline ends; what a crash left behind
// goes after two days.
resource scratch 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'scratch'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: ['blockBlob'], prefixMatch: ['${clips.name}/work/', '${clips.name}/jobs/'] }
            actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 2 } } }
          }
        }
      ]
    }
  }
}

// Blob data owner: clips, user-delegation SAS links and the Functions host's leases; queues and tables: Durable
// Functions' task hub, and the events queue (Event Grid delivers as this identity too).
resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(roles): {
  scope: account
  name: guid(account.id, principalId, role.value)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
  }
}]

output name string = account.name
output id string = account.id
output eventsQueue string = events.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output clipsContainer string = clips.name
output deploymentContainer string = deployment.name
