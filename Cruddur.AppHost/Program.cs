using Cruddur.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// Sink secrets: `dotnet user-secrets set Parameters:honeycomb-api-key …` or the environment variable.
// Unset is not an error: the parameter is empty and that sink stays off, so nobody is prompted.
var honeycombApiKey = builder.AddOptionalSecret("honeycomb-api-key", "HONEYCOMB_API_KEY");
var rollbarAccessToken = builder.AddOptionalSecret("rollbar-access-token", "ROLLBAR_ACCESS_TOKEN");

// The React front end's origin may export browser spans to the dashboard's OTLP/HTTP endpoint.
builder.AllowDashboardOtlpFromFrontend();

// Cruddur's own analyses (routes, heatmaps, service map, spend), read from the dashboard's telemetry API;
// the services and the X-Ray daemon send it their sink counters and segment documents.
var insightsOtlpApiKey = builder.AddGeneratedSecret("insights-otlp-api-key");
var insights = builder.AddInsights("insights", insightsOtlpApiKey)
    .WithEnvironment("HONEYCOMB_API_KEY", honeycombApiKey)
    .WithHostSettings("AWS_REGION", "AWS_DEFAULT_REGION");

var xrayDaemon = builder.AddXRayDaemon("xray-daemon", insights, insightsOtlpApiKey);

// Internal, on a free port the AppHost picks (a developer's own api on 5080 does not collide);
// reached through the gateway.
var api = builder.AddProject<Projects.Cruddur_Api>("api")
    .WithDirectHttpEndpoint(EndpointExtensions.FreePort())
    .WithHttpHealthCheck("/health")
    .WithoutOtlpRetry()
    .WithXRayDaemon(xrayDaemon)
    .WithInsights(insights, insightsOtlpApiKey)
    .WithEnvironment("HONEYCOMB_API_KEY", honeycombApiKey)
    .WithEnvironment("ROLLBAR_ACCESS_TOKEN", rollbarAccessToken)
    .WithHostSettings("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE");

// The single public entry on http://localhost:4567 (its launch profile), the port the React front end expects.
// It waits for a healthy api so the first request through it never meets a cold upstream.
builder.AddProject<Projects.Cruddur_Gateway>("gateway")
    .WithDirectHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReference(api)
    .WaitFor(api)
    .WithoutOtlpRetry()
    .WithXRayDaemon(xrayDaemon)
    .WithInsights(insights, insightsOtlpApiKey)
    .WithEnvironment("HONEYCOMB_API_KEY", honeycombApiKey)
    .WithEnvironment("ROLLBAR_ACCESS_TOKEN", rollbarAccessToken)
    .WithHostSettings("FRONTEND_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE")
    .WithHostSection("Gateway")
    .WithExternalHttpEndpoints();

builder.Build().Run();
