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

    /// <summary>Insights' base URL, named as Aspire's service discovery names it (<c>WithReference(insights)</c> sets it).</summary>
    public const string InsightsVariable = "services__insights__http__0";

    /// <summary>The key Insights' receivers may ask for in <c>x-otlp-api-key</c> (setting <c>Insights:OtlpApiKey</c>).</summary>
    public const string InsightsOtlpApiKeyVariable = "Insights__OtlpApiKey";

    public IPEndPoint UdpBind { get; init; } = new(IPAddress.Loopback, 2000);

    public IPEndPoint TcpBind { get; init; } = new(IPAddress.Loopback, 2000);

    public string? Region { get; init; }

    public bool LocalMode { get; init; }

    public int BufferMegabytes { get; init; } = 16;

    public Uri? Endpoint { get; init; }

    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where received documents are shown (Insights' base URL); null: not shown.</summary>
    public Uri? Insights { get; init; }

    /// <summary>Sent with every post to Insights; a secret, never logged.</summary>
    public string? InsightsOtlpApiKey { get; init; }

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
              --insights URL          also pass every document to Cruddur.Insights at this base URL
                                      (else services__insights__http__0; key from Insights__OtlpApiKey)
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
                "--insights" => options with { Insights = ParseUri(flag, Value()) },
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

        if (options.Insights is null && NonEmpty(environment(InsightsVariable)) is { } insights)
        {
            options = options with { Insights = ParseUri(InsightsVariable, insights) };
        }

        if (options.Insights is not null)
        {
            options = options with { InsightsOtlpApiKey = NonEmpty(environment(InsightsOtlpApiKeyVariable)) };
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

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
