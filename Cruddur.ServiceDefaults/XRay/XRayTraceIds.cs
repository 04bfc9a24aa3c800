using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;

namespace Cruddur.ServiceDefaults.XRay;

/// <summary>
/// Trace ids X-Ray accepts: bytes 0–3 are the big-endian Unix time in seconds, bytes 4–15 are
/// random. They stay valid W3C ids, so every tool sees one id. The random part comes from the
/// shared pseudo-random generator, as the X-Ray SDKs' and .NET's own ids do: an id must be unique,
/// not secret, and the cryptographic source was one of the two users of the 3.6 % of the api's CPU
/// spent in libcrypto under load (docs/benchmarks.md; CloudWatch's request signing is the other).
/// </summary>
public static class XRayTraceIds
{
    /// <summary>X-Ray refuses traces that started more than 28 days ago.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(28);

    /// <summary>X-Ray refuses traces that start more than 5 minutes in the future.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Makes <see cref="Activity"/> create X-Ray-compatible ids for every new trace.</summary>
    public static void Install() => Activity.TraceIdGenerator = () => NewTraceId(TimeProvider.System);

    public static ActivityTraceId NewTraceId(TimeProvider clock)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)clock.GetUtcNow().ToUnixTimeSeconds());
        Random.Shared.NextBytes(bytes[4..]);
        return ActivityTraceId.CreateFromBytes(bytes);
    }

    /// <summary>The Unix time in the first 4 bytes of a trace id.</summary>
    public static DateTimeOffset EpochOf(ActivityTraceId traceId)
    {
        var seconds = uint.Parse(traceId.ToHexString().AsSpan(0, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    /// <summary>Whether X-Ray would accept a trace with this id at <paramref name="now"/>.</summary>
    public static bool IsAcceptable(ActivityTraceId traceId, DateTimeOffset now)
    {
        var epoch = EpochOf(traceId);
        return epoch >= now - MaxAge && epoch <= now + MaxClockSkew;
    }

    /// <summary><c>1-</c> + 8 hex epoch + <c>-</c> + 24 hex: the X-Ray spelling of a W3C trace id.</summary>
    /// <summary>
    /// The stand-in parent of a request whose <c>X-Amzn-Trace-Id</c> names only the trace
    /// (<c>Root=…</c> without <c>Parent=</c>, as a load balancer sends it): the span joins the
    /// trace under this id, and the exporter writes its segment without a <c>parent_id</c>, as
    /// the root segment of that trace. Derived from the trace id's random part, so every service
    /// and process computes the same one and no real span collides with it in practice.
    /// </summary>
    public static ActivitySpanId ImplicitRootParent(ActivityTraceId traceId)
    {
        var hex = traceId.ToHexString();
        var candidate = hex[16..];
        return ActivitySpanId.CreateFromString(candidate.Any(c => c != '0') ? candidate : hex[..16]);
    }

    public static string ToXRayId(ActivityTraceId traceId)
    {
        var hex = traceId.ToHexString();
        return string.Concat("1-", hex.AsSpan(0, 8), "-", hex.AsSpan(8));
    }

    public static bool TryParseXRayId(string? value, out ActivityTraceId traceId)
    {
        traceId = default;
        if (value is null || value.Length != 35 || value[0] != '1' || value[1] != '-' || value[10] != '-')
        {
            return false;
        }

        var hex = string.Concat(value.AsSpan(2, 8), value.AsSpan(11, 24));
        if (!IsLowerOrUpperHex(hex) || hex.All(c => c == '0'))
        {
            return false;
        }

        traceId = ActivityTraceId.CreateFromString(hex.ToLowerInvariant());
        return true;
    }

    internal static bool IsLowerOrUpperHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
