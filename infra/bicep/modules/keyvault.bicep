// The Key Vault holding the provenance certificate: its EC P-256 key signs this service's manifests and C2PA Content
// Credentials and never leaves the vault (not exportable). Access by Azure RBAC; the app's identity may sign with the
// key (Key Vault Crypto User) and read the certificate (Key Vault Certificate User).
//
// Resource Manager cannot make a certificate, so a deployment script does, once: a CSR made in the vault with the C2PA
// signer profile (digital signature only, EKU document signing, not a CA), signed by a development root made in the
// script whose key is discarded afterwards, then merged. The root's certificate is kept as the secret
// provenance-trust-anchors and handed to the app (Sora__Provenance__TrustAnchors): readers trust the clips only when told
// to, as locally. To be trusted everywhere, merge a new version of the certificate issued by a CA on the C2PA trust list
// and clear the app's trust anchors (README, "Content Credentials").
param name string
param location string
param principalId string

@description('The certificate whose key signs.')
param certificateName string = 'provenance'

@description('Changes each deployment so the script checks the certificate again (it makes nothing when it is there).')
param checkedAt string = utcNow()

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    publicNetworkAccess: 'Enabled'
  }
}

var roles = {
  cryptoUser: '12338af0-0e69-4776-bea7-57ae8d297424' // Key Vault Crypto User: sign with the key
  certificateUser: 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba' // Key Vault Certificate User: read the certificate
  certificatesOfficer: 'a4417e6f-fecd-4de8-b567-7b0420556985' // Key Vault Certificates Officer: make it
  secretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7' // Key Vault Secrets Officer: keep the root's certificate
}

resource appRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [ roles.cryptoUser, roles.certificateUser ]: {
  scope: vault
  name: guid(vault.id, principalId, role)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

// The script's own identity: it may make certificates and secrets in this vault, nothing else.
resource setupIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-setup'
  location: location
}

resource setupRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [ roles.certificatesOfficer, roles.secretsOfficer ]: {
  scope: vault
  name: guid(vault.id, setupIdentity.id, role)
  properties: {
    principalId: setupIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

resource certificate 'Microsoft.Resources/deploymentScripts@2023-08-01' = {
  name: '${name}-certificate'
  location: location
  kind: 'AzureCLI'
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${setupIdentity.id}': {} } }
  dependsOn: [ setupRoles ]
  properties: {
    azCliVersion: '2.63.0'
    forceUpdateTag: checkedAt
    retentionInterval: 'PT1H'
    cleanupPreference: 'OnSuccess'
    environmentVariables: [
      { name: 'VAULT', value: vault.name }
      { name: 'CERTIFICATE', value: certificateName }
    ]
    scriptContent: '''
      set -euo pipefail
      anchors="${CERTIFICATE}-trust-anchors"
      if ! az keyvault certificate show --vault-name "$VAULT" -n "$CERTIFICATE" --query id -o tsv >/dev/null 2>&1; then
        work=$(mktemp -d)
        cd "$work"
        openssl ecparam -name prime256v1 -genkey -noout -out root.key
        openssl req -x509 -new -key root.key -sha256 -days 3650 -out root.pem \
          -subj "/O=SoraFunctions/CN=SoraFunctions development root (this deployment only)" \
          -addext "basicConstraints=critical,CA:true,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign"
        cat > policy.json <<'JSON'
      {"issuerParameters": {"name": "Unknown"},
       "keyProperties": {"kty": "EC", "curve": "P-256", "exportable": false, "reuseKey": false},
       "x509CertificateProperties": {"subject": "CN=SoraFunctions signer, O=SoraFunctions", "validityInMonths": 119,
         "keyUsage": ["digitalSignature"], "ekus": ["1.3.6.1.5.5.7.3.36"]},
       "secretProperties": {"contentType": "application/x-pem-file"}}
      JSON
        az keyvault certificate create --vault-name "$VAULT" -n "$CERTIFICATE" -p @policy.json >/dev/null
        csr=$(az keyvault certificate pending show --vault-name "$VAULT" -n "$CERTIFICATE" --query csr -o tsv)
        printf -- '-----BEGIN CERTIFICATE REQUEST-----\n%s\n-----END CERTIFICATE REQUEST-----\n' "$csr" | fold -w 64 > signer.csr
        printf 'basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=1.3.6.1.5.5.7.3.36\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' > signer.ext
        openssl x509 -req -in signer.csr -CA root.pem -CAkey root.key -CAcreateserial -days 3620 -sha256 -extfile signer.ext -out signer.pem
        az keyvault certificate pending merge --vault-name "$VAULT" -n "$CERTIFICATE" --file signer.pem >/dev/null
        az keyvault secret set --vault-name "$VAULT" -n "$anchors" --file root.pem --content-type application/x-pem-file >/dev/null
        rm -f root.key # the root vouches for this one certificate only
      fi
      pem=$(az keyvault secret show --vault-name "$VAULT" -n "$anchors" --query value -o tsv 2>/dev/null || true)
      jq -n --arg anchors "$pem" '{trustAnchors: $anchors}' > "$AZ_SCRIPTS_OUTPUT_PATH"
    '''
  }
}

output uri string = vault.properties.vaultUri
output certificateName string = certificateName
@description('The development root the certificate was issued from (PEM); empty once an operator\'s certificate replaced it and the secret was removed.')
output trustAnchors string = certificate.properties.outputs.trustAnchors
