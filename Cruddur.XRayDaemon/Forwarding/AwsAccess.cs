using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Cruddur.XRayDaemon.Hosting;

namespace Cruddur.XRayDaemon.Forwarding;

/// <summary>
/// Credentials (AWSSDK.Core's standard chain) and region, resolved once at start. Missing
/// either one means local-only mode: receive and count, never call AWS.
/// </summary>
internal sealed class AwsAccess
{
    private readonly AWSCredentials? _credentials;

    private AwsAccess(AWSCredentials? credentials, string? region, Uri? endpoint, string? problem)
    {
        _credentials = credentials;
        Region = region;
        Endpoint = endpoint;
        Problem = problem;
    }

    public string? Region { get; }

    public Uri? Endpoint { get; }

    /// <summary>Why the daemon runs local-only, or null when it forwards.</summary>
    public string? Problem { get; }

    public bool CanForward => Problem is null;

    public static AwsAccess Resolve(DaemonOptions options)
    {
        if (options.LocalMode)
        {
            // Local mode: no EC2 instance metadata, as with the real daemon's -o.
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        }

        var region = options.Region;
        if (region is null && !options.LocalMode)
        {
            region = FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }

        AWSCredentials? credentials = null;
        string? problem = null;
        try
        {
            credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials();
            _ = credentials.GetCredentials();
        }
        catch (AmazonClientException exception)
        {
            credentials = null;
            problem = $"no AWS credentials in the SDK's standard chain ({exception.GetType().Name})";
        }

        if (region is null)
        {
            problem = problem is null ? "no AWS region (use -n or AWS_REGION)" : problem + " and no AWS region (use -n or AWS_REGION)";
        }

        return new AwsAccess(credentials, region, options.XRayEndpoint(region), problem);
    }

    public ImmutableCredentials Credentials() =>
        _credentials?.GetCredentials() ?? throw new InvalidOperationException("The daemon runs local-only: no credentials.");
}
