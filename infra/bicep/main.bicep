// SoraFunctions on Azure: the Functions app (API, Durable pipeline, fan-out) on Flex Consumption, clips in Blob
// Storage, records in serverless Cosmos DB, screening by Azure AI Content Safety, events on Event Grid, generation on a
// GPU Container Apps job, the provenance certificate in Key Vault, telemetry in Application Insights. One user-assigned
// identity with data roles on each; every service has its keys turned off. Pay per use throughout.
targetScope = 'resourceGroup'

@description('Region of every resource (one with Flex Consumption and Container Apps GPU profiles).')
param location string = resourceGroup().location

@description('Start of every resource name: lowercase letters and digits.')
@minLength(3)
@maxLength(10)
param namePrefix string = 'sora'

@description('The generator\'s container image (the worker), e.g. myregistry.azurecr.io/sora-worker:1.0.')
param generatorImage string

@description('A registry the identity pulls the image from (empty: a public image).')
param registryServer string = ''

@description('The GPU workload profile type of the generator job.')
@allowed(['Consumption-GPU-NC8as-T4', 'Consumption-GPU-NC24-A100'])
param gpuProfileType string = 'Consumption-GPU-NC8as-T4'

@description('How many generation jobs run at once (the app queues the rest, in a fair order, telling each its place): the GPUs of the profile the subscription\'s quota allows at a time.')
@minValue(1)
param generatorSlots int = 4

@description('An RFC 3161 time-stamping authority that dates each Content Credentials signature, so clips stay valid after the certificate expires (empty: none).')
param timestampAuthority string = ''

@description('A video model server\'s image (vLLM-Omni, SGLang-diffusion…) run beside the worker in each generation job; empty: the worker\'s procedural renderer.')
param modelServerImage string = ''

@description('With modelServerImage: the command that starts it serving the OpenAI Videos API on modelServerPort, its weights under /models, e.g. vllm serve /models/Lightricks/LTX-2 --omni --port 8000.')
param modelServerCommand string = ''

@description('With modelServerImage: the model as the server names it.')
param modelName string = ''

@description('With modelServerImage: the port it listens on.')
param modelServerPort int = 8000

@description('With modelServerImage: the size of the Azure Files share the weights are uploaded to (Premium: at least 100).')
@minValue(100)
param weightsShareGiB int = 200

@description('True once the app\'s code is deployed: then the generator job calls JobCompleted back, with a key of that function.')
param appCodeDeployed bool = false

@description('The generator job\'s key to JobCompleted; a new one each provisioning unless given.')
@secure()
param jobCallbackKey string = newGuid()

var suffix = take(uniqueString(resourceGroup().id), 6)

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: { name: '${namePrefix}-id-${suffix}', location: location }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { workspaceName: '${namePrefix}-logs-${suffix}', insightsName: '${namePrefix}-ai-${suffix}', location: location }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: { name: '${namePrefix}st${suffix}', location: location, principalId: identity.outputs.principalId }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: { name: '${namePrefix}-db-${suffix}', location: location, principalId: identity.outputs.principalId }
}

module contentSafety 'modules/aiservice.bicep' = {
  name: 'contentSafety'
  params: { name: '${namePrefix}-safety-${suffix}', location: location, kind: 'ContentSafety', principalId: identity.outputs.principalId }
}

// Hears the words of clips from a video model (output screening, captions).
module speech 'modules/aiservice.bicep' = {
  name: 'speech'
  params: { name: '${namePrefix}-speech-${suffix}', location: location, kind: 'SpeechServices', principalId: identity.outputs.principalId }
}

module events 'modules/eventgrid.bicep' = {
  name: 'events'
  params: { name: '${namePrefix}-events-${suffix}', location: location, principalId: identity.outputs.principalId, identityId: identity.outputs.id }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  params: { name: '${namePrefix}-kv-${suffix}', location: location, principalId: identity.outputs.principalId }
}

module generator 'modules/generator.bicep' = {
  name: 'generator'
  params: {
    environmentName: '${namePrefix}-env-${suffix}'
    jobName: '${namePrefix}-generator'
    location: location
    workspaceId: monitoring.outputs.workspaceId
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    principalId: identity.outputs.principalId
    image: generatorImage
    gpuProfileType: gpuProfileType
    clipStoreUri: storage.outputs.blobEndpoint
    registryServer: registryServer
    modelServerImage: modelServerImage
    modelServerCommand: modelServerCommand
    modelName: modelName
    modelServerPort: modelServerPort
    weightsAccountName: '${namePrefix}w${suffix}'
    weightsShareGiB: weightsShareGiB
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionApp'
  params: {
    name: '${namePrefix}-func-${suffix}'
    location: location
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainer: storage.outputs.deploymentContainer
    clipsContainer: storage.outputs.clipsContainer
    insightsConnectionString: monitoring.outputs.insightsConnectionString
    cosmosEndpoint: cosmos.outputs.endpoint
    topicEndpoint: events.outputs.endpoint
    contentSafetyEndpoint: contentSafety.outputs.endpoint
    speechEndpoint: speech.outputs.endpoint
    jobName: generator.outputs.jobName
    vaultUri: keyVault.outputs.uri
    provenanceKeyName: keyVault.outputs.certificateName
    provenanceTrustAnchors: keyVault.outputs.trustAnchors
    timestampAuthority: timestampAuthority
    generationSlots: generatorSlots
    jobCallbackKey: appCodeDeployed ? jobCallbackKey : ''
  }
}

module jobCallback 'modules/functionkey.bicep' = if (appCodeDeployed) {
  name: 'jobCallback'
  params: { functionAppName: functionApp.outputs.name, functionName: 'JobCompleted', keyName: 'generator', key: jobCallbackKey }
}

module fanOut 'modules/fanout.bicep' = {
  name: 'fanOut'
  params: {
    topicName: events.outputs.name
    identityId: identity.outputs.id
    storageAccountId: storage.outputs.id
    queueName: storage.outputs.eventsQueue
  }
}

@description('The API: POST and GET here, with a member\'s API key.')
output apiUrl string = 'https://${functionApp.outputs.defaultHostName}/v1/videos'
@description('The browser app, served by the Functions app at its root, on the API\'s origin.')
output appUrl string = 'https://${functionApp.outputs.defaultHostName}/'

@description('With modelServerImage: the Azure Files share (account/share) to upload the model\'s weights to.')
output weightsShare string = generator.outputs.weightsShare
