// An Azure AI service (Content Safety, Speech) with keys off, on its own subdomain (Microsoft Entra ID tokens need one);
// the identity may call it (Cognitive Services User).
param name string
param location string
@allowed(['ContentSafety', 'SpeechServices'])
param kind string
param principalId string

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  kind: kind
  sku: { name: 'S0' }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource user 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, principalId, 'cognitive-services-user')
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'a97b65f3-24c7-4388-baec-2e87135dc908')
  }
}

output endpoint string = account.properties.endpoint
