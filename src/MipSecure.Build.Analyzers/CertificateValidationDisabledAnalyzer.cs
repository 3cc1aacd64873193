using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MipSecure.Build.Analyzers;

/// <summary>
/// Reports code that switches TLS certificate validation off: callbacks that accept every certificate and
/// HttpClientHandler.DangerousAcceptAnyServerCertificateValidator. XProtect servers present certificates from a CA the
/// integration must check; a callback that returns true lets anyone on the network pose as the recording server.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CertificateValidationDisabledAnalyzer : DiagnosticAnalyzer
{
    private const string Category = "Security";

    /// <summary>A validation callback that always returns true.</summary>
    public static readonly DiagnosticDescriptor ValidationCallbackAcceptsAll = new(
        DiagnosticIds.ValidationCallbackAcceptsAll,
        "Certificate validation callback accepts every certificate",
        "This {0} returns true for every certificate, so any server can pose as the XProtect server; validate against the installed CA (MipSecure's TlsCertificateValidation.CreateCallback) instead",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticIds.HelpBaseAddress + DiagnosticIds.ValidationCallbackAcceptsAll + ".md");

    /// <summary>A use of HttpClientHandler.DangerousAcceptAnyServerCertificateValidator.</summary>
    public static readonly DiagnosticDescriptor DangerousAcceptAnyServerCertificate = new(
        DiagnosticIds.DangerousAcceptAnyServerCertificate,
        "DangerousAcceptAnyServerCertificateValidator turns validation off",
        "HttpClientHandler.DangerousAcceptAnyServerCertificateValidator accepts every certificate; validate against the installed CA (MipSecure's TlsCertificateValidation.CreateCallback) instead",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticIds.HelpBaseAddress + DiagnosticIds.DangerousAcceptAnyServerCertificate + ".md");

    /// <summary>ServicePointManager.ServerCertificateValidationCallback set to a callback that always returns true.</summary>
    public static readonly DiagnosticDescriptor ProcessWideValidationCallbackAcceptsAll = new(
        DiagnosticIds.ProcessWideValidationCallbackAcceptsAll,
        "Process-wide validation callback accepts every certificate",
        "ServicePointManager.ServerCertificateValidationCallback returns true for every certificate, which turns validation off for every connection of the process, the MIP SDK's included; remove it and validate per connection against the installed CA",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticIds.HelpBaseAddress + DiagnosticIds.ProcessWideValidationCallbackAcceptsAll + ".md");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(ValidationCallbackAcceptsAll, DangerousAcceptAnyServerCertificate, ProcessWideValidationCallbackAcceptsAll);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var validationCallbacks = ValidationCallbackTypes.From(start.Compilation);
            if (validationCallbacks.IsEmpty)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeDelegateCreation(c, validationCallbacks), OperationKind.DelegateCreation);
            start.RegisterOperationAction(c => AnalyzePropertyReference(c, validationCallbacks), OperationKind.PropertyReference);
        });
    }

    private static void AnalyzeDelegateCreation(OperationAnalysisContext context, ValidationCallbackTypes types)
    {
        var creation = (IDelegateCreationOperation)context.Operation;
        if (creation.Type is not INamedTypeSymbol delegateType || !types.IsValidationCallback(delegateType))
        {
            return;
        }

        var (body, kind) = creation.Target switch
        {
            IAnonymousFunctionOperation function => (AlwaysTrueBody.BodyOf(function.Syntax), "lambda"),
            IMethodReferenceOperation reference => (BodyOfSourceMethod(reference.Method), "method"),
            _ => (null, string.Empty),
        };
        if (!AlwaysTrueBody.Returns(body))
        {
            return;
        }

        var descriptor = IsProcessWideCallbackAssignment(creation, types) ? ProcessWideValidationCallbackAcceptsAll : ValidationCallbackAcceptsAll;
        context.ReportDiagnostic(Diagnostic.Create(descriptor, creation.Syntax.GetLocation(), kind));
    }

    private static void AnalyzePropertyReference(OperationAnalysisContext context, ValidationCallbackTypes types)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (types.IsDangerousAcceptAny(reference.Property))
        {
            context.ReportDiagnostic(Diagnostic.Create(DangerousAcceptAnyServerCertificate, reference.Syntax.GetLocation()));
        }
    }

    private static SyntaxNode? BodyOfSourceMethod(IMethodSymbol method)
    {
        // Only a method written in this compilation can be read; one from a referenced assembly is given the benefit of the doubt.
        var declaration = method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
        return AlwaysTrueBody.BodyOf(declaration);
    }

    private static bool IsProcessWideCallbackAssignment(IOperation creation, ValidationCallbackTypes types)
    {
        // The delegate may sit under conversions or parentheses before it reaches the assignment (= or +=) to the property.
        for (var parent = creation.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IConversionOperation:
                case IParenthesizedOperation:
                    continue;
                case IAssignmentOperation { Target: IPropertyReferenceOperation property }:
                    return types.IsProcessWideCallback(property.Property);
                default:
                    return false;
            }
        }

        return false;
    }
}
