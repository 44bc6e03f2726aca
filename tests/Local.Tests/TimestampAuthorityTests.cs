using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using SoraFunctions.Core.Hosting;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Core.Videos;
using SoraFunctions.Media;
using SoraFunctions.Media.Publishing;
using SoraFunctions.Tests.Shared;

namespace SoraFunctions.Local.Tests;

/// <summary>Signatures dated by an RFC 3161 time-stamping authority, as an operator with a CA-issued certificate sets one.</summary>
public sealed class TimestampAuthorityTests : DataFolderTest
{
    [Fact]
    public async Task With_a_time_stamping_authority_each_signature_carries_the_time_it_was_made()
    {
        using var authority = new TimestampAuthority();
        var (server, address) = await LoopbackServer.StartAsync(app => app.MapPost("/", authority.AnswerAsync));
        await using var _ = server;
        using var key = new FileKeySigner(new DataFolder(Data));
        using var signer = new C2paSigner(key, new ContentCredentialsOptions { TimestampAuthority = address.ToString() }, NullLogger<C2paSigner>.Instance);
        var clip = Path.Combine(Data, "clip.mp4");
        await Ffmpeg.RunAsync(["-f", "lavfi", "-i", "testsrc2=s=320x240:r=24:d=2", "-c:v", "libx264", "-pix_fmt", "yuv420p", clip]);
        var video = Video.Queue("video_1", "member_ann", new VideoSpec("a kite", "sora-2", 4, 320, 240, 7), DateTimeOffset.UtcNow, ownerUsername: "ann");
        var (manifest, _) = CredentialsManifest.Describe(video, "procedural-cpu/1", parent: null, DateTimeOffset.UtcNow);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await signer.EmbedAsync(clip, Path.Combine(Data, "signed.mp4"), manifest, []);
        var report = await signer.ReadAsync(Path.Combine(Data, "signed.mp4"), (await key.CertificatesAsync()).TrustAnchorsPem + authority.RootPem);

        Assert.True(report!.State == "Trusted", report.Store["validation_results"]?.ToJsonString());
        Assert.InRange(report.SignedAt!.Value, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(1, authority.Answered);
    }

    /// <summary>
    /// A time-stamping authority as RFC 3161 has it: a TimeStampReq in, a granted TimeStampResp out, its token a CMS
    /// SignedData over a TSTInfo (the request's message imprint and nonce, the time) signed by a certificate for time
    /// stamping, which names itself in an ESS signing-certificate-v2 attribute (RFC 5816).
    /// </summary>
    private sealed class TimestampAuthority : IDisposable
    {
        private readonly X509Certificate2 certificate;
        private readonly ConcurrentQueue<byte[]> requests = new();
        private long serial;

        public TimestampAuthority()
        {
            using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var rootRequest = new CertificateRequest("CN=Test time-stamping root", rootKey, HashAlgorithmName.SHA256);
            rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
            rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
            using var root = rootRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            RootPem = root.ExportCertificatePem() + "\n";
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=Test time-stamping authority", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], true));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
            using var issued = request.Create(root, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMonths(6), [1, 2, 3, 4]);
            certificate = issued.CopyWithPrivateKey(key);
        }

        public string RootPem { get; }

        public int Answered => requests.Count;

        public async Task<IResult> AnswerAsync(HttpRequest request)
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            requests.Enqueue(body.ToArray());
            return Results.Bytes(Respond(body.ToArray()), "application/timestamp-reply");
        }

        public void Dispose() => certificate.Dispose();

        private byte[] Respond(byte[] query)
        {
            // TimeStampReq ::= SEQUENCE { version, messageImprint, reqPolicy OPTIONAL, nonce OPTIONAL, certReq, extensions }
            var fields = new AsnReader(query, AsnEncodingRules.DER).ReadSequence();
            fields.ReadInteger();
            var imprint = fields.ReadEncodedValue();
            BigInteger? nonce = null;
            while (fields.HasData)
            {
                var tag = fields.PeekTag();
                if (tag.HasSameClassAndValue(Asn1Tag.Integer))
                {
                    nonce = fields.ReadInteger();
                }
                else
                {
                    fields.ReadEncodedValue();
                }
            }

            var info = new AsnWriter(AsnEncodingRules.DER);
            using (info.PushSequence())
            {
                info.WriteInteger(1);
                info.WriteObjectIdentifier("1.2.3.4.1"); // the policy
                info.WriteEncodedValue(imprint.Span);
                info.WriteInteger(Interlocked.Increment(ref serial));
                info.WriteGeneralizedTime(DateTimeOffset.UtcNow, omitFractionalSeconds: true);
                if (nonce is { } value)
                {
                    info.WriteInteger(value);
                }
            }

            var signed = new SignedCms(new ContentInfo(new Oid("1.2.840.113549.1.9.16.1.4"), info.Encode()));
            var tsa = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate) { IncludeOption = X509IncludeOption.EndCertOnly };
            var signingCertificate = new AsnWriter(AsnEncodingRules.DER);
            using (signingCertificate.PushSequence())
            using (signingCertificate.PushSequence())
            using (signingCertificate.PushSequence())
            {
                signingCertificate.WriteOctetString(SHA256.HashData(certificate.RawData));
            }

            tsa.SignedAttributes.Add(new AsnEncodedData("1.2.840.113549.1.9.16.2.47", signingCertificate.Encode()));
            signed.ComputeSignature(tsa);

            var response = new AsnWriter(AsnEncodingRules.DER);
            using (response.PushSequence())
            {
                using (response.PushSequence())
                {
                    response.WriteInteger(0); // granted
                }

                response.WriteEncodedValue(signed.Encode());
            }

            return response.Encode();
        }
    }
}
