namespace Cruddur.ServiceDefaults.Telemetry;

/// <summary>The activity sources and meters every Cruddur service listens to.</summary>
public static class TelemetrySources
{
    /// <summary>ASP.NET Core's server spans (no instrumentation package needed).</summary>
    public const string AspNetCore = "Microsoft.AspNetCore";

    /// <summary>HttpClient's client spans, including YARP's forwarder.</summary>
    public const string HttpClient = "System.Net.Http";

    /// <summary>Every source the application itself defines, such as <c>Cruddur.Api</c>.</summary>
    public const string Cruddur = "Cruddur.*";

    /// <summary>The operation name ASP.NET Core gives its server activity.</summary>
    public const string ServerActivityName = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http",
        "System.Runtime",
        "Cruddur.*",
    ];
}
