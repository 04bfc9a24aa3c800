using Cruddur.ServiceDefaults.Aws;

namespace Cruddur.Tests.ServiceDefaults.Aws;

public sealed class AwsSigV4SignerTests
{
    private static readonly AwsSigningCredentials Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static readonly DateTimeOffset ExampleTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    [Fact]
    public void Authorization_AwsTestSuiteGetVanilla_MatchesPublishedSignature()
    {
        var headers = new Dictionary<string, string> { ["Host"] = "example.amazonaws.com", ["X-Amz-Date"] = "20150830T123600Z" };

        var authorization = AwsSigV4Signer.Authorization("GET", new Uri("https://example.amazonaws.com/"), headers, [], Example,
            "us-east-1", "service", ExampleTime);

        Assert.Equal("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
            + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", authorization);
    }

    [Fact]
    public void Authorization_IamListUsersDocumentationExample_MatchesPublishedSignature()
    {
        var headers = new Dictionary<string, string>
        {
            ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8",
            ["Host"] = "iam.amazonaws.com",
            ["X-Amz-Date"] = "20150830T123600Z",
        };

        var authorization = AwsSigV4Signer.Authorization("GET", new Uri("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"),
            headers, [], Example, "us-east-1", "iam", ExampleTime);

        Assert.EndsWith("Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void SigningKey_DocumentationExample_MatchesPublishedKey()
    {
        var key = AwsSigV4Signer.SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");

        Assert.Equal("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", Convert.ToHexStringLower(key));
    }

    [Fact]
    public void Sign_HttpRequestOfIamDocumentationExample_SetsDateAndPublishedAuthorization()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08")
        {
            Content = new ByteArrayContent([]),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");

        AwsSigV4Signer.Sign(request, [], Example, "us-east-1", "iam", ExampleTime);

        Assert.Equal("20150830T123600Z", Assert.Single(request.Headers.GetValues("X-Amz-Date")));
        Assert.Equal("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, "
            + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", Assert.Single(request.Headers.GetValues("Authorization")));
        Assert.False(request.Headers.Contains("X-Amz-Security-Token"));
    }
}
