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
            (TimeOfDay.Night, Setting.City, Weather.Rain, CameraMove.PanLeft, Look.Neon),
            (plan.TimeOfDay, plan.Setting, plan.Weather, plan.Camera, plan.Look));
        var woman = Assert.Single(plan.Subjects);
        Assert.Equal((SubjectKind.Person, Motion.Walk, -1f), (woman.Kind, woman.Motion, woman.Direction));
        Assert.Equal("Not tonight.", Assert.Single(plan.Dialogue).Text);
    }

    [Fact]
    public void Counts_moods_and_sound_cues_come_from_the_prompt()
    {
        var plan = ScenePlanner.Plan("Two dogs chase each other through a sunny meadow, playful and happy, during a thunder storm", 8, 3);

        Assert.Equal(2, plan.Subjects.Count(s => s.Kind == SubjectKind.Dog));
        Assert.All(plan.Subjects, s => Assert.Equal(Motion.Run, s.Motion));
        Assert.Equal((Setting.Field, Mood.Happy, Weather.Rain), (plan.Setting, plan.Mood, plan.Weather));
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
            (parent.Setting, parent.Weather, parent.Camera, parent.Mood, parent.Seed),
            (night.Setting, night.Weather, night.Camera, night.Mood, night.Seed));
        Assert.Equal(parent.Subjects, night.Subjects); // the same people and animals, where they were, moving as they did
        Assert.Equal(parent.Dialogue, night.Dialogue);
        Assert.Equal(parent.Cues, night.Cues);

        var running = ScenePlanner.Plan([original, "they run"], 8, 77);
        Assert.Equal(parent.Subjects.Select(s => s with { Motion = Motion.Run }), running.Subjects);

        var robots = ScenePlanner.Plan([original, "two robots instead. \"Beep.\""], 8, 77);
        Assert.Equal([SubjectKind.Robot, SubjectKind.Robot], robots.Subjects.Select(s => s.Kind));
        Assert.Equal("Beep.", Assert.Single(robots.Dialogue).Text);
        Assert.Equal((parent.Setting, parent.TimeOfDay), (robots.Setting, robots.TimeOfDay));

        var chain = ScenePlanner.Plan([original, "make it night, in a noir look", "in the snow"], 8, 77);
        Assert.Equal((TimeOfDay.Night, Look.Noir, Setting.Snow), (chain.TimeOfDay, chain.Look, chain.Setting));
        Assert.Equal(JsonSerializer.Serialize(chain), JsonSerializer.Serialize(ScenePlanner.Plan([original, "make it night, in a noir look", "in the snow"], 8, 77)));
    }

    [Fact]
    public void A_remix_keeps_the_cameos_cast_and_casts_the_ones_it_adds()
    {
        var plan = ScenePlanner.Plan(["@ann dances in a field", "at night with @bob"], 8, 5);

        Assert.Equal(["ann", "bob"], plan.Subjects.Where(s => s.Cameo is not null).Select(s => s.Cameo));
        Assert.Equal(Motion.Dance, plan.Subjects[0].Motion);
        Assert.Equal((Setting.Field, TimeOfDay.Night), (plan.Setting, plan.TimeOfDay));
    }
}
