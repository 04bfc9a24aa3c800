using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cruddur.ServiceDefaults.Aws;

/// <summary>
/// AWS Signature Version 4 (AWS4-HMAC-SHA256) for one request: canonical request, string to sign,
/// derived key, Authorization header. Written from the AWS documentation and checked against its
/// published examples. The one signer of the repository: CloudWatch Logs here, and
/// Cruddur.XRayDaemon compiles this same file (a linked source, so the daemon does not take
/// ServiceDefaults' OpenTelemetry dependencies).
/// </summary>
internal static class AwsSigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Returns the Authorization header value for the request described.</summary>
    /// <param name="headers">Every header to sign, host and x-amz-date included.</param>
    public static string Authorization(string method, Uri uri, IReadOnlyDictionary<string, string> headers,
        ReadOnlySpan<byte> payload, AwsSigningCredentials credentials, string region, string service, DateTimeOffset time)
    {
        var amzDate = time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var canonicalHeaders = headers
            .Select(header => (Name: header.Key.ToLowerInvariant(), Value: CollapseSpaces(header.Value.Trim())))
            .OrderBy(header => header.Name, StringComparer.Ordinal)
            .ToList();
        var signedHeaders = string.Join(';', canonicalHeaders.Select(header => header.Name));
        var canonicalRequest = new StringBuilder()
            .Append(method).Append('\n')
            .Append(CanonicalPath(uri)).Append('\n')
            .Append(CanonicalQuery(uri)).Append('\n');
        foreach (var (name, value) in canonicalHeaders)
        {
            canonicalRequest.Append(name).Append(':').Append(value).Append('\n');
        }

        canonicalRequest.Append('\n').Append(signedHeaders).Append('\n').Append(Hex(SHA256.HashData(payload)));
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest.ToString())))}";
        var key = SigningKey(credentials.SecretKey, date, region, service);
        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return $"{Algorithm} Credential={credentials.AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    /// <summary>
    /// Signs a request in place: sets <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> when there
    /// is a session token, and <c>Authorization</c> over host, date, token and content type.
    /// </summary>
    public static void Sign(HttpRequestMessage request, ReadOnlySpan<byte> payload, AwsSigningCredentials credentials,
        string region, string service, DateTimeOffset time)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var headers = new Dictionary<string, string>
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}",
            ["x-amz-date"] = AmzDate(time),
        };
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers["content-type"] = contentType.ToString();
        }

        if (credentials.SessionToken is { Length: > 0 } token)
        {
            headers["x-amz-security-token"] = token;
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", token);
        }

        request.Headers.TryAddWithoutValidation("X-Amz-Date", headers["x-amz-date"]);
        request.Headers.TryAddWithoutValidation("Authorization",
            Authorization(request.Method.Method, uri, headers, payload, credentials, region, service, time));
    }

    public static string AmzDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    internal static byte[] SigningKey(string secretKey, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8.ToArray());
    }

    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        return string.Join('/', path.Split('/').Select(segment => Encode(Uri.UnescapeDataString(segment))));
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return "";
        }

        return string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var separator = pair.IndexOf('=');
                var name = separator < 0 ? pair : pair[..separator];
                var value = separator < 0 ? "" : pair[(separator + 1)..];
                return (Name: Encode(Uri.UnescapeDataString(name)), Value: Encode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(pair => pair.Name, StringComparer.Ordinal)
            .ThenBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => $"{pair.Name}={pair.Value}"));
    }

    // RFC 3986 unreserved characters stay; everything else is %XX in upper case, as SigV4 requires.
    private static string Encode(string text)
    {
        var encoded = new StringBuilder();
        foreach (var octet in Encoding.UTF8.GetBytes(text))
        {
            var character = (char)octet;
            if (char.IsAsciiLetterOrDigit(character) || character is '-' or '_' or '.' or '~')
            {
                encoded.Append(character);
            }
            else
            {
                encoded.Append('%').Append(octet.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    private static string CollapseSpaces(string value)
    {
        var collapsed = new StringBuilder(value.Length);
        var lastWasSpace = false;
        foreach (var character in value)
        {
            var isSpace = character == ' ';
            if (!(isSpace && lastWasSpace))
            {
                collapsed.Append(character);
            }

            lastWasSpace = isSpace;
        }

        return collapsed.ToString();
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>The access key, secret and optional session token a request is signed with.</summary>
internal sealed record AwsSigningCredentials(string AccessKey, string SecretKey, string? SessionToken);
