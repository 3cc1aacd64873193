using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Validation;

/// <summary>A finding before it is attached to a report: the code, the words, and the certificate concerned.</summary>
internal sealed record Problem(MipSecCode Code, string Message, string Remedy, ParsedCertificate? Certificate)
{
    public bool IsError => Code.DefaultSeverity == FindingSeverity.Error;

    public TrustFinding ToFinding() =>
        new(Code, Code.DefaultSeverity, Message, Remedy, Certificate?.Summary);
}
