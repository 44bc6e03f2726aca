using Microsoft.Extensions.Configuration;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Media.Generation;

namespace SoraFunctions.Worker;

/// <summary>The backend a job renders with, as configured (<c>Sora__Generator__*</c>), and what its failure is called.</summary>
public static class Generators
{
    /// <summary>The OpenAI-compatible server at <c>Sora__Generator__Endpoint</c>, or with none the procedural renderer.</summary>
    public static Func<GenerationJob, CancellationToken, Task<GenerationOutput>> From(IConfiguration configuration)
    {
        var options = configuration.GetSection(GeneratorOptions.Section).Get<GeneratorOptions>();
        if (options?.Endpoint is null)
        {
            return ProceduralGenerator.GenerateAsync;
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            throw new InvalidOperationException("Sora__Generator__Model must name the model the server at Sora__Generator__Endpoint serves.");
        }

        return new RemoteGenerator(options, RemoteGenerator.CreateClient(options)).GenerateAsync;
    }

    /// <summary>A failed generation's error: its own code when it has one.</summary>
    public static VideoError ErrorOf(Exception exception) =>
        exception is GenerationException generation ? generation.Error : new VideoError(ErrorCodes.GenerationFailed, exception.Message);
}
