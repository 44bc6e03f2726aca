using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SoraFunctions.Media;

namespace SoraFunctions.Local.Tests;

/// <summary>
/// Images members upload: refused from their header when they hold more pixels than their use takes (before anything is
/// decoded), and an avatar made anew, so that nothing of the file but its pixels reaches anyone who views it.
/// </summary>
public sealed class UploadTests : ServerTest
{
    protected override Task PrepareDataAsync() => TestServer.RefuseEveryPromptAsync(Data);

    [Fact]
    public async Task A_picture_of_sixteen_thousand_pixels_a_side_is_refused_from_its_header_as_avatar_and_as_input()
    {
        var bomb = PngHeader(16_000, 16_000);

        var avatar = await Http.PutAsync("/v1/me/avatar", Image(bomb, "image/png"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent("A street at night"), "prompt" },
            { new ByteArrayContent(bomb), "input_reference", "huge.png" },
        };
        var input = await Http.PostAsync("/v1/videos", form);

        Assert.Equal((HttpStatusCode.BadRequest, "ACCOUNT.AVATAR_TOO_LARGE"), (avatar.StatusCode, (await ReadAsync(avatar)).GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION.INPUT_REFERENCE.TOO_LARGE"), (input.StatusCode, (await ReadAsync(input)).GetProperty("code").GetString()));
        Assert.Contains("16,000", (await ReadAsync(avatar)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_avatar_is_served_made_anew_upright_without_its_metadata_or_what_was_appended()
    {
        var photo = Path.Combine(Path.GetDirectoryName(Data)!, "photo.jpg");
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc=size=320x240", "-frames:v", "1", photo]);
        // A camera's EXIF: the picture is to be turned a quarter clockwise, and where it was taken; then a script appended.
        var jpeg = WithExif(await File.ReadAllBytesAsync(photo), orientation: 6, "GPS 38.7223 N 9.1393 W");
        jpeg = [.. jpeg, .. "<script>alert(1)</script>"u8.ToArray()];

        var set = await Http.PutAsync("/v1/me/avatar", Image(jpeg, "image/jpeg"));
        var served = await Http.GetAsync("/v1/members/local/avatar");
        var bytes = await served.Content.ReadAsByteArrayAsync();
        var header = ImageHeader.Read(bytes);

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(("image/webp", "nosniff"), (served.Content.Headers.ContentType?.MediaType, served.Headers.GetValues("X-Content-Type-Options").Single()));
        Assert.Equal((240, 320), (header?.Width, header?.Height)); // turned upright
        var text = Encoding.Latin1.GetString(bytes);
        Assert.DoesNotContain("GPS", text, StringComparison.Ordinal);
        Assert.DoesNotContain("script", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exif", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_answer_forbids_sniffing_its_content()
    {
        using var anonymous = new HttpClient { BaseAddress = Http.BaseAddress };
        foreach (var answer in new[] { await Http.GetAsync("/v1/me"), await anonymous.GetAsync("/v1/me"), await anonymous.GetAsync("/v1/nothing"), await anonymous.GetAsync("/") })
        {
            Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    private static ByteArrayContent Image(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    /// <summary>A PNG's signature and header chunk claiming that size, and nothing else: what a decompression bomb shows first.</summary>
    private static byte[] PngHeader(int width, int height)
    {
        var png = new byte[33];
        new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(png, 0);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        png[24] = 8; // bit depth
        png[25] = 2; // truecolour
        return png;
    }

    /// <summary>The JPEG with an EXIF segment after its start: an orientation tag, and an image description.</summary>
    private static byte[] WithExif(byte[] jpeg, ushort orientation, string description)
    {
        var text = Encoding.ASCII.GetBytes(description + "\0");
        var tiff = new List<byte>();
        tiff.AddRange("II"u8.ToArray());
        tiff.AddRange(BitConverter.GetBytes((ushort)42));
        tiff.AddRange(BitConverter.GetBytes(8u)); // the first directory
        tiff.AddRange(BitConverter.GetBytes((ushort)2)); // two entries
        tiff.AddRange(BitConverter.GetBytes((ushort)0x010E)); // ImageDescription, ASCII
        tiff.AddRange(BitConverter.GetBytes((ushort)2));
        tiff.AddRange(BitConverter.GetBytes((uint)text.Length));
        tiff.AddRange(BitConverter.GetBytes(8u + 2 + 2 * 12 + 4)); // the text after the directory
        tiff.AddRange(BitConverter.GetBytes((ushort)0x0112)); // Orientation, SHORT
        tiff.AddRange(BitConverter.GetBytes((ushort)3));
        tiff.AddRange(BitConverter.GetBytes(1u));
        tiff.AddRange(BitConverter.GetBytes((uint)orientation));
        tiff.AddRange(BitConverter.GetBytes(0u)); // no next directory
        tiff.AddRange(text);
        byte[] payload = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        var length = (ushort)(payload.Length + 2);
        return [.. jpeg[..2], 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload, .. jpeg[2..]];
    }
}
