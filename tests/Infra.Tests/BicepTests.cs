using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace SoraFunctions.Infra.Tests;

/// <summary>
/// infra/bicep compiles without a warning (Bicep checks every property against the resource types' schemas), and the
/// template it makes keeps the deployment's promises: keys off everywhere, the identity in data roles, pay-per-use tiers.
/// </summary>
public sealed class BicepTests
{
    private static readonly Lazy<Task<(JsonObject Template, string Diagnostics)>> Compiled = new(CompileAsync);

    [Fact]
    public async Task Main_compiles_without_warnings()
    {
        var (_, diagnostics) = await Compiled.Value;

        Assert.Equal("", diagnostics);
    }

    [Fact]
    public async Task Every_service_has_its_keys_off_and_runs_on_a_pay_per_use_tier()
    {
        var resources = await ResourcesAsync();

        // The one account with keys is the model weights' (only with a model server): Container Apps mounts SMB shares by key.
        var accounts = resources.Where(r => Type(r) == "Microsoft.Storage/storageAccounts").ToList();
        Assert.False(Assert.Single(accounts, a => a["condition"] is null)["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.Equal(("[variables('serving')]", "FileStorage"),
            (Assert.Single(accounts, a => a["condition"] is not null)["condition"]!.GetValue<string>(), Assert.Single(accounts, a => a["condition"] is not null)["kind"]!.GetValue<string>()));
        var cosmos = Single(resources, "Microsoft.DocumentDB/databaseAccounts")["properties"]!;
        Assert.True(cosmos["disableLocalAuth"]!.GetValue<bool>());
        Assert.Equal("EnableServerless", cosmos["capabilities"]![0]!["name"]!.GetValue<string>());
        Assert.All(resources.Where(r => Type(r) == "Microsoft.CognitiveServices/accounts"), ai => Assert.True(ai["properties"]!["disableLocalAuth"]!.GetValue<bool>()));
        Assert.Equal(["ContentSafety", "SpeechServices"],
            resources.Where(r => r["name"]?.ToString() is "contentSafety" or "speech").Select(m => m["properties"]!["parameters"]!["kind"]!["value"]!.GetValue<string>()).Order());
        Assert.True(Single(resources, "Microsoft.EventGrid/topics")["properties"]!["disableLocalAuth"]!.GetValue<bool>());
        Assert.Equal("FlexConsumption", Single(resources, "Microsoft.Web/serverfarms")["sku"]!["tier"]!.GetValue<string>());
        var vault = Single(resources, "Microsoft.KeyVault/vaults")["properties"]!;
        Assert.True(vault["enableRbacAuthorization"]!.GetValue<bool>());
        // The certificate is made by a deployment script: a CSR with the C2PA signer profile, its key EC P-256 and never exported.
        var script = Single(resources, "Microsoft.Resources/deploymentScripts")["properties"]!["scriptContent"]!.GetValue<string>();
        foreach (var profile in new[] { "\"kty\": \"EC\", \"curve\": \"P-256\", \"exportable\": false", "\"keyUsage\": [\"digitalSignature\"]", "1.3.6.1.5.5.7.3.36", "CA:false", "rm -f root.key" })
        {
            Assert.Contains(profile, script, StringComparison.Ordinal);
        }

        Assert.Equal("dotnet-isolated", Single(resources, "Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["runtime"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_identity_gets_data_roles_and_the_store_gets_the_container_its_adapter_expects()
    {
        var resources = await ResourcesAsync();
        // Role assignments name their roles in expressions (a loop's in the module's variables): look for the ids.
        var assignments = string.Join('\n', resources.Where(r => Type(r) is "Microsoft.Authorization/roleAssignments" or "Microsoft.Resources/deployments")
            .Select(r => r.ToJsonString()));

        foreach (var role in new[]
        {
            "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
            "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
            "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
            "d5a91429-5739-47e2-a06b-3470a27159e7", // EventGrid Data Sender
            "a97b65f3-24c7-4388-baec-2e87135dc908", // Cognitive Services User
            "12338af0-0e69-4776-bea7-57ae8d297424", // Key Vault Crypto User
            "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba", // Key Vault Certificate User
        })
        {
            Assert.Contains(role, assignments, StringComparison.Ordinal);
        }

        Assert.Contains("00000000-0000-0000-0000-000000000002",
            Single(resources, "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments")["properties"]!["roleDefinitionId"]!.ToString(), StringComparison.Ordinal);
        var containers = resources.Where(r => Type(r) == "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers")
            .Select(r => r["properties"]!["resource"]!).ToList();
        Assert.Equal(5, containers.Count); // videos, members, engagement, feeds, generation
        Assert.Equal(["/id", "/id", "/memberId", "/pool", "/videoId"], containers.Select(container => container["partitionKey"]!["paths"]![0]!.GetValue<string>()).Order());
        var generation = Assert.Single(containers, c => c["partitionKey"]!["paths"]![0]!.GetValue<string>() == "/pool");
        Assert.Equal(-1, generation["defaultTtl"]!.GetValue<int>());
        Assert.Equal(["/turnMs /enqueuedAtMs /id"], generation["indexingPolicy"]!["compositeIndexes"]!.AsArray().Select(index => string.Join(' ', index!.AsArray().Select(path => path!["path"]!.GetValue<string>()))));
        containers.Remove(generation);
        var engagement = Assert.Single(containers, c => c["partitionKey"]!["paths"]![0]!.GetValue<string>() == "/videoId");
        var feeds = Assert.Single(containers, c => c["partitionKey"]!["paths"]![0]!.GetValue<string>() == "/memberId");
        Assert.Equal(["/postedAtMs /id"], feeds["indexingPolicy"]!["compositeIndexes"]!.AsArray().Select(index => string.Join(' ', index!.AsArray().Select(path => path!["path"]!.GetValue<string>()))));
        containers.Remove(engagement);
        containers.Remove(feeds);
        var videos = Assert.Single(containers, c => c["indexingPolicy"]!["excludedPaths"]!.ToJsonString().Contains("/video/*", StringComparison.Ordinal));
        Assert.Equal(
            ["/createdAtMs /id", "/createdAtMs /id", "/ownerId /createdAtMs /id", "/postedAtMs /id", "/ownerId /postedAtMs /id"],
            videos["indexingPolicy"]!["compositeIndexes"]!.AsArray().Select(index => string.Join(' ', index!.AsArray().Select(path => path!["path"]!.GetValue<string>()))));
        var members = Assert.Single(containers, c => c != videos);
        Assert.Equal(["/from", "/to", "/id"], members["indexingPolicy"]!["compositeIndexes"]!.AsArray().Select(index => index![1]!["path"]!.GetValue<string>()));
        foreach (var unqueried in new[] { "/credential/*", "/cameo/*", "/challenge/*", "/case/*" })
        {
            Assert.Contains(unqueried, members["indexingPolicy"]!["excludedPaths"]!.ToJsonString(), StringComparison.Ordinal);
        }

        Assert.Equal(
            ["Microsoft.App/jobs/executions/read", "Microsoft.App/jobs/read", "Microsoft.App/jobs/start/action", "Microsoft.App/jobs/stop/action"],
            Single(resources, "Microsoft.Authorization/roleDefinitions")["properties"]!["permissions"]![0]!["actions"]!.AsArray().Select(a => a!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Event_grid_delivers_to_the_events_queue_as_the_identity_and_once_the_code_is_deployed_the_generator_calls_back_with_a_function_key()
    {
        var resources = await ResourcesAsync();

        // The events queue needs no code to validate it: the fan-out is deployed from the start.
        Assert.Null(Assert.Single(resources, r => r["name"]?.ToString() == "fanOut")["condition"]);
        var subscription = Single(resources, "Microsoft.EventGrid/topics/eventSubscriptions")["properties"]!;
        Assert.Equal("CloudEventSchemaV1_0", subscription["eventDeliverySchema"]!.GetValue<string>());
        var delivery = subscription["deliveryWithResourceIdentity"]!;
        Assert.Equal(("UserAssigned", "StorageQueue"), (delivery["identity"]!["type"]!.GetValue<string>(), delivery["destination"]!["endpointType"]!.GetValue<string>()));
        Assert.Equal("[parameters('queueName')]", delivery["destination"]!["properties"]!["queueName"]!.GetValue<string>());
        Assert.EndsWith("'sora-events')]", Single(resources, "Microsoft.Storage/storageAccounts/queueServices/queues")["name"]!.GetValue<string>(), StringComparison.Ordinal);
        // The topic holds the identity it delivers as, which holds the queue data role on the account.
        Assert.Contains("UserAssigned", Single(resources, "Microsoft.EventGrid/topics")["identity"]!["type"]!.GetValue<string>(), StringComparison.Ordinal);
        var functionApp = Assert.Single(resources, r => r["name"]?.ToString() == "functionApp")["properties"]!;
        Assert.DoesNotContain("Sora__Events__WebhookSecret", functionApp["template"]!.ToJsonString(), StringComparison.Ordinal);

        Assert.Equal("[parameters('appCodeDeployed')]", Assert.Single(resources, r => r["name"]?.ToString() == "jobCallback")["condition"]!.GetValue<string>());
        var key = Assert.Single(resources, r => r["name"]?.ToString() == "jobCallback")["properties"]!["parameters"]!;
        Assert.Equal("JobCompleted/generator", $"{key["functionName"]!["value"]}/{key["keyName"]!["value"]}");
        // The app's settings add the callback's in an expression of the module's variables ({{ is ARM's escaped brace);
        // host.json serves the functions without a route prefix.
        var settings = functionApp["template"]!["variables"]!.ToJsonString();
        Assert.Contains("Sora__Jobs__CallbackUrl", settings, StringComparison.Ordinal);
        Assert.Contains(".azurewebsites.net/jobs/{{videoId}}/completed?code={1}", settings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_deployment_outputs_the_api_url_and_the_app_served_by_the_functions_app_at_its_root()
    {
        var (template, _) = await Compiled.Value;
        var resources = await ResourcesAsync();

        Assert.Contains("/v1/videos", template["outputs"]!["apiUrl"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("[format('https://{0}/', ", template["outputs"]!["appUrl"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        // The settings are one expression (a concat of lists); the home page's switch is in it.
        var settings = Single(resources, "Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]!.GetValue<string>();
        Assert.Contains("createObject('name', 'AzureWebJobsDisableHomepage', 'value', 'true')", settings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_model_server_image_each_job_runs_it_beside_the_worker_which_waits_for_its_health_and_stops_it_when_done()
    {
        var resources = await ResourcesAsync();
        var generator = Assert.Single(resources, r => r["name"]?.ToString() == "generator")["properties"]!["template"]!["variables"]!;
        var job = Single(resources, "Microsoft.App/jobs")["properties"]!["template"]!;

        Assert.Equal("[if(variables('serving'), createArray(variables('worker'), variables('modelServer')), createArray(variables('worker')))]", job["containers"]!.GetValue<string>());
        Assert.Contains("createObject('name', 'weights', 'storageType', 'AzureFile'", job["volumes"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("createObject('name', 'handoff', 'storageType', 'EmptyDir')", job["volumes"]!.GetValue<string>(), StringComparison.Ordinal);
        var worker = generator["worker"]!["env"]!.GetValue<string>();
        foreach (var setting in new[] { "Sora__Generator__Endpoint", "Sora__Generator__Model", "Sora__Generator__Health", "'SORA_DONE_FILE', 'value', '/run/sora/done'" })
        {
            Assert.Contains(setting, worker, StringComparison.Ordinal);
        }

        // The server runs until the worker's done file appears, then is stopped, so that the execution ends.
        var server = generator["modelServer"]!;
        Assert.Contains("until [ -e /run/sora/done ]", server["args"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["/models", "/run/sora"], server["volumeMounts"]!.AsArray().Select(m => m!["mountPath"]!.GetValue<string>()));
        Assert.Equal("ReadOnly", Single(resources, "Microsoft.App/managedEnvironments/storages")["properties"]!["azureFile"]!["accessMode"]!.GetValue<string>());
    }

    /// <summary>Every resource of the template, the modules' (nested deployments) included.</summary>
    private static async Task<List<JsonObject>> ResourcesAsync()
    {
        var (template, _) = await Compiled.Value;
        var resources = new List<JsonObject>();
        void Collect(JsonNode? node)
        {
            foreach (var resource in (node as JsonArray ?? (node as JsonObject)?.Select(p => p.Value).ToJsonArray() ?? []).OfType<JsonObject>())
            {
                resources.Add(resource);
                Collect(resource["properties"]?["template"]?["resources"]);
            }
        }

        Collect(template["resources"]);
        return resources;
    }

    private static JsonObject Single(List<JsonObject> resources, string type) => Assert.Single(resources, r => Type(r) == type);

    private static string Type(JsonObject resource) => resource["type"]!.GetValue<string>();

    private static async Task<(JsonObject, string)> CompileAsync()
    {
        var cli = typeof(BicepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepCli").Value!;
        var main = Path.Combine(RepositoryRoot(), "infra", "bicep", "main.bicep");
        var start = new ProcessStartInfo(cli) { ArgumentList = { "build", main, "--stdout" }, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var diagnostics = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, diagnostics);
        return (JsonNode.Parse(await output)!.AsObject(), diagnostics.Trim());
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "infra", "bicep")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("infra/bicep was not found above " + AppContext.BaseDirectory);
    }
}

internal static class JsonNodeExtensions
{
    public static JsonArray ToJsonArray(this IEnumerable<JsonNode?> nodes) => [.. nodes.Select(n => n?.DeepClone())];
}
