// The GPU generator: a Container Apps environment with a GPU workload profile, and a manually triggered job whose
// template the launcher copies for each execution (adding SORA_JOB_ID and SORA_JOB_SPEC). The identity may start,
// read and stop executions of this job only. With a model server image, each execution runs that server beside the
// worker: its weights read from an Azure Files share, the worker calling it on localhost once it is healthy, and the
// server stopped when the worker leaves its done file (a job's execution ends only when all its containers have).
param environmentName string
param jobName string
param location string
param workspaceId string
param identityId string
param identityClientId string
param principalId string
param image string
param gpuProfileType string
param clipStoreUri string
param registryServer string
param modelServerImage string
param modelServerCommand string
param modelName string
param modelServerPort int
param weightsAccountName string
param weightsShareGiB int

var serving = !empty(modelServerImage)
// What each GPU profile gives a replica, shared between the worker and the server.
var profileSizes = {
  'Consumption-GPU-NC8as-T4': { cpu: 8, memoryGiB: 56 }
  'Consumption-GPU-NC24-A100': { cpu: 24, memoryGiB: 220 }
}
var size = profileSizes[gpuProfileType]
var server = 'http://localhost:${modelServerPort}'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: last(split(workspaceId, '/'))
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: environmentName
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [
      { name: 'Consumption', workloadProfileType: 'Consumption' }
      { name: 'gpu', workloadProfileType: gpuProfileType }
    ]
  }
}

// Premium Azure Files, for the throughput a model's tens of gigabytes of weights load at. Container Apps mounts SMB
// shares with the account's key, so this account (weights only, nothing of the members') keeps shared keys on.
resource weights 'Microsoft.Storage/storageAccounts@2023-05-01' = if (serving) {
  name: weightsAccountName
  location: location
  kind: 'FileStorage'
  sku: { name: 'Premium_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource weightsFiles 'Microsoft.Storage/storageAccounts/fileServices@2023-05-01' = if (serving) {
  parent: weights
  name: 'default'
}

resource weightsShare 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = if (serving) {
  parent: weightsFiles
  name: 'models'
  properties: { shareQuota: weightsShareGiB }
}

resource weightsMount 'Microsoft.App/managedEnvironments/storages@2024-03-01' = if (serving) {
  parent: environment
  name: 'weights'
  properties: {
    azureFile: {
      accountName: weights.name
      accountKey: weights!.listKeys().keys[0].value
      shareName: weightsShare.name
      accessMode: 'ReadOnly'
    }
  }
}

var worker = {
  name: 'generator'
  image: image
  resources: serving ? { cpu: json('1'), memory: '2Gi' } : { cpu: json(string(size.cpu)), memory: '${size.memoryGiB}Gi' }
  env: concat(
    [
      { name: 'AZURE_CLIENT_ID', value: identityClientId }
      { name: 'Sora__ClipStore__ServiceUri', value: clipStoreUri }
    ],
    serving
      ? [
          { name: 'Sora__Generator__Endpoint', value: '${server}/v1' }
          { name: 'Sora__Generator__Model', value: modelName }
          { name: 'Sora__Generator__Health', value: '${server}/health' }
          { name: 'SORA_DONE_FILE', value: '/run/sora/done' }
        ]
      : []
  )
  volumeMounts: serving ? [{ volumeName: 'handoff', mountPath: '/run/sora' }] : []
}

// The server's own command, run in the background until the worker is done (or the server dies).
var modelServer = {
  name: 'model-server'
  image: modelServerImage
  command: ['/bin/sh', '-c']
  args: [
    '${modelServerCommand} & server=$!; until [ -e /run/sora/done ]; do kill -0 $server 2>/dev/null || exit 1; sleep 2; done; kill $server; wait $server; exit 0'
  ]
  resources: { cpu: json(string(size.cpu - 1)), memory: '${size.memoryGiB - 2}Gi' }
  volumeMounts: [
    { volumeName: 'weights', mountPath: '/models' }
    { volumeName: 'handoff', mountPath: '/run/sora' }
  ]
}

resource job 'Microsoft.App/jobs@2024-03-01' = {
  name: jobName
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'gpu'
    configuration: {
      triggerType: 'Manual'
      // A model server's cold start (its image and weights) comes before the clip.
      replicaTimeout: serving ? 3600 : 1800
      replicaRetryLimit: 1
      manualTriggerConfig: { parallelism: 1, replicaCompletionCount: 1 }
      registries: empty(registryServer) ? [] : [{ server: registryServer, identity: identityId }]
    }
    template: {
      containers: serving ? [worker, modelServer] : [worker]
      volumes: serving
        ? [
            { name: 'weights', storageType: 'AzureFile', storageName: weightsMount.name }
            { name: 'handoff', storageType: 'EmptyDir' }
          ]
        : []
    }
  }
}

resource operator 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'sora-generator-operator')
  properties: {
    roleName: 'Sora generator job operator (${resourceGroup().name})'
    description: 'Start, read and stop executions of the generator job.'
    type: 'customRole'
    assignableScopes: [resourceGroup().id]
    permissions: [
      {
        actions: [
          'Microsoft.App/jobs/read'
          'Microsoft.App/jobs/start/action'
          'Microsoft.App/jobs/stop/action'
          'Microsoft.App/jobs/executions/read'
        ]
      }
    ]
  }
}

resource operatorAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: job
  name: guid(job.id, principalId, 'operator')
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: operator.id
  }
}

output jobName string = job.name
output weightsShare string = serving ? '${weights.name}/${weightsShare.name}' : ''

