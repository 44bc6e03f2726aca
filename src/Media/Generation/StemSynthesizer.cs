using SoraFunctions.Media.Audio;

namespace SoraFunctions.Media.Generation;

/// <summary>
/// Synthesizes a plan's sound stems at 48 kHz stereo: an ambient bed for the place and the weather, music in the
/// plan's style (a score for the mood, or jazz, rock, electronic, classical or folk), and the effects its cues name,
/// each at its time — the ones that go on (a crowd, waves, a sizzling pan, an engine) from their time to the end.
/// Seeded, so a plan always sounds the same.
/// </summary>
public static class StemSynthesizer
{
    private const int SampleRate = StereoBuffer.SampleRate;

    /// <summary>Cues that are heard from their time to the end of the clip rather than once.</summary>
    public static bool Continuous(CueKind kind) =>
        kind is CueKind.Crowd or CueKind.Waves or CueKind.Fire or CueKind.Sizzle or CueKind.Bubbles or CueKind.Engine or CueKind.Train or CueKind.Buzz;

    public static StereoBuffer Ambience(ScenePlan plan)
    {
        var buffer = new StereoBuffer(plan.Seconds * SampleRate);
        var random = new Random(unchecked((int)plan.Seed) ^ 0x5EED);
        var (white, lowpassed, brown) = (0f, 0f, 0f);
        var open = plan.Scenery is "field" or "forest" or "farm" or "savanna" or "river" or "lake" or "village" or "castle";
        for (var i = 0; i < buffer.Frames; i++)
        {
            var t = i / (float)SampleRate;
            white = (float)(random.NextDouble() * 2 - 1);
            lowpassed += (white - lowpassed) * 0.08f;
            brown = Math.Clamp(brown * 0.998f + white * 0.02f, -1, 1);
            var sample = plan.Weather switch
            {
                Weather.Rain or Weather.Storm => lowpassed * 0.55f + white * 0.08f,
                Weather.Wind => brown * (0.6f + 0.4f * MathF.Sin(t * 0.9f)) * 1.4f,
                _ => plan.Scenery switch
                {
                    "sea" or "beach" or "lake" => lowpassed * 0.6f * Swell(t),
                    "city" or "subway" or "skatepark" => brown * 0.9f + lowpassed * 0.05f,
                    "space" or "moon" => 0.15f * (MathF.Sin(MathF.Tau * 55 * t) + 0.6f * MathF.Sin(MathF.Tau * 82.5f * t)),
                    "underwater" => lowpassed * 0.25f + brown * 0.4f,
                    "desert" or "snow" or "mountains" => brown * (0.5f + 0.3f * MathF.Sin(t * 0.6f)),
                    "stadium" => lowpassed * 0.3f * (0.7f + 0.3f * MathF.Sin(t * 0.8f)),
                    "club" or "diner" => brown * 0.25f + lowpassed * 0.1f * Murmur(t),
                    "pool" => lowpassed * 0.2f * Swell(t * 3),
                    _ when Drawing.Sceneries.For(plan.Scenery).Interior => brown * 0.2f,
                    _ => lowpassed * 0.12f + brown * 0.2f,
                },
            };
            if (open && plan.TimeOfDay == TimeOfDay.Night)
            {
                sample += Crickets(t) * 0.05f;
            }

            // A little decorrelation between channels widens the bed.
            buffer.Add(i, sample * 0.5f, (sample * 0.9f + lowpassed * 0.1f) * 0.5f);
        }

        return buffer;
    }

