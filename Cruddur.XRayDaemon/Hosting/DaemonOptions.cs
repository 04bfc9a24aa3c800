using System.Globalization;
using System.Net;

namespace Cruddur.XRayDaemon.Hosting;

/// <summary>
/// The command line of the real <c>xray</c> daemon, plus <c>--endpoint</c> to point it at a
/// local X-Ray (tests, LocalStack) and <c>--stats-interval</c> for how often counts are logged.
/// </summary>
internal sealed record DaemonOptions
{
    public const string EndpointVariable = "XRAY_ENDPOINT";

    /// <summary>The dashboard's OTLP/HTTP base URL, named as Aspire's service discovery names it (the AppHost sets it).</summary>
    public const string DashboardVariable = "services__dashboard__otlp-http__0";

    /// <summary>Headers for the dashboard (its <c>x-otlp-api-key</c>), in the OTLP exporter's <c>k=v,k2=v2</c> form.</summary>
    public const string DashboardHeadersVariable = "OTEL_EXPORTER_OTLP_HEADERS";

    public IPEndPoint UdpBind { get; init; } = new(IPAddress.Loopback, 2000);

    public IPEndPoint TcpBind { get; init; } = new(IPAddress.Loopback, 2000);

    public string? Region { get; init; }

    public bool LocalMode { get; init; }

    public int BufferMegabytes { get; init; } = 16;

    public Uri? Endpoint { get; init; }

    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where received documents are shown (the dashboard's OTLP/HTTP listener); null: not shown.</summary>
    public Uri? Dashboard { get; init; }

    /// <summary>Headers sent with every post to the dashboard; values are secrets and never logged.</summary>
    public IReadOnlyDictionary<string, string> DashboardHeaders { get; init; } = new Dictionary<string, string>();

    public bool ShowHelp { get; init; }

    /// <summary>How many datagrams fit in the buffer: one 64 KB slot each, as in the real daemon.</summary>
    public int QueueCapacity => Math.Max(16, BufferMegabytes * 1024 * 1024 / (64 * 1024));

    public const string Usage = """
        Usage: Cruddur.XRayDaemon [options]
          -b, --bind HOST:PORT        UDP address (default 127.0.0.1:2000)
          -t, --bind-tcp HOST:PORT    TCP proxy address (default 127.0.0.1:2000)
          -n, --region REGION         AWS region (else AWS_REGION, AWS_DEFAULT_REGION)
          -o, --local-mode            no EC2 metadata lookups
          -m, --buffer-memory MB      buffer size in megabytes (default 16)
              --endpoint URL          X-Ray endpoint (else XRAY_ENDPOINT, else https://xray.REGION.amazonaws.com)
              --stats-interval SECS   how often counts are logged (default 60)
              --dashboard URL         also pass every document to this dashboard's OTLP/HTTP listener
                                      (else services__dashboard__otlp-http__0; headers from OTEL_EXPORTER_OTLP_HEADERS)
          -h, --help                  this text
        """;

    public static DaemonOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var options = new DaemonOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{flag} needs a value.");
            options = flag switch
            {
                "-b" or "--bind" => options with { UdpBind = ParseEndPoint(flag, Value()) },
                "-t" or "--bind-tcp" => options with { TcpBind = ParseEndPoint(flag, Value()) },
                "-n" or "--region" => options with { Region = Value() },
                "-o" or "--local-mode" => options with { LocalMode = true },
                "-m" or "--buffer-memory" => options with { BufferMegabytes = ParsePositive(flag, Value()) },
                "--endpoint" => options with { Endpoint = ParseUri(flag, Value()) },
                "--stats-interval" => options with { StatsInterval = TimeSpan.FromSeconds(ParsePositive(flag, Value())) },
                "--dashboard" => options with { Dashboard = ParseUri(flag, Value()) },
                "-h" or "--help" => options with { ShowHelp = true },
                _ => throw new ArgumentException($"Unknown option '{flag}'."),
            };
        }

        if (options.Region is null && NonEmpty(environment("AWS_REGION") ?? environment("AWS_DEFAULT_REGION")) is { } region)
        {
            options = options with { Region = region };
        }

        if (options.Endpoint is null && NonEmpty(environment(EndpointVariable)) is { } endpoint)
        {
            options = options with { Endpoint = ParseUri(EndpointVariable, endpoint) };
        }

        if (options.Dashboard is null && NonEmpty(environment(DashboardVariable)) is { } dashboard)
        {
            options = options with { Dashboard = ParseUri(DashboardVariable, dashboard) };
        }

        if (options.Dashboard is not null)
        {
            options = options with { DashboardHeaders = ParseHeaders(environment(DashboardHeadersVariable)) };
        }

        return options;
    }

    /// <summary>The X-Ray API root: the override, or the regional endpoint.</summary>
    public Uri? XRayEndpoint(string? region) =>
        Endpoint ?? (region is null ? null : new Uri($"https://xray.{region}.amazonaws.com"));

    private static IPEndPoint ParseEndPoint(string flag, string value) =>
        IPEndPoint.TryParse(value, out var endPoint) && value.Contains(':', StringComparison.Ordinal)
            ? endPoint
            : throw new ArgumentException($"{flag} '{value}' is not IP:PORT.");

    private static int ParsePositive(string flag, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{flag} '{value}' is not a positive whole number.");

    private static Uri ParseUri(string flag, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ArgumentException($"{flag} '{value}' is not an absolute http or https URL.");

    /// <summary><c>k=v,k2=v2</c> with percent-encoded values, as the OTLP exporter reads it; malformed pairs are skipped.</summary>
    internal static Dictionary<string, string> ParseHeaders(string? value)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                headers[pair[..equals].Trim()] = Uri.UnescapeDataString(pair[(equals + 1)..].Trim());
            }
        }

        return headers;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
