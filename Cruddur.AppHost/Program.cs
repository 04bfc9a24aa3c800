using Cruddur.AppHost.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

// Secrets: `dotnet user-secrets set Parameters:honeycomb-api-key …`, or the environment variable.
var honeycombApiKey = builder.AddParameter("honeycomb-api-key", "HONEYCOMB_API_KEY", secret: true);
var rollbarAccessToken = builder.AddParameter("rollbar-access-token", "ROLLBAR_ACCESS_TOKEN", secret: true);

// The activities API. Its port is chosen at start; developers reach it through the printed URL.
var api = builder.AddProject("api", "Cruddur.Api")
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithEnvironment("OTEL_SERVICE_NAME", "cruddur-api")
    .WithEnvironment("HONEYCOMB_API_KEY", honeycombApiKey)
    .WithEnvironment("ROLLBAR_ACCESS_TOKEN", rollbarAccessToken)
    // The AWS SDK's own settings, so the sinks resolve the developer's credentials and region.
    .WithEnvironmentFromHost("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE")
    .WithExternalHttpEndpoints();

await builder.Build().RunAsync();
