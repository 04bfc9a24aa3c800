namespace Cruddur.Gateway.Proxy;

/// <summary>
/// The setting service discovery reads for cluster <c>api</c>'s destination <c>http://api</c>:
/// <c>services:api:http:0</c>, which .NET Aspire's <c>WithReference(api)</c> sets.
/// </summary>
internal static class ApiAddress
{
    public const string Setting = "services:api:http:0";

    /// <summary>
    /// Throws, naming the setting, unless it holds an absolute http URL. Without it service discovery
    /// would fall through to DNS for the host name "api", and every request would fail at run time.
    /// </summary>
    public static Uri Require(IConfiguration configuration)
    {
        var value = configuration[Setting];
        // An https URL under the "http" key is dropped by service discovery's scheme filter, so it is refused here too.
        if (Uri.TryCreate(value, UriKind.Absolute, out var address) && address.Scheme == Uri.UriSchemeHttp)
        {
            return address;
        }

        var found = string.IsNullOrWhiteSpace(value) ? "it is not set" : $"'{value}' is not an absolute http URL";
        throw new InvalidOperationException(
            $"The gateway needs the api's address in '{Setting}' (env services__api__http__0), for example http://localhost:5080; {found}.");
    }
}
