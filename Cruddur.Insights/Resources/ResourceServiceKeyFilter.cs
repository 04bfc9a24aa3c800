using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Cruddur.Insights.Resources;

/// <summary>Only the AppHost, holding Dashboard:Resources:ApiKey, may replace the resource list.</summary>
internal sealed class ResourceServiceKeyFilter(IOptions<InsightsOptions> options) : IEndpointFilter
{
    public const string Header = "x-resource-service-key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var key = options.Value.Resources.ApiKey;
        var sent = context.HttpContext.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(key)))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Resource service key required",
                detail: string.IsNullOrEmpty(key)
                    ? "This dashboard has no Dashboard:Resources:ApiKey, so it accepts no resource updates."
                    : $"Send the {Header} header with the key the AppHost passed in Dashboard__Resources__ApiKey.");
        }
        return await next(context);
    }
}
