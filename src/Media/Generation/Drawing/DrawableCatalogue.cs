using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using SkiaSharp;
using Svg.Skia;

namespace SoraFunctions.Media.Generation.Drawing;

/// <summary>
/// One illustration: its icon in the set, and the Unicode CLDR name and keywords people find it by, with its group
/// (<c>animals-nature</c>) and subgroup (<c>animal-mammal</c>).
/// </summary>
public sealed record Drawable(string Icon, string Label, IReadOnlyList<string> Tags, string Group, string Subgroup);

/// <summary>Where a drawable is put: standing on the ground, lying flat on it, in the sky, hanging from above, or in a hand.</summary>
public enum Placing { Ground, Flat, Air, Ceiling, Held }

/// <summary>
/// How a drawable stands in a scene (<c>figures.json</c>, <c>props.json</c>): its height in person-heights, its box's
/// width over height, which way it faces, whether it is a bust that needs a painted body, where in its box (0–1 from
/// the top-left, facing left) a hand holds and a mouth plays, where on it what stands on it stands (a diving board's
/// end), and where on it, as a thing held, it is held (a trumpet's mouthpiece, an umbrella's handle).
/// </summary>
public sealed record Figure(float Height, float Aspect, bool FacesRight, bool Bust, SKPoint Hand, SKPoint Mouth, SKPoint Stand, Placing Placing, SKPoint Hold);

/// <summary>
/// The illustrations the generator draws: Noto Emoji's SVG icons (Apache-2.0, in Iconify's JSON, 128 units square),
/// named and tagged by emojibase's CLDR data (MIT), as <c>npm ci</c> installs them in <c>src/Media/Drawables</c> and
/// the build copies them into <c>drawables/</c> beside the assemblies; and the painter's own props (<c>props.json</c>).
/// Each is parsed once through Svg.Skia and drawn into an image per size, kept for the process.
/// </summary>
public sealed class DrawableCatalogue
{
    /// <summary>The icons' square: every Noto icon is drawn in a 128 × 128 box.</summary>
    public const float Size = 128;

    private static readonly string[] Tones = ["light", "medium-light", "medium", "medium-dark", "dark"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly Lazy<DrawableCatalogue> Installed = new(() => Load(Path.Combine(AppContext.BaseDirectory, "drawables")));

    private readonly JsonElement icons;
    private readonly Dictionary<string, Drawable> byLabel;
    private readonly Dictionary<string, Drawable> byIcon;
    private readonly FiguresFile figures;
    private readonly Dictionary<string, PropEntry> props;
    private readonly ConcurrentDictionary<string, SKSvg> parsed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Drawable, int Height, SKColor Tint), SKImage> images = new();

