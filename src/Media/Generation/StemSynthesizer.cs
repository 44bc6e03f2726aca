using SoraFunctions.Media.Audio;

namespace SoraFunctions.Media.Generation;

/// <summary>
/// Synthesizes a plan's sound stems at 48 kHz stereo: an ambient bed for the setting and weather, music for the mood,
/// and effects at the planned cue times. Seeded, so a plan always sounds the same.
/// </summary>
public static class StemSynthesizer
{
    private const int SampleRate = StereoBuffer.SampleRate;

    public static StereoBuffer Ambience(ScenePlan plan)
    {
        var buffer = new StereoBuffer(plan.Seconds * SampleRate);
        var random = new Random(unchecked((int)plan.Seed) ^ 0x5EED);
        var (white, lowpassed, brown) = (0f, 0f, 0f);
        for (var i = 0; i < buffer.Frames; i++)
        {
            var t = i / (float)SampleRate;
            white = (float)(random.NextDouble() * 2 - 1);
            lowpassed += (white - lowpassed) * 0.08f;
            brown = Math.Clamp(brown * 0.998f + white * 0.02f, -1, 1);
            var sample = plan.Weather switch
            {
                Weather.Rain => lowpassed * 0.55f + white * 0.08f,
                Weather.Wind => brown * (0.6f + 0.4f * MathF.Sin(t * 0.9f)) * 1.4f,
                _ => plan.Setting switch
                {
                    Setting.Sea or Setting.Beach => lowpassed * 0.6f * Swell(t),
                    Setting.City => brown * 0.9f + lowpassed * 0.05f,
                    Setting.Space => 0.15f * (MathF.Sin(MathF.Tau * 55 * t) + 0.6f * MathF.Sin(MathF.Tau * 82.5f * t)),
                    Setting.Interior => brown * 0.2f,
                    _ => lowpassed * 0.12f + brown * 0.2f,
                },
            };
            if (plan.TimeOfDay == TimeOfDay.Night && plan.Setting is Setting.Field or Setting.Forest)
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
        var (tempo, chords, pluck) = plan.Mood switch
        {
            Mood.Happy => (112f, new[] { new[] { 60, 64, 67 }, [55, 59, 62], [57, 60, 64], [53, 57, 60] }, true),
            Mood.Sad => (66f, new[] { new[] { 57, 60, 64 }, [53, 57, 60], [48, 52, 55], [55, 59, 62] }, false),
            Mood.Tense => (84f, new[] { new[] { 45, 46, 52 }, [45, 48, 51], [44, 45, 51], [45, 46, 52] }, false),
            Mood.Epic => (90f, new[] { new[] { 45, 52, 57 }, [41, 48, 53], [48, 55, 60], [43, 50, 55] }, true),
            _ => (72f, new[] { new[] { 60, 64, 67, 71 }, [53, 57, 60, 64], [57, 60, 64, 67], [55, 59, 62, 65] }, false),
        };
        var beat = 60f / tempo;
        var bar = beat * 4;
        for (var i = 0; i < buffer.Frames; i++)
        {
            var t = i / (float)SampleRate;
            var chord = chords[(int)(t / bar) % chords.Length];
            var inBar = t % bar;
            var sample = 0f;

            // Pad: the chord held through the bar, swelling in and out.
            var pad = MathF.Min(1, inBar / 0.4f) * MathF.Min(1, (bar - inBar) / 0.3f);
            foreach (var note in chord)
            {
                var f = Frequency(note);
                sample += pad * 0.06f * (MathF.Sin(MathF.Tau * f * t) + 0.3f * MathF.Sin(MathF.Tau * 2 * f * t));
            }

            if (pluck)
            {
                // Arpeggio: one chord tone per half beat, decaying.
                var step = (int)(t / (beat / 2));
                var since = t % (beat / 2);
                var note = chord[step % chord.Length] + 12;
                sample += 0.12f * MathF.Exp(-since * 7) * MathF.Sin(MathF.Tau * Frequency(note) * t);
            }

            if (plan.Mood is Mood.Epic or Mood.Tense)
            {
                // Low drum on each beat: a falling sine thump.
                var since = t % beat;
                sample += 0.35f * MathF.Exp(-since * 18) * MathF.Sin(MathF.Tau * (50 + 60 * MathF.Exp(-since * 30)) * since);
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
            var (length, pan) = (cue.Kind switch
            {
                CueKind.Thunder => 2.5f, CueKind.Birdsong => 0.5f, CueKind.Horn => 0.6f, CueKind.Neigh => 0.9f, _ => 0.35f,
            }, (float)random.NextDouble() * 0.6f - 0.3f);
            var brown = 0f;
            for (var n = 0; n < length * SampleRate && start + n < buffer.Frames; n++)
            {
                var t = n / (float)SampleRate;
                var noise = (float)(random.NextDouble() * 2 - 1);
                brown = Math.Clamp(brown * 0.995f + noise * 0.05f, -1, 1);
                var sample = cue.Kind switch
                {
                    CueKind.Thunder => brown * 2.2f * MathF.Exp(-t * 1.6f) * MathF.Min(1, t * 8),
                    CueKind.Bark => Envelope(t, 0.16f) * 0.6f * (MathF.Sin(MathF.Tau * (520 - 900 * t) * t) + 0.4f * noise)
                        + Envelope(t - 0.2f, 0.12f) * 0.5f * MathF.Sin(MathF.Tau * (480 - 700 * t) * t),
                    CueKind.Meow => Envelope(t, 0.35f) * 0.35f * MathF.Sin(MathF.Tau * (700 + 300 * MathF.Sin(t * 9)) * t),
                    CueKind.Neigh => Envelope(t, 0.85f) * 0.3f * MathF.Sin(MathF.Tau * (900 + 250 * MathF.Sin(t * 40)) * t),
                    CueKind.Horn => Envelope(t, 0.55f) * 0.22f * (Square(400 * t) + Square(505 * t)),
                    _ => Chirps(t) * 0.25f,
                };
                buffer.Add(start + n, sample * (1 - pan), sample * (1 + pan));
            }
        }

        return buffer;
    }

    private static float Frequency(int midiNote) => 440f * MathF.Pow(2, (midiNote - 69) / 12f);

    private static float Swell(float t) => 0.3f + 0.7f * MathF.Pow(0.5f + 0.5f * MathF.Sin(MathF.Tau * t / 6.5f), 2);

    private static float Crickets(float t) => (t * 18 % 1 < 0.5f ? 1 : 0) * (t % 1.3f < 0.6f ? 1 : 0) * MathF.Sin(MathF.Tau * 4500 * t);

    private static float Chirps(float t)
    {
        var local = t % 0.12f;
        return t < 0.45f ? Envelope(local, 0.08f) * MathF.Sin(MathF.Tau * (2600 + 9000 * local) * local) : 0;
    }

    private static float Envelope(float t, float length) => t < 0 || t > length ? 0 : MathF.Sin(MathF.PI * t / length);

    private static float Square(float phase) => phase % 1 < 0.5f ? 1 : -1;
}
