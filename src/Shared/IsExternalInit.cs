namespace System.Runtime.CompilerServices;

/// <summary>Lets netstandard2.0 builds use init-only setters and records; the type ships with .NET 5 and later.</summary>
internal static class IsExternalInit
{
}