    public static StereoBuffer Music(ScenePlan plan)
    {
        var buffer = new StereoBuffer(plan.Seconds * SampleRate);
        var random = new Random(unchecked((int)plan.Seed) ^ 0x3A5);
        var (tempo, chords, pluck) = plan.Music switch
        {
            MusicStyle.Jazz => (132f, new[] { new[] { 50, 53, 57, 60 }, [55, 59, 62, 65], [48, 52, 55, 59], [57, 61, 64, 67] }, false),
            MusicStyle.Rock => (124f, new[] { new[] { 40, 47, 52 }, [43, 50, 55], [45, 52, 57], [38, 45, 50] }, false),
            MusicStyle.Electronic => (124f, new[] { new[] { 57, 60, 64 }, [53, 57, 60], [48, 52, 55], [55, 59, 62] }, true),
            MusicStyle.Classical => (76f, new[] { new[] { 60, 64, 67 }, [57, 60, 64], [53, 57, 60], [55, 59, 62] }, true),
            MusicStyle.Folk => (100f, new[] { new[] { 55, 59, 62 }, [60, 64, 67], [62, 66, 69], [55, 59, 62] }, true),
            _ => plan.Mood switch
            {
                Mood.Happy => (112f, new[] { new[] { 60, 64, 67 }, [55, 59, 62], [57, 60, 64], [53, 57, 60] }, true),
                Mood.Sad => (66f, new[] { new[] { 57, 60, 64 }, [53, 57, 60], [48, 52, 55], [55, 59, 62] }, false),
                Mood.Tense => (84f, new[] { new[] { 45, 46, 52 }, [45, 48, 51], [44, 45, 51], [45, 46, 52] }, false),
                Mood.Epic => (90f, new[] { new[] { 45, 52, 57 }, [41, 48, 53], [48, 55, 60], [43, 50, 55] }, true),
                _ => (72f, new[] { new[] { 60, 64, 67, 71 }, [53, 57, 60, 64], [57, 60, 64, 67], [55, 59, 62, 65] }, false),
            },
        };
        var beat = 60f / tempo;
        var bar = beat * 4;
        var walk = new[] { 0, 4, 7, 9 };
        for (var i = 0; i < buffer.Frames; i++)
        {
            var t = i / (float)SampleRate;
            var chord = chords[(int)(t / bar) % chords.Length];
            var inBar = t % bar;
            var inBeat = t % beat;
            var noise = (float)(random.NextDouble() * 2 - 1);
            var sample = 0f;
            switch (plan.Music)
            {
                case MusicStyle.Jazz:
                {
                    // A walking bass on every beat, a swung ride cymbal, comped chords on the off-beats, a breathy horn line.
                    var step = (int)(inBar / beat);
                    sample += 0.3f * MathF.Exp(-inBeat * 5) * MathF.Sin(MathF.Tau * Frequency(chord[0] - 12 + walk[step % 4]) * t);
                    var swung = (t + beat / 3) % beat;
                    sample += 0.05f * noise * (MathF.Exp(-inBeat * 14) + 0.6f * MathF.Exp(-swung * 20));
                    if (inBeat > beat * 0.5f && step % 2 == 1)
                    {
                        foreach (var note in chord)
                        {
                            sample += 0.035f * MathF.Exp(-(inBeat - beat * 0.5f) * 6) * MathF.Sin(MathF.Tau * Frequency(note) * t);
                        }
                    }

                    var lead = chord[(int)(t / (beat / 2)) % chord.Length] + 12;
                    var vibrato = 1 + 0.006f * MathF.Sin(MathF.Tau * 5.5f * t);
                    sample += 0.07f * Envelope(t % (beat / 2), beat / 2) * (Saw(Frequency(lead) * vibrato * t) * 0.5f + 0.05f * noise);
                    break;
                }

                case MusicStyle.Rock:
                {
                    // Power chords clipped hard, eighth-note bass, kick on 1 and 3, snare on 2 and 4.
                    var chordTone = chord.Sum(note => Saw(Frequency(note) * t));
                    sample += 0.12f * MathF.Tanh(chordTone * 2.5f) * (0.6f + 0.4f * MathF.Exp(-(t % (beat / 2)) * 6));
                    sample += 0.2f * MathF.Sin(MathF.Tau * Frequency(chord[0] - 12) * t) * MathF.Exp(-(t % (beat / 2)) * 4);
                    var count = (int)(inBar / beat);
                    sample += count % 2 == 0 ? Kick(inBeat) : 0.25f * noise * MathF.Exp(-inBeat * 16);
                    break;
                }

                case MusicStyle.Electronic:
                {
                    // Four on the floor, off-beat hats, a sidechained pad, an arpeggio on sixteenths.
                    sample += Kick(inBeat);
                    var offBeat = (t + beat / 2) % beat;
                    sample += 0.06f * noise * MathF.Exp(-offBeat * 40);
                    var duck = 1 - 0.7f * MathF.Exp(-inBeat * 8);
                    foreach (var note in chord)
                    {
                        sample += duck * 0.04f * Saw(Frequency(note) * t);
                    }

                    var sixteenth = beat / 4;
                    var arp = chord[(int)(t / sixteenth) % chord.Length] + 24;
                    sample += 0.06f * MathF.Exp(-(t % sixteenth) * 20) * Square(Frequency(arp) * t);
                    break;
                }

                default:
                {
                    // Pad: the chord held through the bar, swelling in and out (strings for classical: a touch of bow).
                    var pad = MathF.Min(1, inBar / 0.4f) * MathF.Min(1, (bar - inBar) / 0.3f);
                    foreach (var note in chord)
                    {
                        var f = Frequency(note);
                        sample += pad * 0.06f * (MathF.Sin(MathF.Tau * f * t) + (plan.Music == MusicStyle.Classical ? 0.25f * Saw(f * t) : 0.3f * MathF.Sin(MathF.Tau * 2 * f * t)));
                    }

                    if (pluck)
                    {
                        // Arpeggio: one chord tone per half beat, decaying (a strummed string for folk).
                        var step = (int)(t / (beat / 2));
                        var since = t % (beat / 2);
                        var note = chord[step % chord.Length] + 12;
                        var decay = plan.Music == MusicStyle.Folk ? 5 : 7;
                        sample += 0.12f * MathF.Exp(-since * decay) * (MathF.Sin(MathF.Tau * Frequency(note) * t) + (plan.Music == MusicStyle.Folk ? 0.3f * Saw(Frequency(note) * t) : 0));
                    }

                    if (plan.Music == MusicStyle.Score && plan.Mood is Mood.Epic or Mood.Tense)
                    {
                        sample += Kick(inBeat);
                    }

                    break;
                }
            }

            buffer.Add(i, sample, sample);
        }

        return buffer;
    }

