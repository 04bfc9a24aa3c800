using Cruddur.Api.Extensions;
using Cruddur.Api.Storage;
using Microsoft.Extensions.Options;

namespace Cruddur.Api.Services;

/// <summary>The user every request acts as, until sign-in exists.</summary>
internal sealed class ActingUser(IOptions<CruddurUserOptions> options)
{
    public Author Author { get; } = new(options.Value.Handle, options.Value.DisplayName);

    public string Handle => Author.Handle;
}
