using Cruddur.AppHost.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

// The activities API. Its port is chosen at start; developers reach it through the printed URL.
var api = builder.AddProject("api", "Cruddur.Api")
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithEnvironment("OTEL_SERVICE_NAME", "cruddur-api")
    .WithExternalHttpEndpoints();

await builder.Build().RunAsync();
