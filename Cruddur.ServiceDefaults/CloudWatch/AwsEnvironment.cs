using Amazon.Runtime.Credentials;
using Amazon.Runtime;
using Cruddur.ServiceDefaults.Aws;
using Microsoft.Extensions.Configuration;

namespace Cruddur.ServiceDefaults.CloudWatch;

/// <summary>
/// Credentials and region as the AWS SDK finds them (environment, profile, web identity, EC2
/// metadata), with configuration first and a time limit so start-up never waits on metadata.
/// </summary>
internal sealed record AwsEnvironment(Func<AwsSigningCredentials>? Credentials, string? Region, string? Problem)
{
    public const string AccessKeySetting = "AWS_ACCESS_KEY_ID";
    public const string SecretKeySetting = "AWS_SECRET_ACCESS_KEY";
    public const string SessionTokenSetting = "AWS_SESSION_TOKEN";
    public const string RegionSetting = "AWS_REGION";
    public const string DefaultRegionSetting = "AWS_DEFAULT_REGION";

    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(2);

    public static AwsEnvironment Resolve(IConfiguration configuration, string? configuredRegion)
    {
        var credentials = CredentialsFrom(configuration, out var problem);
        if (credentials is null)
        {
            return new AwsEnvironment(null, null, problem);
        }

        var region = NonEmpty(configuredRegion) ?? NonEmpty(configuration[RegionSetting]) ?? NonEmpty(configuration[DefaultRegionSetting])
            ?? Bounded(() => FallbackRegionFactory.GetRegionEndpoint()?.SystemName);
        return region is null
            ? new AwsEnvironment(credentials, null, $"no AWS region ({CloudWatchOptions.SectionName}:Region, {RegionSetting} or a profile)")
            : new AwsEnvironment(credentials, region, null);
    }

    private static Func<AwsSigningCredentials>? CredentialsFrom(IConfiguration configuration, out string? problem)
    {
        problem = null;
        var accessKey = NonEmpty(configuration[AccessKeySetting]);
        var secretKey = NonEmpty(configuration[SecretKeySetting]);
        if (accessKey is not null && secretKey is not null)
        {
            var fixedCredentials = new AwsSigningCredentials(accessKey, secretKey, NonEmpty(configuration[SessionTokenSetting]));
            return () => fixedCredentials;
        }

        AWSCredentials? found = null;
        try
        {
            found = Bounded(() => DefaultAWSCredentialsIdentityResolver.GetCredentials(null));
        }
        catch (AmazonClientException)
        {
            found = null;
        }

        if (found is null)
        {
            problem = "no AWS credentials (environment, profile, web identity or instance role)";
            return null;
        }

        // The SDK refreshes temporary credentials itself; ask it each time a request is signed.
        return () =>
        {
            var current = found.GetCredentials();
            return new AwsSigningCredentials(current.AccessKey, current.SecretKey, current.Token);
        };
    }

    private static T? Bounded<T>(Func<T?> lookup) where T : class
    {
        var task = Task.Run(lookup);
        try
        {
            return task.Wait(LookupTimeout) ? task.Result : null;
        }
        catch (AggregateException failed) when (failed.InnerException is AmazonClientException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
