namespace Cruddur.AppHost.Hosting;

/// <summary>The declarations of an AppHost's Program.cs, named as .NET Aspire names them.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>
    /// An HTTP endpoint. The project learns it through <c>ASPNETCORE_URLS</c>; its port is
    /// <paramref name="port"/> or, when null, a free one. Setting <c>Resources:{name}:Port</c>
    /// overrides it.
    /// </summary>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null,
        string name = EndpointAnnotation.DefaultName, string? env = null)
        where T : Resource =>
        builder.WithEndpoint("http", port, name, env);

    /// <summary>An endpoint of any scheme (<c>udp</c> for the X-Ray daemon), with the same port rules.</summary>
    public static IResourceBuilder<T> WithEndpoint<T>(this IResourceBuilder<T> builder, string scheme, int? port = null,
        string name = EndpointAnnotation.DefaultName, string? env = null)
        where T : Resource
    {
        var configured = builder.ApplicationBuilder.Configuration[name == EndpointAnnotation.DefaultName
            ? $"Resources:{builder.Resource.Name}:Port"
            : $"Resources:{builder.Resource.Name}:Ports:{name}"];
        if (int.TryParse(configured, out var overridden))
        {
            port = overridden == 0 ? null : overridden;
        }

        builder.Resource.Endpoints.Add(new EndpointAnnotation(name, scheme, port, isExternal: false) { EnvironmentVariable = env });
        return builder;
    }

    /// <summary>Marks every endpoint public: it is printed and meant for browsers.</summary>
    public static IResourceBuilder<T> WithExternalHttpEndpoints<T>(this IResourceBuilder<T> builder)
        where T : Resource
    {
        foreach (var endpoint in builder.Resource.Endpoints)
        {
            endpoint.IsExternal = true;
        }

        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string? value)
        where T : Resource
    {
        builder.Resource.EnvironmentCallbacks.Add(environment => environment[name] = value);
        return builder;
    }

    /// <summary>
    /// An environment variable from a parameter; left unset when the parameter has no value, and
    /// masked wherever the environment is shown when the parameter is secret.
    /// </summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, ParameterResource parameter)
        where T : Resource
    {
        if (parameter.Secret)
        {
            builder.Resource.SecretEnvironmentNames.Add(name);
        }

        builder.Resource.EnvironmentCallbacks.Add(environment => environment[name] = parameter.Value);
        return builder;
    }

    /// <summary>
    /// Passes the AppHost's value of each variable through when it is set (the role of
    /// Aspire.Hosting.AWS's SDK configuration for AWS_REGION, AWS_PROFILE and friends).
    /// </summary>
    public static IResourceBuilder<T> WithEnvironmentFromHost<T>(this IResourceBuilder<T> builder, params string[] names)
        where T : Resource
    {
        var configuration = builder.ApplicationBuilder.Configuration;
        builder.Resource.EnvironmentCallbacks.Add(environment =>
        {
            foreach (var name in names)
            {
                if (configuration[name] is { Length: > 0 } value)
                {
                    environment[name] = value;
                }
            }
        });
        return builder;
    }

    /// <summary>
    /// Sends the resource's traces, metrics and logs to the dashboard's OTLP/gRPC endpoint, with
    /// the dashboard's OTLP API key, and starts it only once the dashboard is healthy.
    /// </summary>
    public static IResourceBuilder<T> WithOtlpExporter<T>(this IResourceBuilder<T> builder,
        IResourceBuilder<Resource> dashboard, ParameterResource otlpApiKey, string endpointName = "otlp-grpc")
        where T : Resource
    {
        builder.Resource.SecretEnvironmentNames.Add("OTEL_EXPORTER_OTLP_HEADERS");
        builder.Resource.EnvironmentCallbacks.Add(environment =>
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = dashboard.Resource.GetEndpoint(endpointName).Url;
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
            environment["OTEL_EXPORTER_OTLP_HEADERS"] = otlpApiKey.Value is { } key ? $"x-otlp-api-key={Uri.EscapeDataString(key)}" : null;
        });
        return builder.WaitFor(dashboard);
    }

    /// <summary>Command-line arguments, computed at launch from the resource (its ports are known then).</summary>
    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, Func<T, IEnumerable<string>> arguments)
        where T : Resource
    {
        builder.Resource.Arguments.Add(() => arguments(builder.Resource));
        return builder;
    }

    /// <summary>
    /// Sends the resource's X-Ray segments to <paramref name="daemon"/> (<c>AWS_XRAY_DAEMON_ADDRESS</c>)
    /// and starts it once the daemon runs.
    /// </summary>
    public static IResourceBuilder<T> WithXRayDaemon<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> daemon)
        where T : Resource
    {
        builder.Resource.EnvironmentCallbacks.Add(environment =>
            environment["AWS_XRAY_DAEMON_ADDRESS"] = $"127.0.0.1:{daemon.Resource.GetEndpoint().AllocatedPort}");
        return builder.WaitFor(daemon);
    }

    /// <summary>A link shown in the start-up summary instead of the bare endpoint (a login URL, say).</summary>
    public static IResourceBuilder<T> WithDisplayUrl<T>(this IResourceBuilder<T> builder, Func<T, string> url)
        where T : Resource
    {
        builder.Resource.DisplayUrls.Add(() => url(builder.Resource));
        return builder;
    }

    /// <summary>An environment variable computed at launch, for values known only then.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, Func<string?> value)
        where T : Resource
    {
        builder.Resource.EnvironmentCallbacks.Add(environment => environment[name] = value());
        return builder;
    }

    /// <summary>
    /// Tells the resource where <paramref name="source"/> listens, with Aspire's service-discovery
    /// keys: <c>services__{name}__{endpoint}__0</c>.
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> source)
        where T : Resource
    {
        builder.Resource.EnvironmentCallbacks.Add(environment =>
        {
            foreach (var endpoint in source.Resource.Endpoints)
            {
                environment[$"services__{source.Resource.Name}__{endpoint.Name}__0"] = endpoint.Url;
            }
        });
        return builder;
    }

    /// <summary>Starts this resource only once <paramref name="dependency"/> is healthy (or running, without a health check).</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency)
        where T : Resource
    {
        builder.Resource.WaitsFor.Add(dependency.Resource);
        return builder;
    }

    /// <summary>Probes <paramref name="path"/> on the http endpoint: 2xx is Healthy, anything else Unhealthy.</summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path = "/health")
        where T : Resource
    {
        builder.Resource.HealthCheckPath = path;
        return builder;
    }

    /// <summary>Makes this resource the dashboard whose Resources page the AppHost feeds, authenticated by <paramref name="key"/>.</summary>
    public static IResourceBuilder<T> WithResourcePublisher<T>(this IResourceBuilder<T> builder, ParameterResource key)
        where T : Resource
    {
        builder.ApplicationBuilder.ResourcePublisher = (builder.Resource, key);
        return builder.WithEnvironment("Dashboard__Resources__ApiKey", key);
    }

    /// <summary>Makes this resource the dashboard the AppHost reads the spend summary from when it stops.</summary>
    public static IResourceBuilder<T> WithSpendSummary<T>(this IResourceBuilder<T> builder, ParameterResource apiKey)
        where T : Resource
    {
        builder.ApplicationBuilder.SpendSummary = new SpendSummary(builder.Resource, apiKey);
        return builder;
    }
}