    public static StereoBuffer Effects(ScenePlan plan)
    {
        var buffer = new StereoBuffer(plan.Seconds * SampleRate);
        var random = new Random(unchecked((int)plan.Seed) ^ 0xEFF);
        foreach (var cue in plan.Cues)
        {
            var start = (int)(cue.AtSeconds * SampleRate);
            var length = Continuous(cue.Kind) ? plan.Seconds - (float)cue.AtSeconds : cue.Kind switch
            {
                CueKind.Thunder => 2.5f, CueKind.Birdsong => 0.5f, CueKind.Horn => 0.6f, CueKind.Neigh => 0.9f, CueKind.Roar => 1.4f,
                CueKind.Splash => 1.2f, CueKind.Bell => 2f, CueKind.Firework => 1.6f, CueKind.Clink => 0.6f, _ => 0.35f,
            };
            var pan = (float)random.NextDouble() * 0.6f - 0.3f;
            var (brown, lowpassed) = (0f, 0f);
            for (var n = 0; n < length * SampleRate && start + n < buffer.Frames; n++)
            {
                var t = n / (float)SampleRate;
                var noise = (float)(random.NextDouble() * 2 - 1);
                brown = Math.Clamp(brown * 0.995f + noise * 0.05f, -1, 1);
                lowpassed += (noise - lowpassed) * 0.1f;
                var fade = Continuous(cue.Kind) ? MathF.Min(1, t / 0.5f) * MathF.Min(1, (length - t) / 0.3f) : 1;
                var sample = fade * cue.Kind switch
                {
                    CueKind.Thunder => brown * 2.2f * MathF.Exp(-t * 1.6f) * MathF.Min(1, t * 8),
                    CueKind.Bark => Envelope(t, 0.16f) * 0.6f * (MathF.Sin(MathF.Tau * (520 - 900 * t) * t) + 0.4f * noise)
                        + Envelope(t - 0.2f, 0.12f) * 0.5f * MathF.Sin(MathF.Tau * (480 - 700 * t) * t),
                    CueKind.Meow => Envelope(t, 0.35f) * 0.35f * MathF.Sin(MathF.Tau * (700 + 300 * MathF.Sin(t * 9)) * t),
                    CueKind.Neigh => Envelope(t, 0.85f) * 0.3f * MathF.Sin(MathF.Tau * (900 + 250 * MathF.Sin(t * 40)) * t),
                    CueKind.Horn => Envelope(t, 0.55f) * 0.22f * (Square(400 * t) + Square(505 * t)),
                    CueKind.Roar => Envelope(t, 1.3f) * (0.5f * brown * 3 + 0.25f * MathF.Tanh(3 * MathF.Sin(MathF.Tau * (90 + 30 * MathF.Sin(t * 7)) * t))),
                    CueKind.Crowd => Murmur(t) * lowpassed * 0.5f + 0.08f * noise * MathF.Max(0, MathF.Sin(t * 0.7f)),
                    CueKind.Waves => lowpassed * 0.7f * Swell(t),
                    CueKind.Splash => noise * 0.6f * MathF.Exp(-t * 4) * MathF.Min(1, t * 60) + lowpassed * 0.4f * MathF.Exp(-t * 2),
                    CueKind.Sizzle => noise * 0.12f * (0.6f + 0.4f * Crackle(t, random)),
                    CueKind.Fire => lowpassed * 0.2f + 0.3f * Crackle(t, random) * noise,
                    CueKind.Squeak => Envelope(t % 0.9f, 0.12f) * 0.25f * MathF.Sin(MathF.Tau * (2400 + 1800 * (t % 0.9f)) * t),
                    CueKind.Engine => 0.25f * MathF.Tanh(2 * MathF.Sin(MathF.Tau * 38 * t) + brown * 2),
                    CueKind.Train => 0.2f * brown * 2 + 0.2f * Envelope(t % 0.45f, 0.08f) * noise,
                    CueKind.Bell => 0.25f * MathF.Exp(-t * 1.8f) * (MathF.Sin(MathF.Tau * 880 * t) + 0.5f * MathF.Sin(MathF.Tau * 2204 * t)),
                    CueKind.Firework => t < 0.6f ? 0.15f * noise * t / 0.6f : 0.9f * brown * MathF.Exp(-(t - 0.6f) * 3) + 0.2f * noise * MathF.Exp(-(t - 0.6f) * 5),
                    CueKind.Bubbles => 0.15f * Envelope(t % 0.23f, 0.06f) * MathF.Sin(MathF.Tau * (600 + 2500 * (t % 0.23f)) * t),
                    CueKind.Clink => 0.3f * MathF.Exp(-t * 9) * (MathF.Sin(MathF.Tau * 3100 * t) + MathF.Sin(MathF.Tau * 4700 * t)),
                    CueKind.Buzz => 0.06f * Saw(220 * t + 0.3f * MathF.Sin(t * 3)),
                    _ => Chirps(t) * 0.25f,
                };
                buffer.Add(start + n, sample * (1 - pan), sample * (1 + pan));
            }
        }

        return buffer;
    }

