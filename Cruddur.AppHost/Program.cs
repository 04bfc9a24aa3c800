using Cruddur.AppHost.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

// Secrets: `dotnet user-secrets set Parameters:honeycomb-api-key …`, or the environment variable.
var honeycombApiKey = builder.AddParameter("honeycomb-api-key", "HONEYCOMB_API_KEY", secret: true);
var rollbarAccessToken = builder.AddParameter("rollbar-access-token", "ROLLBAR_ACCESS_TOKEN", secret: true);

// Fresh for every run unless fixed under Parameters: the dashboard's login token and keys.
var dashboardToken = builder.AddGeneratedSecret("dashboard-browser-token");
var otlpApiKey = builder.AddGeneratedSecret("dashboard-otlp-api-key");
var dashboardApiKey = builder.AddGeneratedSecret("dashboard-api-key");
var resourceServiceKey = builder.AddGeneratedSecret("dashboard-resource-service-key");

// Telemetry first: the services wait for it, so their first spans are not lost.
var dashboard = builder.AddProject("dashboard", "Cruddur.Dashboard")
    .WithHttpEndpoint(port: 18888, env: "Dashboard__Frontend__Url")
    .WithHttpEndpoint(port: 18889, name: "otlp-grpc", env: "Dashboard__Otlp__GrpcUrl")
    .WithHttpEndpoint(port: 18890, name: "otlp-http", env: "Dashboard__Otlp__HttpUrl")
    .WithHttpHealthCheck("/health")
    .WithEnvironment("Dashboard__Frontend__BrowserToken", dashboardToken)
    .WithEnvironment("Dashboard__Otlp__ApiKey", otlpApiKey)
    .WithEnvironment("Dashboard__Api__ApiKey", dashboardApiKey)
    // For the trace page's links out: the same Honeycomb key check as the services, and the X-Ray region.
    .WithEnvironment("HONEYCOMB_API_KEY", honeycombApiKey)
    .WithEnvironmentFromHost("HONEYCOMB_ENDPOINT", "AWS_REGION", "AWS_DEFAULT_REGION")
    // The AppHost feeds the Resources page (snapshots, console tails) and takes restart commands back.
    .WithResourcePublisher(resourceServiceKey)
    // When the AppHost stops it prints this run's telemetry volumes and a month at that rate.
    .WithSpendSummary(dashboardApiKey)
    .WithDisplayUrl(resource => $"{resource.GetEndpoint().Url}/login?t={dashboardToken.Value}")
    .WithExternalHttpEndpoints();

// X-Ray segments go over UDP to the daemon, which batches them to PutTraceSegments when AWS
// credentials resolve (and only counts them when not); it also shows them on the dashboard's trace page.
var xrayDaemon = builder.AddXRayDaemon("xray-daemon")
    .WithDashboardFeed(dashboard, otlpApiKey);

// The activities API: internal, on a free port; everyone reaches it through the gateway.
var api = builder.AddProject("api", "Cruddur.Api")
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithEnvironment("OTEL_SERVICE_NAME", "cruddur-api")
    .WithOtlpExporter(dashboard, otlpApiKey)
    .WithXRayDaemon(xrayDaemon)
    .WithEnvironment("HONEYCOMB_API_KEY", honeycombApiKey)
    .WithEnvironment("ROLLBAR_ACCESS_TOKEN", rollbarAccessToken)
    // The AWS SDK's own settings, so the sinks resolve the developer's credentials and region.
    .WithEnvironmentFromHost("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE");

// The single public entry, on the port the React front end expects (REACT_APP_BACKEND_URL).
// It waits for a healthy api so the first request through it never meets a cold upstream.
builder.AddProject("gateway", "Cruddur.Gateway")
    .WithHttpEndpoint(port: 4567)
    .WithHttpHealthCheck("/health")
    .WithEnvironment("OTEL_SERVICE_NAME", "cruddur-gateway")
    .WithOtlpExporter(dashboard, otlpApiKey)
    .WithXRayDaemon(xrayDaemon)
    .WithEnvironment("HONEYCOMB_API_KEY", honeycombApiKey)
    .WithEnvironmentFromHost("FRONTEND_URL", "BACKEND_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE")
    .WithReference(api)
    .WaitFor(api)
    .WithExternalHttpEndpoints();

await builder.Build().RunAsync();
