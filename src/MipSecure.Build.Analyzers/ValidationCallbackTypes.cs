using Microsoft.CodeAnalysis;

namespace MipSecure.Build.Analyzers;

/// <summary>The framework types through which .NET code decides whether to trust a server certificate.</summary>
internal sealed class ValidationCallbackTypes
{
    private readonly INamedTypeSymbol? _remoteCertificateValidationCallback;
    private readonly INamedTypeSymbol? _httpRequestMessage;
    private readonly INamedTypeSymbol? _httpClientHandler;
    private readonly INamedTypeSymbol? _servicePointManager;
    private readonly INamedTypeSymbol? _sslPolicyErrors;

    private ValidationCallbackTypes(Compilation compilation)
    {
        _remoteCertificateValidationCallback = compilation.GetTypeByMetadataName("System.Net.Security.RemoteCertificateValidationCallback");
        _httpRequestMessage = compilation.GetTypeByMetadataName("System.Net.Http.HttpRequestMessage");
        _httpClientHandler = compilation.GetTypeByMetadataName("System.Net.Http.HttpClientHandler");
        _servicePointManager = compilation.GetTypeByMetadataName("System.Net.ServicePointManager");
        _sslPolicyErrors = compilation.GetTypeByMetadataName("System.Net.Security.SslPolicyErrors");
    }

    /// <summary>Gets a value indicating whether the compilation references none of the types, so there is nothing to check.</summary>
    public bool IsEmpty => _remoteCertificateValidationCallback is null && _httpClientHandler is null && _sslPolicyErrors is null;

    public static ValidationCallbackTypes From(Compilation compilation) => new(compilation);

    /// <summary>
    /// RemoteCertificateValidationCallback (SslStream, SslClientAuthenticationOptions, ServicePointManager) or the
    /// Func&lt;HttpRequestMessage, X509Certificate2, X509Chain, SslPolicyErrors, bool&gt; of HttpClientHandler.
    /// </summary>
    public bool IsValidationCallback(INamedTypeSymbol delegateType)
    {
        if (SymbolEqualityComparer.Default.Equals(delegateType, _remoteCertificateValidationCallback))
        {
            return true;
        }

        if (delegateType.IsGenericType && delegateType.TypeArguments.Length == 5 &&
            delegateType.ConstructedFrom.ToDisplayString() == "System.Func<T1, T2, T3, T4, TResult>")
        {
            var arguments = delegateType.TypeArguments;
            return SymbolEqualityComparer.Default.Equals(arguments[0], _httpRequestMessage) &&
                   SymbolEqualityComparer.Default.Equals(arguments[3], _sslPolicyErrors) &&
                   arguments[4].SpecialType == SpecialType.System_Boolean;
        }

        return false;
    }

    public bool IsDangerousAcceptAny(IPropertySymbol property) =>
        property.Name == "DangerousAcceptAnyServerCertificateValidator" &&
        SymbolEqualityComparer.Default.Equals(property.ContainingType, _httpClientHandler);

    public bool IsProcessWideCallback(IPropertySymbol property) =>
        property.Name == "ServerCertificateValidationCallback" &&
        SymbolEqualityComparer.Default.Equals(property.ContainingType, _servicePointManager);
}
