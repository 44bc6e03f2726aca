// Cosmos DB for NoSQL, serverless (pay per request), keys off: the identity is a data contributor through data-plane
// RBAC, which cannot create databases or containers, so they are declared here as CosmosVideoStore, CosmosMemberStore,
// CosmosEngagementStore, CosmosFeedStore and CosmosGenerationQueueStore expect them.
param name string
param location string
param principalId string
param databaseName string = 'sora'
param containerName string = 'videos'
param membersContainerName string = 'members'
param engagementContainerName string = 'engagement'
param feedsContainerName string = 'feeds'
param generationContainerName string = 'generation'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [{ locationName: location, failoverPriority: 0 }]
    capabilities: [{ name: 'EnableServerless' }]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    disableLocalAuth: true
    minimalTlsVersion: 'Tls12'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: { resource: { id: databaseName } }
}

// One document per video, partitioned by id; the pages' ORDER BY runs on the composite indexes (all videos, and a
// member's own); the record body and its outbox are not queried, so they are not indexed.
resource videos 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: containerName
  properties: {
    resource: {
      id: containerName
      partitionKey: { paths: ['/id'], kind: 'Hash', version: 2 }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [{ path: '/*' }]
        excludedPaths: [{ path: '/video/*' }, { path: '/outbox/*' }, { path: '/"_etag"/?' }]
        compositeIndexes: [
          [
            { path: '/createdAtMs', order: 'descending' }
            { path: '/id', order: 'descending' }
          ]
          // A member's own oldest first (a list asked for with order=asc).
          [
            { path: '/createdAtMs', order: 'ascending' }
            { path: '/id', order: 'ascending' }
          ]
          [
            { path: '/ownerId', order: 'ascending' }
            { path: '/createdAtMs', order: 'descending' }
            { path: '/id', order: 'descending' }
          ]
          // A member's posts, newest posted first (CosmosVideoStore.ListPostedAsync).
          [
            { path: '/postedAtMs', order: 'descending' }
            { path: '/id', order: 'descending' }
          ]
          [
            { path: '/ownerId', order: 'ascending' }
            { path: '/postedAtMs', order: 'descending' }
            { path: '/id', order: 'descending' }
          ]
        ]
      }
    }
  }
}

// Members, username claims, invites, credentials and relations, each a document under its own id (every hot path a
// point read); the records' bodies are not queried.
resource members 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: membersContainerName
  properties: {
    resource: {
      id: membersContainerName
      partitionKey: { paths: ['/id'], kind: 'Hash', version: 2 }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [{ path: '/*' }]
        // Members, credentials, cameos (a face descriptor is ~30 KB of numbers), challenges and moderation cases are read by
        // id, never queried inside.
        excludedPaths: [
          { path: '/member/*' }, { path: '/credential/*' }, { path: '/cameo/*' }, { path: '/challenge/*' }, { path: '/case/*' }, { path: '/outbox/*' }
          { path: '/"_etag"/?' }
        ]
        // Pages of followers and following (CosmosRelationStore), newest first.
        compositeIndexes: [
          [
            { path: '/createdAtMs', order: 'descending' }
            { path: '/from', order: 'descending' }
          ]
          [
            { path: '/createdAtMs', order: 'descending' }
            { path: '/to', order: 'descending' }
          ]
          // A member's notifications, newest first (CosmosNotificationStore).
          [
            { path: '/createdAtMs', order: 'descending' }
            { path: '/id', order: 'descending' }
          ]
        ]
      }
    }
  }
}

// Likes and comments, partitioned by video: a video's counts and comment pages are single-partition queries.
resource engagement 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: engagementContainerName
  properties: {
    resource: {
      id: engagementContainerName
      partitionKey: { paths: ['/videoId'], kind: 'Hash', version: 2 }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [{ path: '/*' }]
        excludedPaths: [{ path: '/text/?' }, { path: '/outbox/*' }, { path: '/"_etag"/?' }]
        // A video's comments, oldest first; a member's likes, latest first (CosmosEngagementStore).
        compositeIndexes: [
          [
            { path: '/createdAtMs', order: 'ascending' }
            { path: '/id', order: 'ascending' }
          ]
          [
            { path: '/createdAtMs', order: 'descending' }
            { path: '/videoId', order: 'descending' }
          ]
        ]
      }
    }
  }
}

// Following feeds, partitioned by member: a page of a member's feed is one single-partition query (CosmosFeedStore).
resource feeds 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: feedsContainerName
  properties: {
    resource: {
      id: feedsContainerName
      partitionKey: { paths: ['/memberId'], kind: 'Hash', version: 2 }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [{ path: '/*' }]
        excludedPaths: [{ path: '/item/*' }, { path: '/"_etag"/?' }]
        compositeIndexes: [
          [
            { path: '/postedAtMs', order: 'descending' }
            { path: '/id', order: 'descending' }
          ]
        ]
      }
    }
  }
}

// The generators' lines, partitioned by pool: a line is one partition, read in turn order on the composite index; done
// entries expire a day later (TTL on, each document's own).
resource generation 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: generationContainerName
  properties: {
    resource: {
      id: generationContainerName
      partitionKey: { paths: ['/pool'], kind: 'Hash', version: 2 }
      defaultTtl: -1
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [{ path: '/*' }]
        excludedPaths: [{ path: '/entry/*' }, { path: '/"_etag"/?' }]
        compositeIndexes: [
          [
            { path: '/turnMs', order: 'ascending' }
            { path: '/enqueuedAtMs', order: 'ascending' }
            { path: '/id', order: 'ascending' }
          ]
        ]
      }
    }
  }
}

// Cosmos DB Built-in Data Contributor: read and write items, no account management.
resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, principalId, 'data-contributor')
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
    principalId: principalId
    scope: account.id
  }
}

output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
output containerName string = videos.name
output membersContainerName string = members.name
output engagementContainerName string = engagement.name
output feedsContainerName string = feeds.name
output generationContainerName string = generation.name
