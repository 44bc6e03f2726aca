// A key of one of the app's functions, for a caller outside the app (the generator job's callback, Event Grid's
// webhook). A function key exists only once the function does, so this is deployed once the app's code is
// (main.bicep's appCodeDeployed).
param functionAppName string
param functionName string
param keyName string

@secure()
param key string

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource function 'Microsoft.Web/sites/functions@2024-04-01' existing = {
  parent: site
  name: functionName
}

resource functionKey 'Microsoft.Web/sites/functions/keys@2024-04-01' = {
  parent: function
  name: keyName
  value: key
}
