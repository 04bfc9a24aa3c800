using System.ComponentModel.DataAnnotations;

namespace Cruddur.Gateway;

/// <summary>The gateway's own settings, section <c>Gateway</c>.</summary>
internal sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Where to listen when neither <c>urls</c> nor <c>Kestrel:Endpoints</c> says.</summary>
    [Required]
    public string DefaultUrl { get; set; } = "http://localhost:4567";

    /// <summary>How long to wait for a TCP connection to the api before answering 502.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(1, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
