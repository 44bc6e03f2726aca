using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoraFunctions.Local.Api;

namespace SoraFunctions.Local.Cli;

/// <summary>Builds the processes the CLI runs: a quiet host for commands, and the HTTP server.</summary>
public static class LocalHost
{
    public static IHost ForCommand(string dataPath, bool runPipelines)
    {
        // No settings files to probe: a command's settings come from its options and the environment.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddEnvironmentVariables();
        Configure(builder.Configuration, builder.Logging, dataPath, LogLevel.Warning);
        builder.Services.AddSoraLocal(runPipelines);
        return builder.Build();
    }

    /// <summary>The HTTP API on 127.0.0.1 (port 0 picks a free one), running pipelines in-process.</summary>
    public static WebApplication ForServer(string dataPath, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        Configure(builder.Configuration, builder.Logging, dataPath, LogLevel.Information);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(options => VideoObject.Configure(options.SerializerOptions));
        builder.Services.AddSoraLocal(runPipelines: true);
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapVideosApi();
        return app;
    }

    private static void Configure(ConfigurationManager configuration, ILoggingBuilder logging, string dataPath, LogLevel level)
    {
        configuration["Sora:DataPath"] = dataPath;
        logging.ClearProviders();
        logging.AddSimpleConsole(options => options.SingleLine = true).SetMinimumLevel(level);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    }
}
