using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MipSecure.Build.Analyzers;

/// <summary>Decides from syntax whether a lambda, anonymous method or method body can only ever return <c>true</c>.</summary>
internal static class AlwaysTrueBody
{
    public static bool Returns(SyntaxNode? body)
    {
        switch (body)
        {
            case null:
                return false;
            case ExpressionSyntax expression:
                return IsTrueLiteral(expression);
            case BlockSyntax block:
                // Every return in this body (not in nested functions) returns the literal true, and there is at least one.
                var returns = block.DescendantNodes(descendIntoChildren: node => !IsNestedFunction(node, block))
                    .OfType<ReturnStatementSyntax>()
                    .ToList();
                return returns.Count > 0 && returns.All(r => r.Expression is not null && IsTrueLiteral(r.Expression));
            default:
                return false;
        }
    }

    public static SyntaxNode? BodyOf(SyntaxNode? declaration) => declaration switch
    {
        AnonymousFunctionExpressionSyntax function => function.Body,
        MethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody?.Expression,
        LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody?.Expression,
        _ => null,
    };

    private static bool IsTrueLiteral(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression.IsKind(SyntaxKind.TrueLiteralExpression);
    }

    private static bool IsNestedFunction(SyntaxNode node, SyntaxNode root) =>
        node != root && (node is AnonymousFunctionExpressionSyntax || node is LocalFunctionStatementSyntax);
}
