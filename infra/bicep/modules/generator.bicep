// The GPU generator: a Container Apps environment with a GPU workload profile, and a manually triggered job whose
// template the launcher copies for each execution (adding SORA_JOB_ID and SORA_JOB_SPEC). The identity may start,
// read and stop executions of this job only.
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
      replicaTimeout: 1800
      replicaRetryLimit: 1
      manualTriggerConfig: { parallelism: 1, replicaCompletionCount: 1 }
      registries: empty(registryServer) ? [] : [{ server: registryServer, identity: identityId }]
    }
    template: {
      containers: [
        {
          name: 'generator'
          image: image
          resources: { cpu: json('8'), memory: '56Gi' }
          env: [
            { name: 'AZURE_CLIENT_ID', value: identityClientId }
            { name: 'Sora__ClipStore__ServiceUri', value: clipStoreUri }
          ]
        }
      ]
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
