using Cruddur.ServiceDefaults.XRay.Sampling;

namespace Cruddur.Tests.ServiceDefaults.XRay.Sampling;

public sealed class WildcardTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "anything", true)]
    [InlineData("cruddur-*", "cruddur-api", true)]
    [InlineData("cruddur-*", "CRUDDUR-gateway", true)]
    [InlineData("cruddur-*", "cruddur-", true)]
    [InlineData("cruddur-*", "cruddur", false)]
    [InlineData("cruddur-*", "other-api", false)]
    [InlineData("/api/*/home", "/api/activities/home", true)]
    [InlineData("/api/*/home", "/api/activities/home/x", false)]
    [InlineData("GE?", "get", true)]
    [InlineData("GE?", "GE", false)]
    [InlineData("??", "ab", true)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXcYYb", false)]
    [InlineData("*.example.com", "api.example.com", true)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exactly", false)]
    [InlineData("", "", true)]
    [InlineData("", "x", false)]
    public void Matches_PatternAndText_GlobWithCaseIgnored(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, Wildcard.Matches(pattern, text));
    }
}
