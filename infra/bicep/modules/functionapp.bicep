// The Functions app on the Flex Consumption plan (dotnet-isolated, .NET 10): its host storage, deployment package and
// every Sora setting reach services through the identity.
param name string
param location string
param identityId string
param identityClientId string
param storageName string
param blobEndpoint string
param deploymentContainer string
param clipsContainer string
param insightsConnectionString string
param cosmosEndpoint string
param topicEndpoint string
param contentSafetyEndpoint string
param speechEndpoint string
param jobName string
param vaultUri string
param provenanceKeyName string

@description('PEM: the root the provenance certificate was issued from when it is the deployment\'s own (readers trust it only when told).')
param provenanceTrustAnchors string

@description('An RFC 3161 time-stamping authority that dates each Content Credentials signature (empty: none).')
param timestampAuthority string = ''

@description('How many generation jobs may run at once: the GPU job\'s executions are bounded by the app\'s queue.')
@minValue(1)
param generationSlots int

@description('The generator job\'s key to JobCompleted (empty: no callback, the pipeline polls the job).')
@secure()
param jobCallbackKey string = ''

// Settings that only exist once the app's code does (modules/functionkey.bicep creates the key).
var callbackSettings = empty(jobCallbackKey) ? [] : [
  { name: 'Sora__Jobs__CallbackUrl', value: 'https://${name}.azurewebsites.net/jobs/{videoId}/completed?code=${jobCallbackKey}' }
]

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan'
  location: location
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  kind: 'functionapp,linux'
  tags: { 'azd-service-name': 'api' }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: concat([
        { name: 'AzureWebJobsStorage__accountName', value: storageName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        // The browser app is served at the root (the WebAppPage function), not the host's own home page.
        { name: 'AzureWebJobsDisableHomepage', value: 'true' }
        { name: 'Sora__Metadata__Endpoint', value: cosmosEndpoint }
        { name: 'Sora__ClipStore__ServiceUri', value: blobEndpoint }
        { name: 'Sora__ClipStore__Container', value: clipsContainer }
        { name: 'Sora__Events__TopicEndpoint', value: topicEndpoint }
        { name: 'Sora__ContentSafety__Endpoint', value: contentSafetyEndpoint }
        { name: 'Sora__Speech__Endpoint', value: speechEndpoint }
        { name: 'Sora__Jobs__SubscriptionId', value: subscription().subscriptionId }
        { name: 'Sora__Jobs__ResourceGroup', value: resourceGroup().name }
        { name: 'Sora__Jobs__JobName', value: jobName }
        { name: 'Sora__Generation__Slots', value: string(generationSlots) }
        { name: 'Sora__Provenance__VaultUri', value: vaultUri }
        { name: 'Sora__Provenance__KeyName', value: provenanceKeyName }
        { name: 'Sora__Provenance__TrustAnchors', value: provenanceTrustAnchors }
        { name: 'Sora__Credentials__TimestampAuthority', value: timestampAuthority }
      ], callbackSettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainer}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: 40, instanceMemoryMB: 4096 }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
  }
}

output id string = site.id
output name string = site.name
output defaultHostName string = site.properties.defaultHostName
