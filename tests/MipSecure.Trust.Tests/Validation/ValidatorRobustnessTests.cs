using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Trust.Tests.TestSupport;
using Xunit;

namespace MipSecure.Trust.Tests.Validation;

/// <summary>Damaged certificates get a report with an error, never an exception and never trust.</summary>
public sealed class ValidatorRobustnessTests
{
    private const string Host = "rec1.contoso.local";

    [Fact]
    public void Mutated_server_and_intermediate_certificates_are_rejected_without_exceptions()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host);
        var validator = pki.Validator();
        var random = new Random(20261126);
        var evaluated = 0;
        for (var round = 0; round < 600; round++)
        {
            var mutateLeaf = round % 2 == 0;
            var original = mutateLeaf ? leaf.RawData : pki.Issuing.Certificate.RawData;
            var damaged = Mutate(original, random);
            X509Certificate2 loaded;
            try
            {
                loaded = X509CertificateLoader.LoadCertificate(damaged);
            }
            catch (CryptographicException)
            {
                continue;
            }

            using (loaded)
            {
                var report = mutateLeaf
                    ? validator.Validate(loaded, pki.Issuing.IntermediatesToRoot, Host)
                    : validator.Validate(leaf, new[] { loaded }, Host);
                evaluated++;
                if (!damaged.AsSpan().SequenceEqual(original))
                {
                    Assert.False(report.IsTrusted, $"Round {round}: a damaged certificate was trusted.");
                }
            }
        }

        Assert.True(evaluated > 100, $"Only {evaluated} mutations loaded as certificates; the test exercises too little.");
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(3))
        {
            case 0:
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                break;
            default:
                var position = random.Next(4, bytes.Length);
                bytes[position] = bytes[position - random.Next(1, 4)];
                break;
        }

        return bytes;
    }
}