    private static float Frequency(int midiNote) => 440f * MathF.Pow(2, (midiNote - 69) / 12f);

    private static float Swell(float t) => 0.3f + 0.7f * MathF.Pow(0.5f + 0.5f * MathF.Sin(MathF.Tau * t / 6.5f), 2);

    /// <summary>The rise and fall of many voices talking at once.</summary>
    private static float Murmur(float t) => 0.6f + 0.25f * MathF.Sin(t * 2.3f) + 0.15f * MathF.Sin(t * 5.1f);

    private static float Crickets(float t) => (t * 18 % 1 < 0.5f ? 1 : 0) * (t % 1.3f < 0.6f ? 1 : 0) * MathF.Sin(MathF.Tau * 4500 * t);

    /// <summary>Now and then a pop: fat in a pan, a log in a fire.</summary>
    private static float Crackle(float t, Random random) => random.NextDouble() < 0.0006 ? 3 : MathF.Sin(t * 31) > 0.97f ? 2 : 0;

    private static float Chirps(float t)
    {
        var local = t % 0.12f;
        return t < 0.45f ? Envelope(local, 0.08f) * MathF.Sin(MathF.Tau * (2600 + 9000 * local) * local) : 0;
    }

    /// <summary>A low drum: a falling sine thump.</summary>
    private static float Kick(float since) => 0.35f * MathF.Exp(-since * 18) * MathF.Sin(MathF.Tau * (50 + 60 * MathF.Exp(-since * 30)) * since);

    private static float Envelope(float t, float length) => t < 0 || t > length ? 0 : MathF.Sin(MathF.PI * t / length);

    private static float Square(float phase) => phase % 1 < 0.5f ? 1 : -1;

    private static float Saw(float phase) => 2 * (phase % 1) - 1;
}
