using System.Net;
using System.Reflection;
using Cruddur.Insights.Security;
using Microsoft.Extensions.FileProviders;

namespace Cruddur.Insights.Ui;

/// <summary>The browser UI: static files embedded in the assembly; pages need the login.</summary>
internal static class UiPages
{
    private static readonly EmbeddedFileProvider Files = new(Assembly.GetExecutingAssembly(), "Cruddur.Insights.wwwroot");
    private static readonly Lazy<string> IndexHtml = new(() => Read("index.html"));
    private static readonly Lazy<string> LoginHtml = new(() => Read("login.html"));

    public static IApplicationBuilder UseUiFiles(this IApplicationBuilder app) =>
        app.UseStaticFiles(new StaticFileOptions { FileProvider = Files, ServeUnknownFileTypes = false });

    public static IEndpointRouteBuilder MapUi(this IEndpointRouteBuilder app)
    {
        // Every page path is the single-page app; the script picks the page from the path.
        app.MapFallback((HttpContext context, BrowserLogin login) =>
        {
            // Pages are read with GET; anything else here (an OTLP trace export, say) has no endpoint.
            if (context.Request.Path.StartsWithSegments("/api") || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such endpoint");
            }
            return login.IsSignedIn(context) ? Html(IndexHtml.Value, StatusCodes.Status200OK) : Login(null);
        });
        return app;
    }

    public static IResult Login(string? error, int status = StatusCodes.Status200OK) =>
        Html(LoginHtml.Value.Replace("{{error}}", error is null ? "" : WebUtility.HtmlEncode(error), StringComparison.Ordinal), status);

    private static IResult Html(string html, int status) =>
        Results.Content(html, "text/html; charset=utf-8", statusCode: status);

    private static string Read(string name)
    {
        using var stream = Files.GetFileInfo(name).CreateReadStream();
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
