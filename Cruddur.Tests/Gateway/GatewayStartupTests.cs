namespace Cruddur.Tests.Gateway;

/// <summary>What the gateway refuses to start without.</summary>
public sealed class GatewayStartupTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("api:8080")]
    [InlineData("/api")]
    // Service discovery drops an https URL listed under the "http" key and would fall back to DNS for "api".
    [InlineData("https://127.0.0.1:5001")]
    public void Start_MissingOrInvalidApiAddress_FailsNamingTheSetting(string? address)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            using var gateway = GatewayHost.Start(new Dictionary<string, string?> { ["services:api:http:0"] = address });
        });

        Assert.Contains("services:api:http:0", error.Message, StringComparison.Ordinal);
    }
}
