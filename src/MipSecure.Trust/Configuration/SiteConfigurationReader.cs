using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Configuration;

/// <summary>Turns the positioned JSON tree of <c>mipsecure.json</c> into a <see cref="SiteConfiguration"/>, collecting located findings.</summary>
internal sealed class SiteConfigurationReader
{
    /// <summary>The properties each kind of object accepts. docs/mipsecure.schema.json declares the same names (a test keeps them equal).</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> KnownProperties = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["site"] = new[] { "$schema", "trust", "managementServer", "recordingServers", "failoverRecorders", "mobileServers", "eventServers" },
        ["trust"] = new[] { "caCertificates", "expiryWarningDays", "crls", "clients", "recordingServers", "managementServer" },
        ["partyTrust"] = new[] { "caCertificates" },
        ["managementServer"] = new[] { "name", "uri", "certificate", "certificatePasswordVariable" },
        ["recordingServer"] = new[] { "name", "webServerUri", "activeWebServerUri", "certificate", "certificatePasswordVariable" },
        ["failoverRecorder"] = new[] { "name", "webServerUri", "activeWebServerUri", "certificate", "certificatePasswordVariable" },
        ["mobileServer"] = new[] { "name", "httpUri", "httpsUri", "certificate", "certificatePasswordVariable" },
        ["eventServer"] = new[] { "name", "uri", "certificate", "certificatePasswordVariable" },
    };

    private const int MaxExpiryWarningDays = 3650;
    private const string PasswordVariableProperty = "certificatePasswordVariable";

    private readonly string? _sourcePath;
    private readonly string _baseDirectory;
    private readonly List<SiteFinding> _findings = new();

    public SiteConfigurationReader(string? sourcePath, string baseDirectory)
    {
        _sourcePath = sourcePath;
        _baseDirectory = baseDirectory;
    }

    public SiteConfigurationLoadResult Read(PositionedJsonNode root)
    {
        if (root.Kind != JsonNodeKind.Object)
        {
            WrongType("(the whole file)", root, "an object");
            return Result(null);
        }

        var properties = Properties(root, "site", string.Empty);
        var configuration = new SiteConfiguration
        {
            SourcePath = _sourcePath,
            Trust = properties.TryGetValue("trust", out var trust) ? ReadTrust(trust) : new TrustSettings(),
            ManagementServer = properties.TryGetValue("managementServer", out var management) ? ReadManagementServer(management) : null,
            RecordingServers = ReadArray(properties, "recordingServers", ReadRecordingServer),
            FailoverRecorders = ReadArray(properties, "failoverRecorders", ReadFailoverRecorder),
            MobileServers = ReadArray(properties, "mobileServers", ReadMobileServer),
            EventServers = ReadArray(properties, "eventServers", ReadEventServer),
        };
        return Result(configuration);
    }

    private SiteConfigurationLoadResult Result(SiteConfiguration? configuration) =>
        new(_sourcePath, configuration, _findings
            .OrderBy(f => f.Location.Line)
            .ThenBy(f => f.Location.Column)
            .ThenBy(f => f.Code.Id, StringComparer.Ordinal)
            .ToList());

    private TrustSettings ReadTrust(PositionedJsonProperty trust)
    {
        if (!ExpectObject(trust.Value, "trust"))
        {
            return new TrustSettings();
        }

        var properties = Properties(trust.Value, "trust", "trust");
        return new TrustSettings
        {
            Location = trust.Location,
            CaCertificates = (IReadOnlyList<CertificateReference>?)ReadCertificateList(properties, "trust") ?? Array.Empty<CertificateReference>(),
            ExpiryWarningDays = ReadExpiryWarningDays(properties),
            RevocationLists = ReadRevocationLists(properties),
            ClientCaCertificates = ReadPartyTrust(properties, TrustingParty.Clients),
            RecordingServerCaCertificates = ReadPartyTrust(properties, TrustingParty.RecordingServers),
            ManagementServerCaCertificates = ReadPartyTrust(properties, TrustingParty.ManagementServer),
        };
    }

    private List<RevocationListReference> ReadRevocationLists(Dictionary<string, PositionedJsonProperty> trust)
    {
        var lists = new List<RevocationListReference>();
        if (!trust.TryGetValue("crls", out var property) || property.Value.Kind == JsonNodeKind.Null)
        {
            return lists;
        }

        if (property.Value.Kind != JsonNodeKind.Array)
        {
            WrongType("trust.crls", property.Value, "an array of revocation list (CRL) file paths");
            return lists;
        }

        for (var i = 0; i < property.Value.Items.Count; i++)
        {
            var item = property.Value.Items[i];
            var itemPath = "trust.crls[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            if (item.Kind != JsonNodeKind.String || item.Text!.Trim().Length == 0)
            {
                WrongType(itemPath, item, "a non-empty string (the path of a CRL file, relative to this file)");
                continue;
            }

            try
            {
                lists.Add(new RevocationListReference(item.Text!, System.IO.Path.GetFullPath(System.IO.Path.Combine(_baseDirectory, item.Text!)), item.Location));
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or System.IO.PathTooLongException)
            {
                Add(MipSecCodes.ConfigurationValueOutOfRange, item.Location, null,
                    $"{itemPath} is not a valid file path ({ex.GetType().Name}).",
                    "Write the path of the CRL file, relative to this file.");
            }
        }

        return lists;
    }

    private List<CertificateReference>? ReadPartyTrust(Dictionary<string, PositionedJsonProperty> trust, TrustingParty party)
    {
        var name = TrustSettings.PartyPropertyName(party);
        if (!trust.TryGetValue(name, out var property) || property.Value.Kind == JsonNodeKind.Null)
        {
            return null;
        }

        var path = "trust." + name;
        if (!ExpectObject(property.Value, path))
        {
            return null;
        }

        var properties = Properties(property.Value, "partyTrust", path);
        var list = ReadCertificateList(properties, path);
        if (list is null)
        {
            Missing(property, path + ".caCertificates", $"the CA certificates the {PartyText(party)} trust");
        }

        return list;
    }

    private List<CertificateReference>? ReadCertificateList(Dictionary<string, PositionedJsonProperty> properties, string parentPath)
    {
        if (!properties.TryGetValue("caCertificates", out var property) || property.Value.Kind == JsonNodeKind.Null)
        {
            return null;
        }

        var path = parentPath + ".caCertificates";
        if (property.Value.Kind != JsonNodeKind.Array)
        {
            WrongType(path, property.Value, "an array of certificate paths");
            return null;
        }

        var references = new List<CertificateReference>();
        for (var i = 0; i < property.Value.Items.Count; i++)
        {
            var item = property.Value.Items[i];
            var itemPath = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            if (item.Kind != JsonNodeKind.String)
            {
                WrongType(itemPath, item, "a string (a certificate path or a cert: store reference)");
                continue;
            }

            var reference = CertificateFrom(item.Text!, item.Location, itemPath, passwordVariable: null);
            if (reference is not null)
            {
                references.Add(reference);
            }
        }

        return references;
    }

    private int ReadExpiryWarningDays(Dictionary<string, PositionedJsonProperty> trust)
    {
        if (!trust.TryGetValue("expiryWarningDays", out var property) || property.Value.Kind == JsonNodeKind.Null)
        {
            return TrustSettings.DefaultExpiryWarningDays;
        }

        if (property.Value.Kind != JsonNodeKind.Number)
        {
            WrongType("trust.expiryWarningDays", property.Value, "a whole number of days");
            return TrustSettings.DefaultExpiryWarningDays;
        }

        if (!int.TryParse(property.Value.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) || days < 0 || days > MaxExpiryWarningDays)
        {
            Add(MipSecCodes.ConfigurationValueOutOfRange, property.Value.Location, null,
                $"trust.expiryWarningDays is {property.Value.Text}; it must be a whole number of days from 0 to {MaxExpiryWarningDays}.",
                "Set it to the number of days before expiry a warning should appear, for example 30; 0 turns the warning off.");
            return TrustSettings.DefaultExpiryWarningDays;
        }

        return days;
    }

    private ManagementServerConfiguration? ReadManagementServer(PositionedJsonProperty property)
    {
        const string JsonPath = "managementServer";
        if (!ExpectObject(property.Value, JsonPath))
        {
            return null;
        }

        var properties = Properties(property.Value, "managementServer", JsonPath);
        var uri = ReadUri(properties, "uri", JsonPath, requiredScheme: null);
        var name = ReadString(properties, "name", JsonPath);
        var certificate = ReadServerCertificate(properties, JsonPath);
        if (uri is null)
        {
            MissingUnlessReported(properties, property, "uri", JsonPath, "the management server's address, for example https://mgmt.contoso.local/");
            return null;
        }

        var server = new ManagementServerConfiguration(uri, name) { Location = property.Location, Certificate = certificate };
        return Located(server, properties);
    }

    private RecordingServerConfiguration? ReadRecordingServer(PositionedJsonNode node, string path) =>
        ReadRecorder(node, path, isFailover: false);

    private FailoverRecorderConfiguration? ReadFailoverRecorder(PositionedJsonNode node, string path) =>
        (FailoverRecorderConfiguration?)ReadRecorder(node, path, isFailover: true);

    private RecordingServerConfiguration? ReadRecorder(PositionedJsonNode node, string path, bool isFailover)
    {
        if (!ExpectObject(node, path))
        {
            return null;
        }

        var properties = Properties(node, isFailover ? "failoverRecorder" : "recordingServer", path);
        var webServerUri = ReadUri(properties, "webServerUri", path, requiredScheme: null);
        var activeWebServerUri = ReadUri(properties, "activeWebServerUri", path, requiredScheme: null);
        var name = ReadString(properties, "name", path) ?? webServerUri?.Host;
        var certificate = ReadServerCertificate(properties, path);
        if (webServerUri is null)
        {
            MissingUnlessReported(properties, node, "webServerUri", path, "the web server address, for example https://rec1.contoso.local:7563/");
            return null;
        }

        RecordingServerConfiguration server = isFailover
            ? new FailoverRecorderConfiguration(name!, webServerUri) { ActiveWebServerUri = activeWebServerUri, Certificate = certificate, Location = node.Location }
            : new RecordingServerConfiguration(name!, webServerUri) { ActiveWebServerUri = activeWebServerUri, Certificate = certificate, Location = node.Location };
        return Located(server, properties);
    }

    private MobileServerConfiguration? ReadMobileServer(PositionedJsonNode node, string path)
    {
        if (!ExpectObject(node, path))
        {
            return null;
        }

        var properties = Properties(node, "mobileServer", path);
        var httpUri = ReadUri(properties, "httpUri", path, requiredScheme: "http");
        var httpsUri = ReadUri(properties, "httpsUri", path, requiredScheme: "https");
        var name = ReadString(properties, "name", path);
        var certificate = ReadServerCertificate(properties, path);
        if (httpUri is null && httpsUri is null)
        {
            if (!properties.ContainsKey("httpUri") && !properties.ContainsKey("httpsUri"))
            {
                Add(MipSecCodes.ConfigurationMissingProperty, node.Location, null,
                    $"{path} has neither httpsUri nor httpUri.",
                    "Add the address clients use, for example \"httpsUri\": \"https://mobile.contoso.local:8082/\" (or httpUri on 8081 when encryption is off).");
            }

            return null;
        }

        var server = new MobileServerConfiguration(name ?? (httpsUri ?? httpUri)!.Host, httpUri, httpsUri) { Location = node.Location, Certificate = certificate };
        return Located(server, properties);
    }

    private EventServerConfiguration? ReadEventServer(PositionedJsonNode node, string path)
    {
        if (!ExpectObject(node, path))
        {
            return null;
        }

        var properties = Properties(node, "eventServer", path);
        var uri = ReadUri(properties, "uri", path, requiredScheme: null);
        var name = ReadString(properties, "name", path);
        var certificate = ReadServerCertificate(properties, path);
        if (uri is null)
        {
            MissingUnlessReported(properties, node, "uri", path, "the alarm service address, for example https://events.contoso.local:22331/");
            return null;
        }

        var server = new EventServerConfiguration(name ?? uri.Host, uri) { Location = node.Location, Certificate = certificate };
        return Located(server, properties);
    }

    private static T Located<T>(T server, Dictionary<string, PositionedJsonProperty> properties)
        where T : ServerConfiguration
    {
        foreach (var property in properties.Values)
        {
            server.SetPropertyLocation(property.Name, property.Location);
        }

        return server;
    }

    private IReadOnlyList<T> ReadArray<T>(Dictionary<string, PositionedJsonProperty> root, string name, Func<PositionedJsonNode, string, T?> readItem)
        where T : class
    {
        if (!root.TryGetValue(name, out var property) || property.Value.Kind == JsonNodeKind.Null)
        {
            return Array.Empty<T>();
        }

        if (property.Value.Kind != JsonNodeKind.Array)
        {
            WrongType(name, property.Value, "an array of server entries");
            return Array.Empty<T>();
        }

        var items = new List<T>();
        for (var i = 0; i < property.Value.Items.Count; i++)
        {
            var item = readItem(property.Value.Items[i], name + "[" + i.ToString(CultureInfo.InvariantCulture) + "]");
            if (item is not null)
            {
                items.Add(item);
            }
        }

        return items;
    }

    private CertificateReference? ReadServerCertificate(Dictionary<string, PositionedJsonProperty> properties, string path)
    {
        var passwordVariable = ReadString(properties, PasswordVariableProperty, path);
        if (passwordVariable is not null && !IsVariableName(passwordVariable))
        {
            Add(MipSecCodes.ConfigurationValueOutOfRange, properties[PasswordVariableProperty].Value.Location, null,
                $"{path}.{PasswordVariableProperty} must be the name of an environment variable (letters, digits and underscores), not a password.",
                "Write the variable's name, for example MOBILE_PFX_PASSWORD, and set the password in that variable where the check runs.");
            passwordVariable = null;
        }

        if (!properties.TryGetValue("certificate", out var property) || property.Value.Kind == JsonNodeKind.Null)
        {
            return null;
        }

        if (property.Value.Kind != JsonNodeKind.String)
        {
            WrongType(path + ".certificate", property.Value, "a string (a certificate path or a cert: store reference)");
            return null;
        }

        return CertificateFrom(property.Value.Text!, property.Location, path + ".certificate", passwordVariable);
    }

    private CertificateReference? CertificateFrom(string text, SourceLocation location, string path, string? passwordVariable)
    {
        if (text.Trim().Length == 0)
        {
            Add(MipSecCodes.ConfigurationValueOutOfRange, location, null,
                $"{path} is empty.",
                "Write the path of the certificate file (relative to this file) or a store reference such as cert:LocalMachine/My/THUMBPRINT, or remove the property.");
            return null;
        }

        if (CertificateReference.IsStoreReference(text))
        {
            if (!CertificateReference.TryParseStoreReference(text, out var storeReference))
            {
                Add(MipSecCodes.ConfigurationStoreReferenceInvalid, location, null,
                    $"{path} '{text}' is not a valid certificate store reference.",
                    "Write cert:<CurrentUser|LocalMachine>/<store>/<40-hex-digit thumbprint>, for example cert:LocalMachine/My/0123456789ABCDEF0123456789ABCDEF01234567.");
                return null;
            }

            return storeReference!.At(location, passwordVariable);
        }

        try
        {
            return CertificateReference.FromFile(text, _baseDirectory).At(location, passwordVariable);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or System.IO.PathTooLongException)
        {
            Add(MipSecCodes.ConfigurationValueOutOfRange, location, null,
                $"{path} is not a valid file path ({ex.GetType().Name}).",
                "Write the path of the certificate file relative to this file, without characters the file system does not allow.");
            return null;
        }
    }

    private Uri? ReadUri(Dictionary<string, PositionedJsonProperty> properties, string name, string path, string? requiredScheme)
    {
        if (!properties.TryGetValue(name, out var property) || property.Value.Kind == JsonNodeKind.Null)
        {
            return null;
        }

        var fullPath = path + "." + name;
        if (property.Value.Kind != JsonNodeKind.String)
        {
            WrongType(fullPath, property.Value, "a string holding an http or https address");
            return null;
        }

        var text = property.Value.Text!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (!string.Equals(uri.Scheme, "http", StringComparison.OrdinalIgnoreCase) && !string.Equals(uri.Scheme, "https", StringComparison.OrdinalIgnoreCase))
            || uri.Host.Length == 0
            || !HasDialableHost(uri))
        {
            Add(MipSecCodes.ConfigurationInvalidUri, property.Value.Location, null,
                $"{fullPath} '{text}' is not an absolute http or https address.",
                "Write the address as XProtect shows it, with scheme, host and port, for example https://rec1.contoso.local:7563/.");
            return null;
        }

        if (requiredScheme is not null && !string.Equals(uri.Scheme, requiredScheme, StringComparison.OrdinalIgnoreCase))
        {
            Add(MipSecCodes.ConfigurationInvalidUri, property.Value.Location, null,
                $"{fullPath} '{text}' uses {uri.Scheme}, but {name} must be an {requiredScheme} address.",
                requiredScheme == "https"
                    ? "Put the encrypted address (port 8082 by default) in httpsUri and the plain one (8081) in httpUri."
                    : "Put the plain address (port 8081 by default) in httpUri and the encrypted one (8082) in httpsUri.");
            return null;
        }

        return uri;
    }

    private string? ReadString(Dictionary<string, PositionedJsonProperty> properties, string name, string path)
    {
        if (!properties.TryGetValue(name, out var property) || property.Value.Kind == JsonNodeKind.Null)
        {
            return null;
        }

        if (property.Value.Kind != JsonNodeKind.String)
        {
            WrongType(path + "." + name, property.Value, "a string");
            return null;
        }

        // A blank value says nothing; callers fall back to their default (a server's name defaults to its host).
        return string.IsNullOrWhiteSpace(property.Value.Text) ? null : property.Value.Text!.Trim();
    }

    /// <summary>Indexes an object's properties, reporting unknown, duplicate and password-bearing ones.</summary>
    private Dictionary<string, PositionedJsonProperty> Properties(PositionedJsonNode node, string kind, string path)
    {
        var known = KnownProperties[kind];
        var result = new Dictionary<string, PositionedJsonProperty>(StringComparer.Ordinal);
        foreach (var property in node.Properties)
        {
            var fullPath = path.Length == 0 ? property.Name : path + "." + property.Name;
            if (IsPasswordProperty(property.Name))
            {
                // The value is a secret: it is never repeated, only where it was written.
                Add(MipSecCodes.ConfigurationContainsSecret, property.Location, null,
                    $"{fullPath} holds a password in the site configuration; secrets must not be written in files.",
                    $"Delete the property, change the password, put it in an environment variable and name that variable in \"{PasswordVariableProperty}\".");
                continue;
            }

            if (Array.IndexOf(known, property.Name) < 0)
            {
                // An unknown name is an error: a typo ("certficate", "recordingServer") would leave servers unchecked while the check passes.
                var sameButCase = known.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase));
                var nearest = sameButCase ?? NearMiss(property.Name, known);
                Add(MipSecCodes.ConfigurationUnknownProperty, property.Location, null,
                    $"{fullPath} is not a known property" + (nearest is null ? "." : $"; did you mean \"{nearest}\"?"),
                    sameButCase is not null
                        ? $"Property names are case-sensitive: write \"{sameButCase}\"."
                        : nearest is not null
                            ? $"Rename it to \"{nearest}\", or remove it."
                            : "Known here: " + string.Join(", ", known.Where(k => k != "$schema")) + ". Check the spelling against docs/mipsecure.schema.json.");
                continue;
            }

            if (result.TryGetValue(property.Name, out var first))
            {
                Add(MipSecCodes.ConfigurationDuplicateProperty, property.Location, null,
                    $"{fullPath} is written twice in the same object (first at line {first.Location.Line}).",
                    "Keep one of the two; which one is meant cannot be guessed.");
                continue;
            }

            result.Add(property.Name, property);
        }

        return result;
    }

    private static bool IsPasswordProperty(string name) =>
        !string.Equals(name, PasswordVariableProperty, StringComparison.Ordinal)
        && name.IndexOf("password", StringComparison.OrdinalIgnoreCase) >= 0
        && !name.EndsWith("Variable", StringComparison.OrdinalIgnoreCase);

    private static bool IsVariableName(string name) =>
        name.Length > 0 && name.Length <= 256 && name.All(c => c == '_' || c == '.' || c == '-' || char.IsLetterOrDigit(c)) && !char.IsDigit(name[0]);

    private bool ExpectObject(PositionedJsonNode node, string path)
    {
        if (node.Kind == JsonNodeKind.Object)
        {
            return true;
        }

        WrongType(path, node, "an object");
        return false;
    }

    private void WrongType(string path, PositionedJsonNode node, string expected) =>
        Add(MipSecCodes.ConfigurationWrongType, node.Location, null,
            $"{path} must be {expected}, not {PositionedJsonNode.KindText(node.Kind)}.",
            "Correct the value's type; docs/mipsecure.schema.json lets an editor check the file as it is written.");

    private void MissingUnlessReported(Dictionary<string, PositionedJsonProperty> properties, PositionedJsonProperty owner, string name, string path, string what)
    {
        // A present but invalid value has been reported already.
        if (!properties.ContainsKey(name))
        {
            Missing(owner, path + "." + name, what);
        }
    }

    private void MissingUnlessReported(Dictionary<string, PositionedJsonProperty> properties, PositionedJsonNode owner, string name, string path, string what)
    {
        if (!properties.ContainsKey(name))
        {
            Add(MipSecCodes.ConfigurationMissingProperty, owner.Location, null,
                $"{path}.{name} is missing.", $"Add {name}: {what}.");
        }
    }

    private void Missing(PositionedJsonProperty owner, string path, string what) =>
        Add(MipSecCodes.ConfigurationMissingProperty, owner.Location, null, $"{path} is missing.", $"Add it: {what}.");

    private static string PartyText(TrustingParty party) => party switch
    {
        TrustingParty.Clients => "clients",
        TrustingParty.RecordingServers => "recording servers",
        _ => "management server",
    };

    // The known name within a few edits of the one written (a letter missing, doubled, swapped or a plural 's').
    private static string? NearMiss(string written, string[] known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = EditDistance(written.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        return bestDistance <= Math.Max(2, written.Length / 4) ? best : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private void Add(MipSecCode code, SourceLocation location, ServerConfiguration? server, string message, string remedy) =>
        _findings.Add(SiteFinding.Create(code, location, server, EscapeControlCharacters(message), remedy));

    // Messages quote values from the file; a control character in one must not reach a terminal or a log line raw.
    private static string EscapeControlCharacters(string message)
    {
        if (!message.Any(char.IsControl))
        {
            return message;
        }

        var escaped = new StringBuilder(message.Length + 16);
        foreach (var character in message)
        {
            if (char.IsControl(character))
            {
                escaped.Append("\\u").Append(((int)character).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(character);
            }
        }

        return escaped.ToString();
    }

    // Uri accepts some Unicode host names that have no IDN (punycode) form; such a host cannot be dialled or matched.
    private static bool HasDialableHost(Uri uri)
    {
        try
        {
            return uri.IdnHost.Length > 0;
        }
        catch (UriFormatException)
        {
            return false;
        }
    }
}
