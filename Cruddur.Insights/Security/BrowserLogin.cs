using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Cruddur.Insights.Security;

/// <summary>Who may read the dashboard: the login cookie, the API key header, or anyone when unsecured.</summary>
internal sealed class BrowserLogin
{
    public const string CookieName = "cruddur-dashboard-auth";
    public const string ApiKeyHeader = "x-dashboard-api-key";

    private readonly InsightsOptions _options;
    private readonly byte[] _cookieValue;

    public BrowserLogin(IOptions<InsightsOptions> options)
    {
        _options = options.Value;
        Token = string.IsNullOrEmpty(_options.Frontend.BrowserToken)
            ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))
            : _options.Frontend.BrowserToken;
        // The cookie holds a hash of the token, so the token itself never sits in the browser's cookie jar.
        _cookieValue = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("cruddur-dashboard:" + Token))));
    }

    public string Token { get; }

    public bool Unsecured => _options.Frontend.AuthMode == FrontendAuthMode.Unsecured;

    public bool IsTokenValid(string? token) =>
        token is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(Token));

    public bool IsSignedIn(HttpContext context)
    {
        if (Unsecured)
        {
            return true;
        }
        var cookie = context.Request.Cookies[CookieName];
        return cookie is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(cookie), _cookieValue);
    }

    public bool MayReadApi(HttpContext context)
    {
        if (IsSignedIn(context))
        {
            return true;
        }
        var key = _options.Api.ApiKey;
        var sent = context.Request.Headers[ApiKeyHeader].ToString();
        return !string.IsNullOrEmpty(key) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(key));
    }

    public void SignIn(HttpContext context) =>
        context.Response.Cookies.Append(CookieName, Encoding.ASCII.GetString(_cookieValue), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });

    public void SignOut(HttpContext context) => context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
}
