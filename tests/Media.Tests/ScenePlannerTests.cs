using System.Text.Json;
using SoraFunctions.Media.Generation;

namespace SoraFunctions.Media.Tests;

public sealed class ScenePlannerTests
{
    [Fact]
    public void The_plan_follows_the_words_of_the_prompt()
    {
        var plan = ScenePlanner.Plan(
            "A rainy night in a neon city: a woman walks past shop windows as the camera pans left. She whispers \"Not tonight.\"",
            8, 1);

        Assert.Equal(
            (TimeOfDay.Night, "city", Weather.Rain, CameraMove.PanLeft, LightKind.Neon),
            (plan.TimeOfDay, plan.Scenery, plan.Weather, plan.Camera, Assert.Single(plan.Lights).Kind));
        var woman = Assert.Single(plan.Actors, actor => actor.Kind == ActorKind.Person);
        Assert.Equal((Motion.Walk, -1f), (woman.Motion, woman.Direction));
        Assert.Contains("window", plan.Actors.Select(actor => actor.Drawable)); // past shop windows
        Assert.Equal("Not tonight.", Assert.Single(plan.Dialogue).Text);
    }

    [Fact]
    public void Counts_moods_and_sound_cues_come_from_the_prompt()
    {
        var plan = ScenePlanner.Plan("Two dogs chase each other through a sunny meadow, playful and happy, during a thunder storm", 8, 3);

        Assert.Equal(2, plan.Actors.Count(s => s.Drawable == "dog"));
        Assert.All(plan.Actors, s => Assert.Equal(Motion.Run, s.Motion));
        Assert.Equal(("field", Mood.Happy, Weather.Storm), (plan.Scenery, plan.Mood, plan.Weather));
        Assert.Contains(plan.Cues, c => c.Kind == CueKind.Bark);
        Assert.Contains(plan.Cues, c => c.Kind == CueKind.Thunder);
        Assert.All(plan.Cues, c => Assert.InRange(c.AtSeconds, 0, 8));
    }

    [Fact]
    public void Dialogue_lines_are_spread_over_the_clip_in_order()
    {
        var plan = ScenePlanner.Plan("Two robots argue. \"You first.\" \"No, you.\" \"Fine.\"", 12, 5);

        Assert.Equal(["You first.", "No, you.", "Fine."], plan.Dialogue.Select(d => d.Text));
        Assert.Equal(plan.Dialogue.OrderBy(d => d.StartSeconds), plan.Dialogue);
        Assert.All(plan.Dialogue, d => Assert.Equal("robot", d.Voice));
        Assert.InRange(plan.Dialogue[^1].StartSeconds, 6, 11);
    }

    [Fact]
    public void The_same_prompt_and_seed_always_give_the_same_plan_and_other_seeds_fill_gaps_differently()
    {
        const string vague = "something beautiful";
        var first = JsonSerializer.Serialize(ScenePlanner.Plan(vague, 8, 42));

        Assert.Equal(first, JsonSerializer.Serialize(ScenePlanner.Plan(vague, 8, 42)));
        var others = Enumerable.Range(0, 20).Select(seed => JsonSerializer.Serialize(ScenePlanner.Plan(vague, 8, seed)));
        Assert.True(others.Distinct().Count() > 3, "open choices vary with the seed");
    }

    [Fact]
    public void A_remix_keeps_the_original_scene_and_changes_what_its_prompt_names()
    {
        const string original = "A woman and her dog walk along a beach at sunset. \"Come on!\"";
        var parent = ScenePlanner.Plan(original, 8, 77);

        var night = ScenePlanner.Plan([original, "make it night, in a noir look"], 8, 77);
        Assert.Equal((TimeOfDay.Night, Look.Noir), (night.TimeOfDay, night.Look));
        Assert.Equal(
            (parent.Scenery, parent.Weather, parent.Camera, parent.Mood, parent.Seed),
            (night.Scenery, night.Weather, night.Camera, night.Mood, night.Seed));
        Assert.Equal(parent.Actors, night.Actors); // the same people and animals, where they were, moving as they did
        Assert.Equal(parent.Dialogue, night.Dialogue);
        Assert.Equal(parent.Cues, night.Cues);

        var running = ScenePlanner.Plan([original, "they run"], 8, 77);
        // The same people and animals where they were, now running.
        Assert.All(running.Actors, actor => Assert.Equal(Motion.Run, actor.Motion));
        Assert.Equal(parent.Actors.Select(a => (a.Name, a.X, a.Depth)), running.Actors.Select(a => (a.Name, a.X, a.Depth)));

        var robots = ScenePlanner.Plan([original, "two robots instead. \"Beep.\""], 8, 77);
        Assert.Equal([ActorKind.Robot, ActorKind.Robot], robots.Actors.Select(s => s.Kind));
        Assert.Equal("Beep.", Assert.Single(robots.Dialogue).Text);
        Assert.Equal((parent.Scenery, parent.TimeOfDay), (robots.Scenery, robots.TimeOfDay));

        var chain = ScenePlanner.Plan([original, "make it night, in a noir look", "in the snow"], 8, 77);
        Assert.Equal((TimeOfDay.Night, Look.Noir, "snow"), (chain.TimeOfDay, chain.Look, chain.Scenery));
        Assert.Equal(JsonSerializer.Serialize(chain), JsonSerializer.Serialize(ScenePlanner.Plan([original, "make it night, in a noir look", "in the snow"], 8, 77)));
    }

    [Fact]
    public void A_remix_keeps_the_cameos_cast_and_casts_the_ones_it_adds()
    {
        var plan = ScenePlanner.Plan(["@ann dances in a field", "at night with @bob"], 8, 5);

        Assert.Equal(["ann", "bob"], plan.Actors.Where(s => s.Cameo is not null).Select(s => s.Cameo));
        Assert.Equal(Motion.Dance, plan.Actors[0].Motion);
        Assert.Equal(("field", TimeOfDay.Night), (plan.Scenery, plan.TimeOfDay));
    }
}
