using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoraFunctions.Api;
using SoraFunctions.Orchestrations.Pipeline;

namespace SoraFunctions.Local.Cli;

/// <summary>Builds the processes the CLI runs: a quiet host for commands, and the HTTP server.</summary>
public static class LocalHost
{
    public static IHost ForCommand(string dataPath, bool runPipelines)
    {
        var builder = CommandBuilder(dataPath);
        builder.Services.AddSoraLocal(builder.Configuration, runPipelines);
        return builder.Build();
    }

    /// <summary>
    /// Only the content screener, with the configured policy, and the generator's preview: nothing is read from or
    /// written to the data folder's stores.
    /// </summary>
    public static IHost ForScreening(string dataPath)
    {
        var builder = CommandBuilder(dataPath);
        builder.Services.AddContentAnalyzer();
        builder.Services.AddScenePreview();
        return builder.Build();
    }

    private static HostApplicationBuilder CommandBuilder(string dataPath)
    {
        // Settings come from the data folder's settings.json, the environment and the command's options; nothing else is probed.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        AddSettings(builder.Configuration, dataPath);
        Configure(builder.Configuration, builder.Logging, dataPath, LogLevel.Warning);
        return builder;
    }

    /// <summary>Optional settings in the data folder, e.g. <c>{"Sora": {"Safety": {"BlockedTerms": ["…"]}}}</c>.</summary>
    public const string SettingsFile = "settings.json";

    /// <summary>The HTTP API on 127.0.0.1 (port 0 picks a free one), running pipelines in-process.</summary>
    public static WebApplication ForServer(string dataPath, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        AddSettings(builder.Configuration, dataPath);
        Configure(builder.Configuration, builder.Logging, dataPath, LogLevel.Information);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var code = VideosApi.CodeForStatus(context.ProblemDetails.Status);
            context.ProblemDetails.Extensions.TryAdd("code", code);
            context.ProblemDetails.Extensions.TryAdd("error", VideosApi.OpenAiError(context.ProblemDetails.Status, code, context.ProblemDetails.Detail ?? context.ProblemDetails.Title));
        });
        builder.Services.ConfigureHttpJsonOptions(options => VideoObject.Configure(options.SerializerOptions));
        builder.Services.AddSoraLocal(builder.Configuration, runPipelines: true);
        builder.Services.AddMemberAuthentication();
        builder.Services.AddApiDescription();
        builder.Services.AddHostedService<PipelineResumer>();
        var app = builder.Build();
        app.Use((context, next) =>
        {
            ResponseHeaders.Apply(context.Response);
            return next(context);
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapAccountsApi();
        app.MapRelationsApi();
        app.MapVideosApi();
        app.MapCameosApi();
        app.MapEngagementApi();
        app.MapNotificationsApi();
        app.MapFeedsApi();
        app.MapSearchApi();
        app.MapModerationApi();
        app.MapWebhooksApi();
        app.MapWebApp();
        app.MapApiDescription();
        return app;
    }

    /// <summary>The data folder's settings file, then the environment, which wins.</summary>
    private static void AddSettings(IConfigurationBuilder configuration, string dataPath) =>
        configuration.AddJsonFile(Path.GetFullPath(Path.Combine(dataPath, SettingsFile)), optional: true).AddEnvironmentVariables();

    private static void Configure(ConfigurationManager configuration, ILoggingBuilder logging, string dataPath, LogLevel level)
    {
        configuration["Sora:DataPath"] = dataPath;
        logging.ClearProviders();
        logging.AddSimpleConsole(options => options.SingleLine = true).SetMinimumLevel(level);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Durable Task's backend tells of every poll and lease at Information.
        logging.AddFilter("DurableTask", LogLevel.Warning);
        // A host that fails to start logs the exception's stack; the command reports the failure itself, with its code.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
    }
}
