using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using SoraFunctions.Api;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Videos;
using SoraFunctions.Media.Generation;

namespace SoraFunctions.Local.Cli;

/// <summary>
/// <c>./sora plan</c>: what the built-in generator will draw of a prompt — each thing, group, action, place, light,
/// weather, time and camera in the prompt's own words — what it understood but cannot draw, and the scene it plans.
/// Nothing is made or stored.
/// </summary>
public static class PlanCommand
{
    /// <summary>What <c>plan --json</c> prints.</summary>
    public sealed record Report(IReadOnlyList<string> Depicted, IReadOnlyList<string> NotDepicted, ScenePlan Plan);

    private static readonly JsonSerializerOptions Json = new(VideoObject.Json)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static Command Create()
    {
        var prompt = new Argument<string>("prompt") { Description = "The prompt to plan." };
        var seconds = new Option<string>("--seconds") { Description = "4, 8, 12, 16 or 20.", DefaultValueFactory = _ => "8" };
        var seed = new Option<long>("--seed") { Description = "Fills what the prompt leaves open, as generate --seed does.", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print depicted, not_depicted and the plan as JSON." };
        var command = new Command("plan", "Print what the generator will draw of a prompt, in its words, and what it will leave out.")
        {
            prompt, seconds, seed, json,
        };
        command.SetAction((parse, _) => PlanAsync(parse.GetValue(prompt), parse.GetValue(seconds), parse.GetValue(seed), parse.GetValue(json)));
        return command;
    }

    private static async Task<int> PlanAsync(string? prompt, string? seconds, long seed, bool json)
    {
        VideoSpec spec;
        try
        {
            spec = VideoSpec.From(new VideoRequest(prompt, Seconds: seconds, Seed: seed), () => seed);
        }
        catch (RequestRejectedException rejected)
        {
            await Console.Error.WriteLineAsync($"error: {rejected.Error.Code}: {rejected.Error.Message}");
            return SoraCli.BadInput;
        }

        var plan = ScenePlanner.Plan(spec.Prompt, spec.Seconds, spec.Seed);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new Report(plan.Depicted, plan.NotDepicted, plan), Json));
            return SoraCli.Done;
        }

        Console.WriteLine($"draws       {(plan.Depicted.Count == 0 ? "nothing the prompt names" : string.Join(" · ", plan.Depicted))}");
        Console.WriteLine($"leaves out  {(plan.NotDepicted.Count == 0 ? "nothing" : string.Join(" · ", plan.NotDepicted))}");
        Console.WriteLine($"scene       {plan.Scenery}, {Words(plan.TimeOfDay)}, {Words(plan.Weather)}, camera {Words(plan.Camera)}, music {Words(plan.Music)}"
            + (plan.Lights.Count == 0 ? "" : $", lit by {string.Join(" and ", plan.Lights.Select(light => Words(light.Kind)))}"));
        foreach (var group in plan.Actors.GroupBy(actor => actor.Name))
        {
            var first = group.First();
            var held = group.Select(actor => actor.Held).OfType<string>().Distinct().ToList();
            Console.WriteLine($"  {group.Count()} × {group.Key}: {Words(first.Motion)}{(held.Count == 0 ? "" : $", holding {string.Join(", ", held)}")}");
        }

        return SoraCli.Done;
    }

    private static string Words<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()).Replace('_', ' ');
}
