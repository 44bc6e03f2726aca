using System.Buffers.Binary;

namespace SoraFunctions.Media;

/// <summary>
/// What an image file's header says before anything is decoded: its format (the ffmpeg demuxer that reads it), its
/// width and height. Read from the bytes alone, so a 16,000×16,000 picture of a few hundred kilobytes is refused
/// without decoding it.
/// </summary>
public sealed record ImageHeader(string Demuxer, int Width, int Height)
{
    public long Pixels => (long)Width * Height;

    /// <summary>The header of a PNG, JPEG or WebP image; null for anything else, or a header that does not read.</summary>
    public static ImageHeader? Read(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]) ? Png(bytes)
                : bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? Jpeg(bytes)
                : bytes.Length >= 30 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? WebP(bytes)
                : null;
        }
        catch (Exception exception) when (exception is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null; // cut short
        }
    }

    private static ImageHeader? Png(ReadOnlySpan<byte> bytes) =>
        bytes[12..16].SequenceEqual("IHDR"u8)
            ? Sized("png_pipe", BinaryPrimitives.ReadInt32BigEndian(bytes[16..]), BinaryPrimitives.ReadInt32BigEndian(bytes[20..]))
            : null;

    /// <summary>Walks the JPEG's segments to its frame header (SOFn).</summary>
    private static ImageHeader? Jpeg(ReadOnlySpan<byte> bytes)
    {
        var at = 2;
        while (at + 4 <= bytes.Length)
        {
            if (bytes[at] != 0xFF)
            {
                return null;
            }

            var marker = bytes[at + 1];
            if (marker == 0xFF)
            {
                at++; // fill
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                at += 2; // no length
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 2)..]);
            if (length < 2)
            {
                return null;
            }

            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                var frame = bytes.Slice(at + 4, length - 2);
                return Sized("jpeg_pipe", BinaryPrimitives.ReadUInt16BigEndian(frame[3..]), BinaryPrimitives.ReadUInt16BigEndian(frame[1..]));
            }

            at += 2 + length;
        }

        return null;
    }

    /// <summary>The first chunk after the RIFF header: lossy (VP8), lossless (VP8L) or extended (VP8X, with the canvas size).</summary>
    private static ImageHeader? WebP(ReadOnlySpan<byte> bytes)
    {
        var chunk = bytes[12..16];
        var data = bytes[20..];
        if (chunk.SequenceEqual("VP8 "u8))
        {
            return Sized("webp_pipe", BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[8..]) & 0x3FFF);
        }

        if (chunk.SequenceEqual("VP8L"u8) && data[0] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[1..]);
            return Sized("webp_pipe", (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8X"u8))
        {
            static int U24(ReadOnlySpan<byte> b) => b[0] | (b[1] << 8) | (b[2] << 16);
            return Sized("webp_pipe", U24(data[4..]) + 1, U24(data[7..]) + 1);
        }

        return null;
    }

    private static ImageHeader? Sized(string demuxer, int width, int height) =>
        width > 0 && height > 0 ? new ImageHeader(demuxer, width, height) : null;
}
