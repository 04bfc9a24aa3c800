using System.Globalization;
using Cruddur.ServiceDefaults.Aws;
using Cruddur.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cruddur.ServiceDefaults.CloudWatch;

/// <summary>
/// Amazon CloudWatch Logs: an <c>ILoggerProvider</c> that batches log records to the log group
/// <c>cruddur</c> with PutLogEvents, on when AWS credentials and a region resolve.
/// </summary>
internal static class CloudWatchExtensions
{
    public const string SinkName = "CloudWatch Logs";
    public const string LogGroupSetting = "CloudWatch:LogGroup";
    public const string DefaultLogGroup = "cruddur";

    public static IHostApplicationBuilder AddCloudWatchLogs(this IHostApplicationBuilder builder, SinkReport sinks)
    {
        var section = builder.Configuration.GetSection(CloudWatchOptions.SectionName);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CloudWatchOptions>, CloudWatchOptionsValidation>());
        builder.Services.AddOptions<CloudWatchOptions>().Bind(section).ValidateOnStart();
        var options = section.Get<CloudWatchOptions>() ?? new CloudWatchOptions();
        if (options.Enabled == false)
        {
            sinks.Off(SinkName, $"{CloudWatchOptions.SectionName}:Enabled is false");
            return builder;
        }

        var aws = AwsEnvironment.Resolve(builder.Configuration, options.Region);
        if (aws.Problem is { } problem && options.Enabled != true)
        {
            sinks.Off(SinkName, problem);
            return builder;
        }

        var region = aws.Region ?? "us-east-1";
        var credentials = aws.Credentials ?? (() => new AwsSigningCredentials("", "", null));
        var endpoint = string.IsNullOrEmpty(options.ServiceUrl)
            ? new Uri($"https://logs.{region}.amazonaws.com/")
            : new Uri(options.ServiceUrl, UriKind.Absolute);
        builder.Services.AddSingleton(services =>
        {
            var service = services.GetRequiredService<ServiceIdentity>();
            var validated = services.GetRequiredService<IOptions<CloudWatchOptions>>().Value;
            var http = SinkHttpClient.Create(TimeSpan.FromSeconds(15));
            var client = new CloudWatchLogsClient(http, endpoint, region, credentials);
            var stream = StreamName(validated.LogStreamNamePrefix ?? service.ServiceName, DateTimeOffset.UtcNow,
                $"{Environment.MachineName}-{Environment.ProcessId}");
            return new CloudWatchLogShipper(client, validated, new CloudWatchEventFormatter(service.ServiceName), stream, owned: http);
        });
        builder.Services.AddSingleton<ILoggerProvider, CloudWatchLoggerProvider>();
        builder.Services.AddSingleton(services => new CloudWatchEventFormatter(services.GetRequiredService<ServiceIdentity>().ServiceName));
        builder.Services.AddHostedService<CloudWatchFlushOnStop>();
        sinks.On(SinkName, $"log group {options.LogGroup} in {region} via {endpoint.GetLeftPart(UriPartial.Authority)}");
        return builder;
    }

    /// <summary><c>{prefix} - yyyy/MM/ddTHH.mm.ss - {instance}</c>, as AWS.Logger names streams.</summary>
    public static string StreamName(string prefix, DateTimeOffset started, string instance) =>
        $"{prefix} - {started.UtcDateTime.ToString("yyyy'/'MM'/'dd'T'HH'.'mm'.'ss", CultureInfo.InvariantCulture)} - {instance}"
            .Replace(':', '-').Replace('*', '-');
}
