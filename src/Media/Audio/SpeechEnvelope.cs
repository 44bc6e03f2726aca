using System.Buffers.Binary;

namespace SoraFunctions.Media.Audio;

/// <summary>The loudness of speech frame by frame, normalized to 0–1, read from a 16-bit PCM WAV file.</summary>
public static class SpeechEnvelope
{
    public static float[] PerFrame(string wavPath, double framesPerSecond)
    {
        var bytes = File.ReadAllBytes(wavPath);
        var (channels, sampleRate, offset, length) = ReadPcm16(bytes);
        var data = bytes.AsSpan(offset, length);
        var samplesPerFrame = Math.Max(1, (int)(sampleRate / framesPerSecond));
        var frames = data.Length / 2 / channels / samplesPerFrame;
        var envelope = new float[frames];
        for (var f = 0; f < frames; f++)
        {
            double sum = 0;
            for (var n = 0; n < samplesPerFrame * channels; n++)
            {
                var sample = BinaryPrimitives.ReadInt16LittleEndian(data.Slice((f * samplesPerFrame * channels + n) * 2)) / 32768.0;
                sum += sample * sample;
            }

            envelope[f] = (float)Math.Sqrt(sum / (samplesPerFrame * channels));
        }

        var peak = envelope.Length == 0 ? 0 : envelope.Max();
        return peak <= 0 ? envelope : [.. envelope.Select(v => v / peak)];
    }

    /// <summary>Channels, sample rate, and where the samples are (offset and length in bytes).</summary>
    private static (int Channels, int SampleRate, int Offset, int Length) ReadPcm16(byte[] bytes)
    {
        var (channels, sampleRate, bits) = (0, 0, 0);
        for (var at = 12; at + 8 <= bytes.Length;)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, at, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 4));
            var body = at + 8;
            if (id == "fmt ")
            {
                channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 2));
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(body + 4));
                bits = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 14));
            }
            else if (id == "data")
            {
                if (bits != 16 || channels < 1)
                {
                    throw new MediaException("Speech must be 16-bit PCM.");
                }

                // espeak-ng writes a streaming header whose data size may be a placeholder: take what is there.
                var length = size <= 0 || body + size > bytes.Length ? bytes.Length - body : size;
                return (channels, sampleRate, body, length);
            }

            at = body + size + (size & 1);
        }

        throw new MediaException("The speech file has no PCM data.");
    }
}
