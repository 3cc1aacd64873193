using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Trust.Certificates;

namespace MipSecure.Trust.Configuration;

/// <summary>
/// A certificate named by the site configuration: a file (PEM, DER, PFX), a Windows store entry, or certificates in memory.
/// A PFX password is never held here, only the name of the environment variable that holds it.
/// </summary>
public sealed class CertificateReference
{
    private readonly IReadOnlyList<X509Certificate2> _inMemory;

    private CertificateReference(CertificateReferenceKind kind, string text, IReadOnlyList<X509Certificate2> inMemory)
    {
        Kind = kind;
        Text = text;
        _inMemory = inMemory;
    }

    /// <summary>Gets where the certificates come from.</summary>
    public CertificateReferenceKind Kind { get; }

    /// <summary>Gets the reference as written in the configuration (a path or a <c>cert:</c> reference), or a description for in-memory certificates.</summary>
    public string Text { get; }

    /// <summary>Gets the full path of the file, resolved against the configuration file's folder; <see langword="null"/> unless <see cref="Kind"/> is <see cref="CertificateReferenceKind.File"/>.</summary>
    public string? ResolvedPath { get; private set; }

    /// <summary>Gets the store location of a store reference.</summary>
    public StoreLocation? StoreLocation { get; private set; }

    /// <summary>Gets the store name of a store reference.</summary>
    public StoreName? StoreName { get; private set; }

    /// <summary>Gets the thumbprint of a store reference, upper-case hexadecimal.</summary>
    public string? Thumbprint { get; private set; }

    /// <summary>Gets the name of the environment variable that holds the PFX password, when the file is a protected PFX.</summary>
    /// <value>The default value is <see langword="null"/>: no password.</value>
    public string? PasswordVariable { get; private set; }

    /// <summary>Gets where the reference was written in the configuration file.</summary>
    /// <value>The default value is <see cref="SourceLocation.None"/>.</value>
    public SourceLocation Location { get; private set; } = SourceLocation.None;

    /// <summary>Gets the certificates of an in-memory reference, leaf first; empty for the other kinds.</summary>
    public IReadOnlyList<X509Certificate2> InMemoryCertificates => _inMemory;

    /// <summary>Creates a reference to a certificate file.</summary>
    /// <param name="path">The path as written; relative paths are resolved against <paramref name="baseDirectory"/>.</param>
    /// <param name="baseDirectory">The folder relative paths start from; the current directory when <see langword="null"/>.</param>
    /// <returns>The reference.</returns>
    public static CertificateReference FromFile(string path, string? baseDirectory = null)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        // A file written on Windows names folders with backslashes; honour them where the separator is '/'.
        var portable = Path.DirectorySeparatorChar == '/' ? path.Replace('\\', '/') : path;
        var resolved = Path.GetFullPath(Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), portable));
        return new CertificateReference(CertificateReferenceKind.File, path, Array.Empty<X509Certificate2>()) { ResolvedPath = resolved };
    }

    /// <summary>Creates a reference to a certificate in a Windows certificate store.</summary>
    /// <param name="storeLocation">The store location, usually <see cref="System.Security.Cryptography.X509Certificates.StoreLocation.LocalMachine"/>.</param>
    /// <param name="storeName">The store, usually <see cref="System.Security.Cryptography.X509Certificates.StoreName.My"/>.</param>
    /// <param name="thumbprint">The SHA-1 thumbprint; spaces and colons are ignored.</param>
    /// <returns>The reference.</returns>
    public static CertificateReference FromStore(StoreLocation storeLocation, StoreName storeName, string thumbprint)
    {
        if (thumbprint is null)
        {
            throw new ArgumentNullException(nameof(thumbprint));
        }

        var normalized = new string(thumbprint.Where(Uri.IsHexDigit).Select(char.ToUpperInvariant).ToArray());
        return new CertificateReference(CertificateReferenceKind.Store, $"cert:{storeLocation}/{storeName}/{normalized}", Array.Empty<X509Certificate2>())
        {
            StoreLocation = storeLocation,
            StoreName = storeName,
            Thumbprint = normalized,
        };
    }

    /// <summary>Creates a reference to certificates already in memory, as a simulated site has them.</summary>
    /// <param name="certificate">The certificate (the server certificate, or a CA certificate for a trust list).</param>
    /// <param name="chain">Intermediates that belong with it, if any.</param>
    /// <returns>The reference.</returns>
    public static CertificateReference FromCertificate(X509Certificate2 certificate, IEnumerable<X509Certificate2>? chain = null)
    {
        if (certificate is null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }

        var all = new[] { certificate }.Concat(chain ?? Enumerable.Empty<X509Certificate2>()).ToList();
        return new CertificateReference(CertificateReferenceKind.InMemory, "(in memory) " + certificate.Subject, all);
    }

    /// <summary>Tries to read a store reference written <c>cert:LocalMachine/My/THUMBPRINT</c> (or with backslashes, as PowerShell writes it).</summary>
    /// <param name="text">The reference text.</param>
    /// <param name="reference">The reference, when the text is well formed.</param>
    /// <returns><see langword="true"/> when the text is a well-formed store reference.</returns>
    internal static bool TryParseStoreReference(string text, out CertificateReference? reference)
    {
        reference = null;
        if (!IsStoreReference(text))
        {
            return false;
        }

        var parts = text.Substring(StorePrefix.Length).Split(new[] { '/', '\\' }, StringSplitOptions.RemoveEmptyEntries);
        // Names only: Enum.TryParse would also take numbers such as "7".
        if (parts.Length != 3
            || !IsName<StoreLocation>(parts[0]) || !Enum.TryParse(parts[0], ignoreCase: true, out StoreLocation location)
            || !IsName<StoreName>(parts[1]) || !Enum.TryParse(parts[1], ignoreCase: true, out StoreName name))
        {
            return false;
        }

        var thumbprint = parts[2].Replace(" ", string.Empty).Replace(":", string.Empty);
        if (thumbprint.Length != 40 || !thumbprint.All(Uri.IsHexDigit))
        {
            return false;
        }

        reference = FromStore(location, name, thumbprint);
        return true;
    }

    private static bool IsName<TEnum>(string text)
        where TEnum : struct, Enum =>
