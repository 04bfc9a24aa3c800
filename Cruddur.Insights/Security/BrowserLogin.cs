using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Cruddur.Insights.Security;

/// <summary>Who may read Insights: the browser signed in with the login link's token, or a caller with the API key.</summary>
internal sealed class BrowserLogin
{
    public const string CookieName = "cruddur-insights-auth";
    public const string ApiKeyHeader = "x-api-key";

    private readonly byte[] _cookieValue;
    private readonly byte[] _apiKey;

    public BrowserLogin(IOptions<InsightsOptions> options)
    {
        Token = Configured(options.Value.BrowserToken) ?? NewSecret();
        ApiKeyIsGenerated = Configured(options.Value.ApiKey) is null;
        _apiKey = Encoding.UTF8.GetBytes(Configured(options.Value.ApiKey) ?? NewSecret());
        // The cookie holds a hash of the token, so the token itself never sits in the browser's cookie jar.
        _cookieValue = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("cruddur-insights:" + Token))));
    }

    public string Token { get; }

    /// <summary>No Insights:ApiKey was set: this run's key is random and never shown.</summary>
    public bool ApiKeyIsGenerated { get; }

    public bool IsTokenValid(string? token) =>
        token is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(Token));

    public bool IsSignedIn(HttpContext context)
    {
        var cookie = context.Request.Cookies[CookieName];
        return cookie is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(cookie), _cookieValue);
    }

    public bool MayReadApi(HttpContext context) =>
        IsSignedIn(context)
        || CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers[ApiKeyHeader].ToString()), _apiKey);

    public void SignIn(HttpContext context) =>
        context.Response.Cookies.Append(CookieName, Encoding.ASCII.GetString(_cookieValue), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });

    public void SignOut(HttpContext context) => context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });

    private static string? Configured(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
