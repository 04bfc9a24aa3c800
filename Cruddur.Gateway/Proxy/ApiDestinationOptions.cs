namespace Cruddur.Gateway.Proxy;

/// <summary>
/// The api's base address, from <c>services:api:http:0</c> (env <c>services__api__http__0</c>):
/// the key .NET Aspire sets for a referenced project, so the gateway never knows ports.
/// </summary>
internal sealed class ApiDestinationOptions
{
    public const string AddressKey = "services:api:http:0";

    public string? Address { get; set; }

    public static bool IsValid(ApiDestinationOptions options) =>
        Uri.TryCreate(options.Address, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