#if NET
        Enum.GetNames<TEnum>().Any(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
#else
        Enum.GetNames(typeof(TEnum)).Any(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
#endif

    /// <summary>The prefix that marks a store reference.</summary>
    internal const string StorePrefix = "cert:";

    /// <summary>Gets whether <paramref name="text"/> is meant as a store reference (it starts with <c>cert:</c>).</summary>
    /// <param name="text">The reference text.</param>
    /// <returns><see langword="true"/> when it starts with the store prefix.</returns>
    internal static bool IsStoreReference(string text) =>
        text is not null && text.StartsWith(StorePrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets a value that is equal for references to the same certificate source.</summary>
    internal string Identity => Kind switch
    {
        CertificateReferenceKind.File => "file:" + ResolvedPath,
        CertificateReferenceKind.Store => Text.ToUpperInvariant(),
        _ => "memory:" + string.Join(",", _inMemory.Select(c => c.Thumbprint)),
    };

    /// <summary>Returns a copy that reads the PFX password from the environment variable <paramref name="variableName"/>.</summary>
    /// <param name="variableName">The variable's name; <see langword="null"/> for no password.</param>
    /// <returns>The copy.</returns>
    internal CertificateReference WithPasswordVariable(string? variableName) => At(Location, variableName);

    /// <inheritdoc />
    public override string ToString() => Text;

    internal CertificateReference At(SourceLocation location, string? passwordVariable) =>
        new(Kind, Text, _inMemory)
        {
            ResolvedPath = ResolvedPath,
            StoreLocation = StoreLocation,
            StoreName = StoreName,
            Thumbprint = Thumbprint,
            Location = location,
            PasswordVariable = passwordVariable,
        };

    /// <summary>
    /// Reads the certificates of a file or store reference: the one reader behind the site check and every loader of the
    /// CAs a party trusts. Failures are <see cref="CertificateLoadException"/> with a MIPSEC3xxx code.
    /// </summary>
    internal LoadedCertificates Load(string? password) => Kind == CertificateReferenceKind.Store
        ? CertificateLoader.LoadFromStore(Thumbprint!, StoreName!.Value, StoreLocation!.Value)
        : CertificateLoader.LoadFile(ResolvedPath!, password);
}
