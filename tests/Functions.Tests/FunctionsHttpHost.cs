using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoraFunctions.Core.Cameos;
using SoraFunctions.Core.Capacity;
using SoraFunctions.Core.Events;
using SoraFunctions.Api;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Social;
using SoraFunctions.Azure.Durable;
using SoraFunctions.Local;
using SoraFunctions.Local.Adapters;
using SoraFunctions.Media;
using SoraFunctions.Orchestrations;
using SoraFunctions.Orchestrations.Cameos;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Functions.Tests;

/// <summary>
/// The Functions host's HTTP dispatch, as far as it can be had without one: every function of <see cref="ApiFunctions"/>
/// with an HTTP trigger is served at its attribute's route (under host.json's route prefix) and methods, its
/// parameters bound as the worker binds them (the request, route values by name, the Durable client) and its result
/// written. What only a host checks: function keys, the worker's gRPC link and ASP.NET Core integration, the bindings'
/// metadata as the host reads it.
/// </summary>
public sealed class FunctionsHttpHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private FunctionsHttpHost(WebApplication app, HttpClient http) => (this.app, Http) = (app, http);

    public HttpClient Http { get; }

    /// <summary>
    /// Serves the functions over embedded stores in <paramref name="data"/>, their orchestrations on <paramref name="client"/>,
    /// <see cref="Http"/> calls them with an API key of the machine's own member.
    /// </summary>
    public static async Task<FunctionsHttpHost> StartAsync(string data, DurableTaskClient client)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var folder = new DataFolder(data);
        builder.Services
            .AddSingleton(folder)
            .AddSingleton<IVideoStore>(new SqliteVideoStore(folder))
            .AddSingleton<IMemberStore>(new SqliteMemberStore(folder))
            .AddSingleton<IRelationStore>(new SqliteRelationStore(folder))
            .AddSingleton<ICameoStore>(new SqliteCameoStore(folder))
            .AddSingleton<IEngagementStore>(new SqliteEngagementStore(folder))
            .AddSingleton<IFeedStore>(new SqliteFeedStore(folder))
            .AddSingleton<IModerationStore>(new SqliteModerationStore(folder))
            .AddSingleton<INotificationStore>(new SqliteNotificationStore(folder))
            .AddSingleton<IWebhookStore>(new SqliteWebhookStore(folder))
            .AddSingleton<IGenerationQueueStore>(new SqliteGenerationQueueStore(folder))
            .AddSingleton(new GenerationPool("procedural", 1))
            .AddSingleton<GenerationQueue>()
            .AddSingleton<CameoCasting>()
            .AddSingleton<Allowances>()
            .AddSingleton<IContentAnalyzer, LocalContentAnalyzer>()
            .AddScenePreview()
            .AddContentScreening()
            .AddAccounts()
            .Configure<Orchestrations.Webhooks.WebhookOptions>(options => options.AllowPrivateNetworks = true)
            .AddSingleton<IClipStore>(new FileClipStore(folder))
            .AddSingleton<IMediaEngine, FfmpegMediaEngine>()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IEventHandler>(new EventLogHandler(folder))
            .AddSingleton(client)
            // What the takedown handler stops jobs with; the Functions app has the Container Apps launcher there.
            .AddSingleton<OrchestrationClient>(new DurableOrchestrationClient(client))
            .AddSingleton<IJobLauncher, LocalJobLauncher>();
        var app = builder.Build();
        var prefix = RoutePrefix();
        foreach (var function in typeof(ApiFunctions).GetMethods().Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
        {
            if (function.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().SingleOrDefault() is { } trigger)
            {
                app.MapMethods($"{prefix}/{trigger.Route}", trigger.Methods!.Select(m => m.ToUpperInvariant()), context => InvokeAsync(function, context));
            }
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var http = new HttpClient { BaseAddress = new Uri(address) };
        var accounts = app.Services.GetRequiredService<Accounts>();
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await accounts.CreateKeyAsync(await accounts.LocalMemberAsync(default), "tests", default)).Token);
        return new FunctionsHttpHost(app, http);
    }

    public IServiceProvider Services => app.Services;

    private static async Task InvokeAsync(MethodInfo function, HttpContext context)
    {
        var functions = ActivatorUtilities.CreateInstance<ApiFunctions>(context.RequestServices);
        var arguments = function.GetParameters().Select(parameter =>
            parameter.ParameterType == typeof(HttpRequest) ? context.Request
            : parameter.ParameterType == typeof(DurableTaskClient) ? context.RequestServices.GetRequiredService<DurableTaskClient>()
            : context.Request.RouteValues[parameter.Name!]).ToArray();
        var result = await (Task<IActionResult>)function.Invoke(functions, arguments)!;
        if (result is IStatusCodeActionResult { StatusCode: { } status } && !context.Response.HasStarted)
        {
            context.Response.StatusCode = status;
        }
    }

    /// <summary>The app's route prefix as its host.json sets it (the host's default is "api").</summary>
    private static string RoutePrefix()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));
        var prefix = host.RootElement.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var value) ? value.GetString() : "api";
        return string.IsNullOrEmpty(prefix) ? "" : $"/{prefix}";
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
