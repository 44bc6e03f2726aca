namespace SoraFunctions.Media.Likeness;

/// <summary>A voice's fundamental frequency, from 16-bit mono samples, by normalized autocorrelation of its voiced frames.</summary>
internal static class VoicePitch
{
    private const double LowestHz = 60;
    private const double HighestHz = 400;

    /// <summary>Below this correlation a frame is unvoiced (noise, a consonant) and left out.</summary>
    private const double VoicedCorrelation = 0.6;

    /// <summary>The median pitch of the voiced 40 ms frames loud enough to be speech (within 30 dB of the loudest); 0 when none are.</summary>
    public static double MedianHz(byte[] pcm, int sampleRate)
    {
        var samples = new double[pcm.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BitConverter.ToInt16(pcm, i * 2) / 32768.0;
        }

        var frame = sampleRate * 40 / 1000;
        var energies = new List<(int Start, double Energy)>();
        for (var start = 0; start + frame <= samples.Length; start += frame / 2)
        {
            var energy = 0.0;
            for (var i = start; i < start + frame; i++)
            {
                energy += samples[i] * samples[i];
            }

            energies.Add((start, energy / frame));
        }

        if (energies.Count == 0)
        {
            return 0;
        }

        var loudest = energies.Max(e => e.Energy);
        var pitches = new List<double>();
        foreach (var (start, energy) in energies.Where(e => e.Energy > 0 && e.Energy >= loudest / 1000))
        {
            if (PitchOf(samples.AsSpan(start, frame), sampleRate) is { } pitch)
            {
                pitches.Add(pitch);
            }
        }

        return pitches.Count == 0 ? 0 : pitches.Order().ElementAt(pitches.Count / 2);
    }

    private static double? PitchOf(ReadOnlySpan<double> frame, int sampleRate)
    {
        var shortest = (int)(sampleRate / HighestHz);
        var longest = Math.Min(frame.Length - 1, (int)(sampleRate / LowestHz));
        var (bestLag, best) = (0, 0.0);
        for (var lag = shortest; lag <= longest; lag++)
        {
            double product = 0, head = 0, tail = 0;
            for (var i = 0; i + lag < frame.Length; i++)
            {
                product += frame[i] * frame[i + lag];
                head += frame[i] * frame[i];
                tail += frame[i + lag] * frame[i + lag];
            }

            var correlation = head > 0 && tail > 0 ? product / Math.Sqrt(head * tail) : 0;
            if (correlation > best)
            {
                (bestLag, best) = (lag, correlation);
            }
        }

        return best >= VoicedCorrelation ? (double)sampleRate / bestLag : null;
    }
}
