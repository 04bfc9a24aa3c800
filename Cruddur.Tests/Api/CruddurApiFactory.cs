using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Cruddur.Api.Services;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cruddur.Tests.Api;

/// <summary>
/// The api in process with its own store, a hand-moved clock and a log recorder. One per test,
/// so tests never see each other's cruds and can run in parallel.
/// </summary>
// Any type of the api's assembly names its entry point; "Program" is ambiguous here because the
// AppHost, also referenced by the tests, has one too.
internal sealed class CruddurApiFactory(int? capacity = null, string environment = "Development",
    IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<HomeActivities>
{
    /// <summary>How the front end reads the api's JSON: snake_case names.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public ManualTimeProvider Time { get; } = new();

    public RecordingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (capacity is { } limit)
        {
            builder.UseSetting("Cruddur:Store:Capacity", limit.ToString(CultureInfo.InvariantCulture));
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }
}

/// <summary>Reading and posting the api's JSON the way the front end does.</summary>
internal static class ApiClientExtensions
{
    public static async Task<T> GetJsonAsync<T>(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync<T>();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body, CruddurApiFactory.Json, TestContext.Current.CancellationToken);

    public static async Task<T> ReadJsonAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(CruddurApiFactory.Json, TestContext.Current.CancellationToken))!;
}
