using System.Net.Http.Json;

namespace Cruddur.Tests.Api;

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
