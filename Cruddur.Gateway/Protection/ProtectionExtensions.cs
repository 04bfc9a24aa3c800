using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Cruddur.Gateway.Protection;

/// <summary>What keeps one client or one slow api from hurting the others: limits, rate, banner.</summary>
internal static class ProtectionExtensions
{
    public const string PerClientPolicy = "per-client";

    public static WebApplicationBuilder AddGatewayProtection(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailTexts.Describe);
        builder.Services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // No "Server: Kestrel" banner; the body limit makes Kestrel refuse oversized chunked bodies too.
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<GatewayOptions>>((kestrel, gateway) =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = gateway.Value.MaxRequestBodyBytes;
            });

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PerClientPolicy, PerClientBucket);
            options.OnRejected = RejectAsync;
        });
        return builder;
    }

    public static WebApplication UseGatewayProtection(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseMiddleware<ForwarderProblemDetails>();
        return app;
    }

    private static RateLimitPartition<string> PerClientBucket(HttpContext context)
    {
        var settings = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.Burst,
            TokensPerPeriod = settings.RequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : 1;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await ProblemResponse.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests",
            $"This client sent more requests than the gateway allows; retry after {retryAfter} s.");
    }
}
