namespace MipSecure.Build;

/// <summary>Where a finding points: a file and, when known, a line and column in it (1-based; 0 = unknown).</summary>
/// <param name="File">The full path of the file.</param>
/// <param name="Line">The line, or 0 when the whole file is meant.</param>
/// <param name="Column">The column, or 0 when unknown.</param>
internal readonly record struct DiagnosticLocation(string File, int Line = 0, int Column = 0);
