using Cruddur.ServiceDefaults.Http;

namespace Cruddur.Api.Extensions;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c>, describing every endpoint of the api.</summary>
internal static class OpenApiExtensions
{
    public static IHostApplicationBuilder AddDefaultOpenApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            // HEAD is answered wherever GET is; the document describes the GET, as API descriptions do,
            // rather than a second operation of the same name.
            var included = options.ShouldInclude;
            options.ShouldInclude = description => !HttpMethods.IsHead(description.HttpMethod ?? "") && included(description);
        });
        return builder;
    }

    public static WebApplication MapDefaultOpenApi(this WebApplication app)
    {
        app.MapOpenApi().AnswerHead();
        return app;
    }
}
