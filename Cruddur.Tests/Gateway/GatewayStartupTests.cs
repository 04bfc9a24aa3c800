namespace Cruddur.Tests.Gateway;

public sealed class GatewayStartupTests
{
    [Fact]
    public void Start_WithoutApiAddress_FailsNamingTheKey()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
        {
            using var gateway = GatewayHost.Start(new Dictionary<string, string?>());
        });

        Assert.Contains("services:api:http:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WithRelativeApiAddress_FailsNamingTheKey()
    {
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var gateway = GatewayHost.Start(new Dictionary<string, string?> { ["services:api:http:0"] = "api:8080" });
        });

        Assert.Contains("services:api:http:0", Flatten(error), StringComparison.Ordinal);
    }

    private static string Flatten(Exception error)
    {
        var messages = new List<string>();
        for (var current = error; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
        }

        return string.Join(" | ", messages);
    }
}