    private DrawableCatalogue(JsonElement icons, IReadOnlyList<Drawable> entries, FiguresFile figures, Dictionary<string, PropEntry> props)
    {
        this.icons = icons;
        this.figures = figures;
        this.props = props;
        Entries = entries;
        byLabel = entries.GroupBy(entry => entry.Label, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
        byIcon = entries.GroupBy(entry => entry.Icon, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
    }

    /// <summary>The catalogue the build installed beside the assemblies.</summary>
    public static DrawableCatalogue Default => Installed.Value;

    public IReadOnlyList<Drawable> Entries { get; }

    /// <summary>The props the painter draws itself (<c>prop:table</c> is <c>table</c> here).</summary>
    public IReadOnlyCollection<string> Props => props.Keys;

    /// <summary>The drawable whose CLDR name is exactly <paramref name="label"/> (lower case: <c>hot beverage</c>), if any.</summary>
    public Drawable? Named(string label) => byLabel.GetValueOrDefault(label);

    public bool HasIcon(string icon) => icons.TryGetProperty(icon, out _);

    /// <summary>Whether the catalogue can draw <paramref name="drawable"/>: an icon of the set or one of its props.</summary>
    public bool CanDraw(string drawable) =>
        drawable.StartsWith(Actor.PropPrefix, StringComparison.Ordinal) ? props.ContainsKey(drawable[Actor.PropPrefix.Length..]) : HasIcon(drawable);

    /// <summary>A person's icon in one of the five skin tones (by <paramref name="pick"/>), where the set has them.</summary>
    public string Toned(string icon, int pick)
    {
        var toned = $"{icon}-{Tones[Math.Abs(pick) % Tones.Length]}-skin-tone";
        return HasIcon(toned) ? toned : icon;
    }

    /// <summary>How <paramref name="drawable"/> (an icon, toned or not, or a prop) stands in a scene.</summary>
    public Figure FigureOf(string drawable)
    {
        if (drawable.StartsWith(Actor.PropPrefix, StringComparison.Ordinal))
        {
            var prop = props.GetValueOrDefault(drawable[Actor.PropPrefix.Length..]) ?? throw new MediaException($"No prop is called '{drawable}'.");
            return new Figure(prop.Height, prop.Box[0] / prop.Box[1], false, false, new SKPoint(0.5f, 0.5f), new SKPoint(0.5f, 0.5f), new SKPoint(prop.Stand ?? 0.5f, prop.Top), prop.Place, new SKPoint(0.5f, 0.5f));
        }

        var icon = Untoned(drawable);
        var subgroup = byIcon.GetValueOrDefault(icon)?.Subgroup ?? "";
        var bust = figures.Busts.Contains(icon) || figures.BustSubgroups.Contains(subgroup);
        var height = figures.Heights.GetValueOrDefault(icon, figures.SubgroupHeights.GetValueOrDefault(subgroup, 0.4f));
        var hand = figures.Hands.GetValueOrDefault(bust ? "bust" : icon) ?? figures.Hands["default"];
        var mouth = figures.Mouths.GetValueOrDefault(bust ? "bust" : icon)
            ?? figures.Mouths[subgroup.StartsWith("animal-", StringComparison.Ordinal) ? "animal" : "default"];
        var hold = figures.Holds.GetValueOrDefault(icon) ?? figures.Holds["default"];
        return new Figure(
            height, 1, figures.FacesRight.Contains(icon), bust, new SKPoint(hand[0], hand[1]), new SKPoint(mouth[0], mouth[1]),
            new SKPoint(0.5f, figures.Tops.GetValueOrDefault(icon, figures.Tops["default"])), Placing.Ground, new SKPoint(hold[0], hold[1]));
    }

    /// <summary>
    /// <paramref name="drawable"/> drawn <paramref name="height"/> pixels tall (rounded up to a step of 16, so a few sizes
    /// serve a whole clip), clipped to its box (some icons draw beyond theirs), tinted by <paramref name="tint"/> (the
    /// scene's shade, laid over it as the light falls). Kept in the frame's own pixel format: drawing it is then a copy,
    /// where a tint or a conversion at every frame would cost several times as much.
    /// </summary>
    public SKImage Image(string drawable, float height, SKColor tint = default)
    {
        var step = Math.Clamp((int)MathF.Ceiling(height / 16) * 16, 16, 2048);
        return images.GetOrAdd((drawable, step, tint), key =>
        {
            var (name, pixels, shade) = key;
            var svg = Parsed(name);
            var (boxWidth, boxHeight) = name.StartsWith(Actor.PropPrefix, StringComparison.Ordinal)
                ? (props[name[Actor.PropPrefix.Length..]].Box[0], props[name[Actor.PropPrefix.Length..]].Box[1])
                : (Size, Size);
            var scale = pixels / boxHeight;
            var info = new SKImageInfo(Math.Max(1, (int)MathF.Ceiling(boxWidth * scale)), pixels, SKImageInfo.PlatformColorType, SKAlphaType.Premul);
            using var surface = SKSurface.Create(info) ?? throw new MediaException($"No surface for '{name}' at {pixels} px.");
            surface.Canvas.Clear(SKColors.Transparent);
            surface.Canvas.Scale(scale);
            surface.Canvas.ClipRect(new SKRect(0, 0, boxWidth, boxHeight));
            using var filter = shade.Alpha > 0 ? SKColorFilter.CreateBlendMode(shade, SKBlendMode.SrcATop) : null;
            using var paint = new SKPaint { ColorFilter = filter };
            surface.Canvas.DrawPicture(svg.Picture!, paint);
            return surface.Snapshot();
        });
    }

    /// <summary>The drawable's SVG, parsed once; the parsed document owns its picture, so it is kept too.</summary>
    private SKSvg Parsed(string drawable) => parsed.GetOrAdd(drawable, name =>
    {
        string document;
        if (name.StartsWith(Actor.PropPrefix, StringComparison.Ordinal))
        {
            var prop = props.GetValueOrDefault(name[Actor.PropPrefix.Length..]) ?? throw new MediaException($"No prop is called '{name}'.");
            document = $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {prop.Box[0]} {prop.Box[1]}\">{prop.Body}</svg>";
        }
        else
        {
            var body = icons.TryGetProperty(name, out var entry) ? entry.GetProperty("body").GetString() : null;
            document = $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Size} {Size}\">{body ?? throw new MediaException($"The illustrations have no icon '{name}'.")}</svg>";
        }

        var svg = new SKSvg();
        return svg.FromSvg(document) is null ? throw new MediaException($"The drawable '{name}' did not draw.") : svg;
    });

    private static string Untoned(string icon)
    {
        foreach (var tone in Tones)
        {
            if (icon.EndsWith($"-{tone}-skin-tone", StringComparison.Ordinal))
            {
                return icon[..^$"-{tone}-skin-tone".Length];
            }
        }

        return icon;
    }

    public static DrawableCatalogue Load(string folder)
    {
        string File(string name) =>
            System.IO.File.Exists(Path.Combine(folder, name))
                ? Path.Combine(folder, name)
                : throw new MediaException(
                    $"The illustrations are not installed ({Path.Combine(folder, name)} is missing): ./sora and ./run-tests install them (npm ci in src/Media/Drawables) before they build.");

        using var set = JsonDocument.Parse(System.IO.File.ReadAllBytes(File("noto-icons.json")));
        var icons = set.RootElement.GetProperty("icons").Clone();
        var chars = JsonSerializer.Deserialize<Dictionary<string, string>>(System.IO.File.ReadAllBytes(File("noto-chars.json")))!;
        using var groups = JsonDocument.Parse(System.IO.File.ReadAllBytes(File("emoji-groups.json")));
        string Name(string property, int key) => groups.RootElement.GetProperty(property).GetProperty(key.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetString()!;

        var entries = new List<Drawable>();
        foreach (var emoji in JsonDocument.Parse(System.IO.File.ReadAllBytes(File("emoji.json"))).RootElement.EnumerateArray())
        {
            if (!emoji.TryGetProperty("group", out var group) || !emoji.TryGetProperty("subgroup", out var subgroup))
            {
                continue; // regional indicators and the like: nothing to draw
            }

            var hexcode = emoji.GetProperty("hexcode").GetString()!.ToLowerInvariant();
            var label = emoji.GetProperty("label").GetString()!.ToLowerInvariant();
            var icon = chars.GetValueOrDefault(hexcode) ?? chars.GetValueOrDefault(hexcode.Replace("-fe0f", "", StringComparison.Ordinal)) ?? Slug(label);
            if (!icons.TryGetProperty(icon, out _))
            {
                continue;
            }

            var tags = emoji.TryGetProperty("tags", out var list) ? list.EnumerateArray().Select(tag => tag.GetString()!.ToLowerInvariant()).ToList() : [];
            entries.Add(new Drawable(icon, label, tags, Name("groups", group.GetInt32()), Name("subgroups", subgroup.GetInt32())));
        }

        return new DrawableCatalogue(icons, entries, Embedded<FiguresFile>("figures.json"), Embedded<Dictionary<string, PropEntry>>("props.json"));
    }

    private static T Embedded<T>(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"SoraFunctions.Media.Generation.Drawing.{name}")
            ?? throw new MediaException($"The painter's {name} is not embedded.");
        var file = JsonSerializer.Deserialize<JsonElement>(stream, Json);
        // The files explain themselves in a "$comment": not an entry.
        var entries = file.EnumerateObject().Where(property => property.Name != "$comment").ToDictionary(property => property.Name, property => property.Value);
        return JsonSerializer.SerializeToElement(entries).Deserialize<T>(Json) ?? throw new MediaException($"The painter's {name} is empty.");
    }

    private static string Slug(string label) =>
        string.Join('-', label.Split([' ', ':', ',', '.', '’', '\'', '(', ')', '!', '&'], StringSplitOptions.RemoveEmptyEntries));

    private sealed record FiguresFile(
        Dictionary<string, float> SubgroupHeights, Dictionary<string, float> Heights, HashSet<string> FacesRight, HashSet<string> Busts,
        HashSet<string> BustSubgroups, Dictionary<string, float[]> Hands, Dictionary<string, float[]> Mouths, Dictionary<string, float> Tops,
        Dictionary<string, float[]> Holds);

    private sealed record PropEntry(float[] Box, float Height, float Top, Placing Place, string Body, float? Stand = null);
}
