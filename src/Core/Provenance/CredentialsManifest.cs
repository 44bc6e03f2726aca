using System.Globalization;
using System.Text.Json.Nodes;
using SoraFunctions.Core.Videos;

namespace SoraFunctions.Core.Provenance;

/// <summary>The clip a published one was made from, as its ingredient: a title, and its published master (carrying its own credentials) when it is still there.</summary>
public sealed record ParentClip(string Title, string? Master);

/// <summary>
/// The C2PA manifest a published clip carries: how it began (<c>c2pa.created</c> by a trained model for a generated
/// clip; <c>c2pa.opened</c> on the clip or upload it was made from), each edit of the toolkit, the video a remix,
/// edit or extension came from as an ingredient (its own manifest with it, so a chain shows whole), the cameos'
/// consent (<see cref="CameoConsentLabel"/>), a title and the member as the creator.
/// </summary>
public static class CredentialsManifest
{
    public const string Service = "SoraFunctions";

    /// <summary>This service's assertion of the cameos a clip casts and how each owner consented.</summary>
    public const string CameoConsentLabel = "org.sorafunctions.cameo-consent";

    public const string TrainedAlgorithmicMedia = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

    public const string CompositeWithTrainedAlgorithmicMedia = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia";

    private const string ParentLabel = "parent";

    /// <summary>The manifest definition and its ingredients for <paramref name="video"/>, made by <paramref name="generator"/>.</summary>
    public static (JsonObject Manifest, IReadOnlyList<CredentialIngredient> Ingredients) Describe(
        Video video, string generator, ParentClip? parent, DateTimeOffset at)
    {
        var spec = video.Spec;
        var when = at.ToString("O", CultureInfo.InvariantCulture);
        var agent = new JsonObject { ["name"] = $"{Service} {spec.Model}", ["version"] = generator };
        var actions = new JsonArray();
        var ingredients = new List<CredentialIngredient>();
        var opensAnotherClip = spec.Uploaded || spec.EditOf is not null || spec.Extends is not null;
        if (opensAnotherClip)
        {
            var title = parent?.Title ?? "A removed video";
            ingredients.Add(Ingredient(title, "parentOf", parent?.Master));
            actions.Add(new JsonObject { ["action"] = "c2pa.opened", ["when"] = when, ["parameters"] = Refers() });
            if (spec.Extends is { } extension)
            {
                actions.Add(new JsonObject
                {
                    ["action"] = "c2pa.edited",
                    ["when"] = when,
                    ["digitalSourceType"] = CompositeWithTrainedAlgorithmicMedia,
                    ["softwareAgent"] = agent.DeepClone(),
                    ["description"] = $"Extended with {spec.Seconds} s generated from its last frame",
                });
            }
        }
        else
        {
            var created = new JsonObject
            {
                ["action"] = "c2pa.created",
                ["when"] = when,
                ["digitalSourceType"] = TrainedAlgorithmicMedia,
                ["softwareAgent"] = agent.DeepClone(),
                ["description"] = spec.InputReference is null ? "Generated from a text prompt" : "Generated from a text prompt and an image",
            };
            if (video.RemixOf is { } remix)
            {
                var title = parent?.Title ?? $"A clip by @{remix.AuthorUsername}";
                ingredients.Add(Ingredient(title, "inputTo", parent?.Master));
                created["description"] = $"Generated as a remix of {char.ToLowerInvariant(title[0])}{title[1..]}";
                created["parameters"] = Refers();
            }

            actions.Add(created);
        }

        foreach (var (action, description) in Edits(spec.Edits))
        {
            actions.Add(new JsonObject { ["action"] = action, ["when"] = when, ["softwareAgent"] = new JsonObject { ["name"] = Service }, ["description"] = description });
        }

        var assertions = new JsonArray { new JsonObject { ["label"] = "c2pa.actions", ["data"] = new JsonObject { ["actions"] = actions } } };
        if (video.OwnerUsername is { } owner)
        {
            assertions.Add(new JsonObject
            {
                ["label"] = "stds.schema-org.CreativeWork",
                ["data"] = new JsonObject
                {
                    ["@context"] = "https://schema.org",
                    ["@type"] = "CreativeWork",
                    ["author"] = new JsonArray(new JsonObject { ["@type"] = "Person", ["name"] = $"@{owner}" }),
                },
            });
        }

        if (video.Cameos.Count > 0)
        {
            assertions.Add(new JsonObject
            {
                ["label"] = CameoConsentLabel,
                ["data"] = new JsonObject
                {
                    ["checked_at"] = when,
                    ["cameos"] = new JsonArray([.. video.Cameos.Select(cast => new JsonObject
                    {
                        ["cameo"] = $"@{cast.Username}",
                        ["consent"] = video.Reviews.Any(review => review.OwnerId == cast.OwnerId && review.Approved)
                            ? "permitted, and approved this clip on review"
                            : cast.OwnerId == video.OwnerId ? "their own cameo" : "permitted",
                    })]),
                },
            });
        }

        var manifest = new JsonObject
        {
            ["claim_generator_info"] = new JsonArray(new JsonObject { ["name"] = Service, ["version"] = typeof(CredentialsManifest).Assembly.GetName().Version?.ToString(3) }),
            ["title"] = TitleOf(video),
            ["assertions"] = assertions,
        };
        return (manifest, ingredients);
    }

    /// <summary>A clip's title in its credentials, and as the clips made from it name it.</summary>
    public static string TitleOf(Video video) => video.OwnerUsername is { } username ? $"A clip by @{username}" : $"A {Service} clip";

    /// <summary>The toolkit's edits as C2PA actions, in the order they apply.</summary>
    public static IEnumerable<(string Action, string Description)> Edits(EditList? edits)
    {
        if (edits is null)
        {
            yield break;
        }

        if (edits.Stabilize)
        {
            yield return ("c2pa.edited", "Stabilized");
        }

        if (edits.Trim is { } trim)
        {
            yield return ("c2pa.edited", $"Trimmed to {Seconds(trim.Start)}–{Seconds(trim.End)} s");
        }

        foreach (var ramp in edits.SpeedRamps)
        {
            yield return ("c2pa.edited", $"Speed ×{Seconds(ramp.Factor)} from {Seconds(ramp.Start)} to {Seconds(ramp.End)} s");
        }

        if (edits.Loop)
        {
            yield return ("c2pa.edited", "Looped");
        }

        if (edits.Grade is { } grade)
        {
            string?[] parts =
            [
                grade.Preset, grade.Lut is null ? null : "a LUT", grade.Brightness is { } b ? $"brightness {Seconds(b)}" : null,
                grade.Contrast is { } c ? $"contrast {Seconds(c)}" : null, grade.Saturation is { } s ? $"saturation {Seconds(s)}" : null,
            ];
            yield return ("c2pa.color_adjustments", $"Color graded: {string.Join(", ", parts.OfType<string>())}");
        }
    }

    private static CredentialIngredient Ingredient(string title, string relationship, string? master) => new(
        new JsonObject { ["title"] = title, ["relationship"] = relationship, ["label"] = ParentLabel, ["instance_id"] = ParentLabel },
        master);

    private static JsonObject Refers() => new() { ["ingredientIds"] = new JsonArray(ParentLabel) };

    private static string Seconds(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
