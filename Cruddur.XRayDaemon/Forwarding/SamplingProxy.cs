namespace Cruddur.XRayDaemon.Forwarding;

/// <summary>
/// The TCP port: any path is passed on to the X-Ray API, signed (SDK samplers call
/// <c>/GetSamplingRules</c> and <c>/SamplingTargets</c> here).
/// </summary>
internal static class SamplingProxy
{
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapSamplingProxy(this IEndpointRouteBuilder app)
    {
        app.Map("/{**path}", ForwardAsync);
        return app;
    }

    private static async Task<IResult> ForwardAsync(HttpContext context, XRayApi api, AwsAccess access)
    {
        if (!access.CanForward)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Local-only mode",
                detail: $"The daemon does not call AWS: {access.Problem}.");
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large",
                detail: $"The proxy passes bodies up to {MaxBodyBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length > MaxBodyBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large",
                detail: $"The proxy passes bodies up to {MaxBodyBytes} bytes.");
        }

        var method = new HttpMethod(context.Request.Method);
        var pathAndQuery = context.Request.Path.Value + context.Request.QueryString.Value;
        try
        {
            using var response = await api.SendAsync(method, pathAndQuery, buffer.ToArray(), context.Request.ContentType, context.RequestAborted);
            var body = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
            return Results.Empty;
        }
        catch (HttpRequestException exception)
        {
            return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "X-Ray unreachable", detail: exception.Message);
        }
    }
}
