using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Cruddur.Insights.Security;

/// <summary>What services and the X-Ray daemon post needs the OTLP key, when Insights:Otlp:ApiKey is set.</summary>
internal sealed class OtlpKeyFilter(IOptions<InsightsOptions> options) : IEndpointFilter
{
    public const string Header = "x-otlp-api-key";

    private readonly byte[]? _key = string.IsNullOrEmpty(options.Value.Otlp.ApiKey) ? null : Encoding.UTF8.GetBytes(options.Value.Otlp.ApiKey);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_key is not null && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.HttpContext.Request.Headers[Header].ToString()), _key))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Missing or wrong OTLP API key",
                detail: $"Send the key in the {Header} header.");
        }
        return await next(context);
    }
}
