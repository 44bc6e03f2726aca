using System.Buffers.Binary;

namespace SoraFunctions.Media.Audio;

/// <summary>Interleaved stereo float samples at 48 kHz, written out as 16-bit PCM WAV.</summary>
public sealed class StereoBuffer(int frames)
{
    public const int SampleRate = 48_000;

    private readonly float[] samples = new float[frames * 2];

    public int Frames => frames;

    public void Add(int frame, float left, float right)
    {
        samples[frame * 2] += left;
        samples[frame * 2 + 1] += right;
    }

    public float Peak => samples.Length == 0 ? 0 : samples.Max(MathF.Abs);

    /// <summary>Writes the buffer as a WAV file, scaled down if it would clip.</summary>
    public void WriteWav(string path)
    {
        var scale = Peak > 0.98f ? 0.98f / Peak : 1f;
        var dataBytes = samples.Length * 2;
        var bytes = new byte[44 + dataBytes];
        var span = bytes.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 2);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], SampleRate * 4);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 4);
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], dataBytes);
        for (var i = 0; i < samples.Length; i++)
        {
            var value = (short)Math.Clamp(samples[i] * scale * short.MaxValue, short.MinValue, short.MaxValue);
            BinaryPrimitives.WriteInt16LittleEndian(span[(44 + i * 2)..], value);
        }

        File.WriteAllBytes(path, bytes);
    }
}
