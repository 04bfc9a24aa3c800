using Cruddur.ServiceDefaults.Http;
using Cruddur.Tests.Gateway;
using Cruddur.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.ServiceDefaults.Http;

public sealed class BadRequestExceptionHandlerTests
{
    [Fact]
    public async Task RejectedLog_QueryValueWithControlCharacters_QuotesItEscaped()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var logs = new LogCapture();
        await using var service = await TestService.StartAsync(app => app.MapGet("/cruds", (int page) => page), configure: builder =>
        {
            builder.Logging.AddProvider(logs);
            builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        });

        // The framework's message quotes the value it could not bind: "Failed to bind parameter "int page" from "…"."
        var response = await RawHttpClient.SendAsync(new Uri(service.App.Urls.First()), "GET", "/cruds?page=2%0D%0Aforged%1B[31m", cancellation);

        Assert.Equal(400, response.Status);
        var rejected = Assert.Single(logs.Lines, log => log.Category == typeof(BadRequestExceptionHandler).FullName).Message;
        Assert.Contains(@"2\x0D\x0Aforged\x1B[31m", rejected, StringComparison.Ordinal);
        Assert.DoesNotContain(rejected, char.IsControl);
    }
}
