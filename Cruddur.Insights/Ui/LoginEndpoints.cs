using Cruddur.Insights.Security;

namespace Cruddur.Insights.Ui;

/// <summary>/login?t=TOKEN (the printed link), the pasted-token form, and /logout.</summary>
internal static class LoginEndpoints
{
    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").DisableAntiforgery();
        group.MapGet("/login", (HttpContext context, BrowserLogin login, string? t) =>
        {
            if (login.IsTokenValid(t))
            {
                login.SignIn(context);
                return Results.Redirect("/");
            }
            return UiPages.Login(t is null ? null : "That token is not valid for this Insights run.");
        });
        group.MapPost("/login", async (HttpContext context, BrowserLogin login) =>
        {
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
            var token = form?["t"].ToString().Trim();
            if (login.IsTokenValid(token))
            {
                login.SignIn(context);
                return Results.Redirect("/");
            }
            return UiPages.Login("That token is not valid for this Insights run.", StatusCodes.Status401Unauthorized);
        });
        group.MapPost("/logout", (HttpContext context, BrowserLogin login) =>
        {
            login.SignOut(context);
            return Results.Redirect("/login");
        });
        return app;
    }
}
