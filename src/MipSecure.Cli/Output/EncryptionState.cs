namespace MipSecure.Cli.Output;

/// <summary>What is known of a target's encryption, as the JSON contract spells it.</summary>
internal enum EncryptionState
{
    Unknown,
    On,
    Off,
    Unreachable,
}
