using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoraFunctions.Orchestrations;

namespace SoraFunctions.Functions.Tests;

/// <summary>
/// The Functions app's own composition (<see cref="FunctionsServiceCollectionExtensions.AddSoraFunctions"/>, what
/// Program.cs runs) with the app settings infra/bicep writes: every function class, every activity and the outbox relay
/// get what they ask for, so nothing the app needs is registered only in the local host. No Azure service is called:
/// the adapters connect on first use.
/// </summary>
public sealed class FunctionsCompositionTests
{
    [Fact]
    public void Every_function_activity_and_background_service_resolves_from_the_app_s_services_with_the_bicep_s_settings()
    {
        var bicep = File.ReadAllText(Path.Combine(Repository(), "infra", "bicep", "modules", "functionapp.bicep"));
        var settings = new Dictionary<string, string?>
        {
            ["Sora__Metadata__Endpoint"] = "https://sora-db.documents.azure.com:443/",
            ["Sora__ClipStore__ServiceUri"] = "https://sorast.blob.core.windows.net/",
            ["Sora__ClipStore__Container"] = "clips",
            ["Sora__Events__TopicEndpoint"] = "https://sora-events.westus3-1.eventgrid.azure.net/api/events",
            ["Sora__ContentSafety__Endpoint"] = "https://sora-safety.cognitiveservices.azure.com/",
            ["Sora__Speech__Endpoint"] = "https://sora-speech.cognitiveservices.azure.com/",
            ["Sora__Jobs__SubscriptionId"] = "00000000-0000-0000-0000-000000000000",
            ["Sora__Jobs__ResourceGroup"] = "sora",
            ["Sora__Jobs__JobName"] = "sora-generator",
            ["Sora__Generation__Slots"] = "4",
            ["Sora__Provenance__VaultUri"] = "https://sora-kv.vault.azure.net/",
            ["Sora__Provenance__KeyName"] = "provenance",
        };
        Assert.All(settings.Keys, name => Assert.Contains($"'{name}'", bicep, StringComparison.Ordinal)); // the settings the app gets
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(setting => setting.Key.Replace("__", ":", StringComparison.Ordinal), setting => setting.Value))
            .Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSoraFunctions()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        var functions = typeof(FunctionsServiceCollectionExtensions).Assembly.GetTypes()
            .Where(type => type.GetMethods().Any(method => method.GetCustomAttribute<FunctionAttribute>() is not null)).ToList();
        var activities = typeof(IActivity).Assembly.GetTypes()
            .Where(type => type is { IsAbstract: false, IsClass: true } && typeof(IActivity).IsAssignableFrom(type) && !type.IsGenericTypeDefinition).ToList();

        Assert.Contains(typeof(EventFunctions), functions);
        Assert.Contains(typeof(Orchestrations.Pipeline.StartGenerationJobActivity), activities);
        // An activity that tells other pipelines is handed the invocation's Durable client by its function's binding.
        var told = activities.Where(type => type.GetConstructors().Single().GetParameters().Any(p => p.ParameterType == typeof(OrchestrationClient))).ToList();
        Assert.Contains(typeof(Orchestrations.Pipeline.EnqueueGenerationActivity), told);
        Assert.All(told, type =>
        {
            Assert.Single(functions.SelectMany(function => function.GetMethods()), method => method.GetCustomAttribute<FunctionAttribute>()?.Name == type.Name
                && method.GetParameters().Any(p => p.GetCustomAttribute<DurableClientAttribute>() is not null));
            Assert.All(type.GetConstructors().Single().GetParameters().Where(p => p.ParameterType != typeof(OrchestrationClient)),
                parameter => Assert.NotNull(provider.GetService(parameter.ParameterType)));
        });
        Assert.All(functions.Concat(activities.Except(told)), type => Assert.NotNull(ActivatorUtilities.CreateInstance(provider, type)));
        Assert.Single(provider.GetServices<IHostedService>(), service => service is Orchestrations.Pipeline.OutboxRelay);
    }

    private static string Repository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SoraFunctions.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository was not found.");
    }
}
