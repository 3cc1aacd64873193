namespace MipSecure.Cli.Output;

/// <summary>What is known of a target's encryption, as the JSON contract spells it.</summary>
internal enum EncryptionState
{
    Unknown,
    On,
    Off,
    Unreachable,

    /// <summary>The command looks at a certificate, not a connection (verify): JSON <c>null</c>, not shown in text.</summary>
    NotApplicable,
}
