using SkiaSharp;

namespace SoraFunctions.Media.Generation.Drawing;

/// <summary>What lies along the horizon of an outdoor place.</summary>
public enum Skyline { Open, Hills, Mountains, Dunes, City, Trees, Sea, Lake, Village, Castle, Acacias, Stands, Moon, Space }

/// <summary>What the ground (or floor) is made of.</summary>
public enum Ground { Grass, Sand, Snow, Water, Road, Rock, Dirt, Wood, Tiles, Carpet, Concrete, Marble, Lunar, Seabed, Crops }

/// <summary>The painted pieces of a place that are neither ground nor horizon.</summary>
public enum Feature
{
    Window, Counter, Shelves, Stage, Curtains, Panels, Hoop, Columns, Chandelier, Glass, Plants, Platform, Tracks, Tiles, Pool, Lanes, Ramps,
    River, Shore, Seaweed, Rays, Fence, Pitch, Stars, Craters, Pier, Lamp, Sofa, Bar, Tables, Rows,
}

/// <summary>
/// A place the planner can set a scene in: outdoors under the sky with its horizon and ground, or indoors between a
/// wall and a floor; its painted features; the light it has of itself (a club is dim); whether water lies where the
/// ground would (the sea, underwater).
/// </summary>
public sealed record Scenery(
    string Name, bool Interior, Skyline Skyline, Ground Ground, SKColor Wall, IReadOnlyList<Feature> Features, LightKind? Ambient = null,
    bool Underwater = false)
{
    public bool HasSky => !Interior && !Underwater;
}

/// <summary>Every place a scene can be set in, by the names the vocabulary's places map to.</summary>
public static class Sceneries
{
    private static readonly SKColor Plaster = new(214, 196, 172);

    private static readonly Dictionary<string, Scenery> All = new[]
    {
        new Scenery("field", false, Skyline.Hills, Ground.Grass, Plaster, []),
        new Scenery("forest", false, Skyline.Trees, Ground.Grass, Plaster, []),
        new Scenery("beach", false, Skyline.Sea, Ground.Sand, Plaster, [Feature.Shore]),
        new Scenery("sea", false, Skyline.Sea, Ground.Water, Plaster, []),
        new Scenery("desert", false, Skyline.Dunes, Ground.Sand, Plaster, []),
        new Scenery("mountains", false, Skyline.Mountains, Ground.Rock, Plaster, []),
        new Scenery("snow", false, Skyline.Mountains, Ground.Snow, Plaster, []),
        new Scenery("space", false, Skyline.Space, Ground.Lunar, Plaster, [Feature.Stars]),
        new Scenery("moon", false, Skyline.Moon, Ground.Lunar, Plaster, [Feature.Stars, Feature.Craters]),
        new Scenery("city", false, Skyline.City, Ground.Road, Plaster, [Feature.Lamp]),
        new Scenery("village", false, Skyline.Village, Ground.Dirt, Plaster, [Feature.Fence]),
        new Scenery("castle", false, Skyline.Castle, Ground.Grass, Plaster, []),
        new Scenery("farm", false, Skyline.Hills, Ground.Crops, Plaster, [Feature.Fence, Feature.Rows]),
        new Scenery("savanna", false, Skyline.Acacias, Ground.Dirt, Plaster, []),
        new Scenery("lake", false, Skyline.Lake, Ground.Grass, Plaster, [Feature.Shore]),
        new Scenery("river", false, Skyline.Trees, Ground.Grass, Plaster, [Feature.River]),
        new Scenery("underwater", false, Skyline.Open, Ground.Seabed, Plaster, [Feature.Seaweed, Feature.Rays], Underwater: true),
        new Scenery("stadium", false, Skyline.Stands, Ground.Grass, Plaster, [Feature.Pitch]),
        new Scenery("skatepark", false, Skyline.City, Ground.Concrete, Plaster, [Feature.Ramps]),
        new Scenery("pool", false, Skyline.Open, Ground.Tiles, Plaster, [Feature.Pool, Feature.Lanes]),
        new Scenery("club", true, Skyline.Open, Ground.Wood, new SKColor(58, 30, 52), [Feature.Stage, Feature.Curtains, Feature.Bar], LightKind.Dim),
        new Scenery("stage", true, Skyline.Open, Ground.Wood, new SKColor(70, 24, 30), [Feature.Stage, Feature.Curtains], LightKind.Dim),
        new Scenery("kitchen", true, Skyline.Open, Ground.Tiles, new SKColor(236, 226, 204), [Feature.Window, Feature.Counter]),
        new Scenery("diner", true, Skyline.Open, Ground.Tiles, new SKColor(168, 92, 60), [Feature.Window, Feature.Counter, Feature.Lamp]),
        new Scenery("room", true, Skyline.Open, Ground.Wood, Plaster, [Feature.Window, Feature.Lamp]),
        new Scenery("library", true, Skyline.Open, Ground.Carpet, new SKColor(120, 82, 56), [Feature.Shelves, Feature.Lamp]),
        new Scenery("studio", true, Skyline.Open, Ground.Wood, new SKColor(70, 74, 84), [Feature.Panels, Feature.Lamp]),
        new Scenery("gym", true, Skyline.Open, Ground.Wood, new SKColor(200, 206, 212), [Feature.Hoop, Feature.Window]),
        new Scenery("ballroom", true, Skyline.Open, Ground.Marble, new SKColor(150, 40, 50), [Feature.Columns, Feature.Chandelier]),
        new Scenery("greenhouse", true, Skyline.Open, Ground.Tiles, new SKColor(200, 232, 220), [Feature.Glass, Feature.Plants]),
        new Scenery("subway", true, Skyline.Open, Ground.Concrete, new SKColor(218, 222, 214), [Feature.Tiles, Feature.Platform, Feature.Tracks]),
    }.ToDictionary(scenery => scenery.Name, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Names => All.Keys;

    public static Scenery For(string name) =>
        All.TryGetValue(name, out var scenery) ? scenery : throw new MediaException($"No scenery is called '{name}'.");
}
