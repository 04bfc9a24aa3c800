namespace Cruddur.Insights.Security;

/// <summary>The JSON API answers only the signed-in browser or a caller with the API key.</summary>
internal sealed class ApiAccessFilter(BrowserLogin login) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!login.MayReadApi(context.HttpContext))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Not signed in",
                detail: $"Open the login link printed at start-up, or send the {BrowserLogin.ApiKeyHeader} header ({InsightsOptions.Section}:ApiKey).");
        }
        return await next(context);
    }
}
