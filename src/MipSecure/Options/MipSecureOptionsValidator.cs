#if NET
using Microsoft.Extensions.Options;

namespace MipSecure.Options;

/// <summary>Checks the DataAnnotations on <see cref="MipSecureOptions"/> and its nested settings, generated at compile time (no reflection).</summary>
[OptionsValidator]
internal sealed partial class MipSecureOptionsValidator : IValidateOptions<MipSecureOptions>
{
}
#endif
