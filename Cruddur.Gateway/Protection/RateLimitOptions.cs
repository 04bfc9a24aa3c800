using System.ComponentModel.DataAnnotations;

namespace Cruddur.Gateway.Protection;

/// <summary>A token bucket per client address, section <c>Gateway:RateLimit</c>: a steady rate with room for bursts.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "Gateway:RateLimit";

    [Range(1, 1_000_000)]
    public int RequestsPerSecond { get; set; } = 100;

    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 200;
}
