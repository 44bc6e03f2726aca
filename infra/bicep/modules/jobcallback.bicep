// The key the generator job calls JobCompleted with (Sora__Jobs__CallbackUrl carries it). A function key exists only
// once the function does, so this is deployed once the app's code is (main.bicep's appCodeDeployed).
param functionAppName string

@secure()
param key string

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource jobCompleted 'Microsoft.Web/sites/functions@2024-04-01' existing = {
  parent: site
  name: 'JobCompleted'
}

resource generatorKey 'Microsoft.Web/sites/functions/keys@2024-04-01' = {
  parent: jobCompleted
  name: 'generator'
  value: key
}
