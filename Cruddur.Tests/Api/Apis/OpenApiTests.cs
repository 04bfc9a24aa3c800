using System.Text.Json;

namespace Cruddur.Tests.Api.Apis;

public sealed class OpenApiTests(OpenApiDocumentFixture fixture) : IClassFixture<OpenApiDocumentFixture>
{

    public static TheoryData<string, string, string[]> Operations => new()
    {
        { "/api/activities/home", "get", ["200"] },
        { "/api/activities/notifications", "get", ["200"] },
        { "/api/activities/search", "get", ["200", "422"] },
        { "/api/activities/@{handle}", "get", ["200", "422"] },
        { "/api/activities", "post", ["200", "400", "413", "415", "422"] },
        { "/api/activities/{activity_uuid}", "get", ["200", "400", "404", "422"] },
        { "/api/activities/{activity_uuid}/reply", "post", ["200", "400", "404", "413", "415", "422"] },
        { "/api/message_groups", "get", ["200"] },
        { "/api/messages/@{handle}", "get", ["200", "422"] },
        { "/api/messages", "post", ["200", "400", "413", "415", "422"] },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public void OpenApiDocument_EveryEndpoint_IsDescribedWithItsResponses(string path, string method, string[] statuses)
    {
        using var document = JsonDocument.Parse(fixture.Document);

        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);
        Assert.False(string.IsNullOrEmpty(operation.GetProperty("operationId").GetString()));
        Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()));
        Assert.Equal(statuses.Order(), operation.GetProperty("responses").EnumerateObject().Select(response => response.Name).Order());
        if (method == "post")
        {
            Assert.True(operation.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        }
    }

    [Fact]
    public async Task OpenApiDocument_EveryGetPathFilledWithAtHandles_AnswersOneOfItsDocumentedStatuses()
    {
        using var document = JsonDocument.Parse(fixture.Document);
        await using var factory = new CruddurApiFactory();
        using var client = factory.CreateClient();
        var cancellation = TestContext.Current.CancellationToken;

        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out var operation))
            {
                continue;
            }

            // A handle as the original accepts it, '@' inside; a uuid of a seeded crud; a search term.
            var url = path.Name.Replace("{handle}", "a@b", StringComparison.Ordinal)
                .Replace("{activity_uuid}", "68f126b0-1ceb-4a33-88be-d90fa7109eee", StringComparison.Ordinal) + "?term=cloud";
            using var response = await client.GetAsync(url, cancellation);

            var documented = operation.GetProperty("responses").EnumerateObject().Select(response => response.Name).ToList();
            Assert.True(documented.Contains(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                $"GET {url} answered {(int)response.StatusCode}; {path.Name} documents {string.Join(", ", documented)}");
        }
    }

    [Fact]
    public void OpenApiDocument_HeadAnsweredWithEveryGet_IsNotAnOperationOfItsOwn()
    {
        using var document = JsonDocument.Parse(fixture.Document);

        var paths = document.RootElement.GetProperty("paths").EnumerateObject().ToList();

        Assert.Contains(paths, path => path.Value.TryGetProperty("get", out _));
        Assert.DoesNotContain(paths, path => path.Value.TryGetProperty("head", out _));
    }

    [Fact]
    public void OpenApiDocument_ActivitySchema_UsesTheSnakeCaseFieldNames()
    {
        using var document = JsonDocument.Parse(fixture.Document);

        var properties = document.RootElement.GetProperty("components").GetProperty("schemas")
            .GetProperty("Activity").GetProperty("properties");
        Assert.Equal(
            ["uuid", "display_name", "handle", "message", "created_at", "expires_at", "likes_count", "replies_count",
                "reposts_count", "replies", "reply_to_activity_uuid"],
            properties.EnumerateObject().Select(property => property.Name));
        Assert.Equal("integer", properties.GetProperty("replies_count").GetProperty("type").GetString());
    }
}

/// <summary>The document is read-only: fetch it once for the whole class.</summary>
public sealed class OpenApiDocumentFixture : IAsyncLifetime
{
    public string Document { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        await using var factory = new CruddurApiFactory();
        using var client = factory.CreateClient();
        Document = await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
