using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cruddur.Api.Model;
using Microsoft.AspNetCore.Mvc;

namespace Cruddur.Tests.Api.Apis;

public sealed partial class ActivitiesApiTests : IAsyncDisposable
{
    private const string CloudIsFun = "68f126b0-1ceb-4a33-88be-d90fa7109eee";
    private const string PruneJuice = "66e12864-8c26-4c3a-9658-95a10f8fea67";

    private readonly CruddurApiFactory _factory = new();
    private readonly HttpClient _client;

    public ActivitiesApiTests() => _client = _factory.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task GetHome_Seeded_ReturnsTheThreeSeededCrudsNewestFirst()
    {
        var feed = await _client.GetJsonAsync<Activity[]>("/api/activities/home");

        Assert.Equal([("garek", "My dear doctor, I am just simple tailor"), ("andrewbrown", "Cloud is fun!"), ("worf", "I am out of prune juice")],
            feed.Select(crud => (crud.Handle, crud.Message)));
        var cloud = feed[1];
        Assert.Equal(("Andrew Brown", 5, 1, 0), (cloud.DisplayName, cloud.LikesCount, cloud.RepliesCount, cloud.RepostsCount));
        Assert.Equal("This post has no honor!", Assert.Single(cloud.Replies).Message);
    }

    [Fact]
    public async Task GetHome_Json_UsesTheOriginalSnakeCaseFieldsAndIsoTimesWithOffset()
    {
        using var document = JsonDocument.Parse(await _client.GetStringAsync("/api/activities/home", Ct));

        var cloud = document.RootElement[1];
        Assert.Equal(
            ["uuid", "display_name", "handle", "message", "created_at", "expires_at", "likes_count", "replies_count",
                "reposts_count", "replies", "reply_to_activity_uuid"],
            cloud.EnumerateObject().Select(property => property.Name));
        Assert.Matches(IsoWithOffset(), cloud.GetProperty("created_at").GetString());
        Assert.Matches(IsoWithOffset(), cloud.GetProperty("expires_at").GetString());
        Assert.Equal(CloudIsFun, cloud.GetProperty("replies")[0].GetProperty("reply_to_activity_uuid").GetString());
    }

    [Fact]
    public async Task PostActivity_ValidCrud_Returns200WithTheCrudFirstInHomeAndAuthorFeeds()
    {
        _factory.Time.Advance(TimeSpan.FromMinutes(1));

        using var response = await _client.PostJsonAsync("/api/activities", new { message = "Hello Cruddur", ttl = "7-days" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var crud = await response.ReadJsonAsync<Activity>();
        Assert.Equal(("andrewbrown", "Andrew Brown", "Hello Cruddur"), (crud.Handle, crud.DisplayName, crud.Message));
        Assert.Equal(_factory.Time.GetUtcNow(), crud.CreatedAt);
        Assert.Equal(_factory.Time.GetUtcNow() + TimeSpan.FromDays(7), crud.ExpiresAt);
        Assert.Equal(crud.Uuid, (await _client.GetJsonAsync<Activity[]>("/api/activities/home"))[0].Uuid);
        Assert.Equal(crud.Uuid, (await _client.GetJsonAsync<Activity[]>("/api/activities/@andrewbrown"))[0].Uuid);
        Assert.Equal(crud.Uuid, (await _client.GetJsonAsync<Activity>($"/api/activities/{crud.Uuid}")).Uuid);
    }

    [Theory]
    [InlineData("30-days", 30 * 24)]
    [InlineData("7-days", 7 * 24)]
    [InlineData("3-days", 3 * 24)]
    [InlineData("1-day", 24)]
    [InlineData("12-hours", 12)]
    [InlineData("3-hours", 3)]
    [InlineData("1-hour", 1)]
    public async Task PostActivity_EachTtl_ExpiresThatLongAfterCreation(string ttl, int hours)
    {
        using var response = await _client.PostJsonAsync("/api/activities", new { message = "tick", ttl });

        var crud = await response.ReadJsonAsync<Activity>();
        Assert.Equal(TimeSpan.FromHours(hours), crud.ExpiresAt - crud.CreatedAt);
    }

    [Theory]
    [InlineData("", "7-days", new[] { "message_blank" })]
    [InlineData("   ", "7-days", new[] { "message_blank" })]
    [InlineData(null, "7-days", new[] { "message_blank" })]
    [InlineData("hello", "", new[] { "ttl_blank" })]
    [InlineData("hello", null, new[] { "ttl_blank" })]
    [InlineData("hello", "2-weeks", new[] { "ttl_blank" })]
    [InlineData("hello", "7-DAYS", new[] { "ttl_blank" })]
    // One code, as the original: each failing check (ttl, then user, then message) replaces the one before.
    [InlineData(null, null, new[] { "message_blank" })]
    [InlineData("", "", new[] { "message_blank" })]
    [InlineData("hi", "", new[] { "ttl_blank" })]
    public async Task PostActivity_BadInput_Returns422WithOneErrorCode(string? message, string? ttl, string[] expected)
    {
        using var response = await _client.PostJsonAsync("/api/activities", new { message, ttl });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(expected, await response.ReadJsonAsync<string[]>());
        Assert.Equal(3, (await _client.GetJsonAsync<Activity[]>("/api/activities/home")).Length);
    }

    [Fact]
    public async Task PostActivity_MessageOver280Chars_Returns422WithErrorCode()
    {
        using var response = await _client.PostJsonAsync("/api/activities", new { message = new string('a', 281), ttl = "1-day" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["message_exceed_max_chars"], await response.ReadJsonAsync<string[]>());
    }

    [Fact]
    public async Task PostActivity_MessageOver280CharsAndNoTtl_Returns422MessageExceedMaxCharsOnly()
    {
        using var response = await _client.PostJsonAsync("/api/activities", new { message = new string('a', 281), ttl = "" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["message_exceed_max_chars"], await response.ReadJsonAsync<string[]>());
    }

    [Fact]
    public async Task PostActivity_280CharsCountingEmojiAsOne_Returns200()
    {
        // 280 emoji are 560 UTF-16 units but 280 characters, as the original (Python) counted.
        var emoji = string.Concat(Enumerable.Repeat("🖖", 280));

        using var exact = await _client.PostJsonAsync("/api/activities", new { message = emoji, ttl = "1-day" });
        using var over = await _client.PostJsonAsync("/api/activities", new { message = emoji + "!", ttl = "1-day" });

        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
    }

    [Fact]
    public async Task GetUserActivities_Worf_ReturnsOnlyWorfsCruds()
    {
        var feed = await _client.GetJsonAsync<Activity[]>("/api/activities/@worf");

        Assert.Equal(PruneJuice, Assert.Single(feed).Uuid.ToString());
        Assert.Empty(await _client.GetJsonAsync<Activity[]>("/api/activities/@nobody"));
    }

    [Theory]
    [InlineData("/api/activities/@a@b")]
    [InlineData("/api/activities/@worf@ds9")]
    public async Task GetUserActivities_HandleContainingAt_Returns200AsTheOriginal(string path)
    {
        // ASP.NET Core alone matched "@{handle}" from the right, rejected these and answered 400 "Malformed activity uuid".
        using var response = await _client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.ReadJsonAsync<Activity[]>());
    }

    [Fact]
    public async Task GetUserActivities_BlankHandle_Returns422UserHandleBlank()
    {
        using var response = await _client.GetAsync("/api/activities/@%20", Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["user_handle_blank"], await response.ReadJsonAsync<string[]>());
    }

    [Fact]
    public async Task Search_TermInAnyCase_ReturnsMatchingCruds()
    {
        var found = await _client.GetJsonAsync<Activity[]>("/api/activities/search?term=PRUNE");

        Assert.Equal(PruneJuice, Assert.Single(found).Uuid.ToString());
        Assert.Empty(await _client.GetJsonAsync<Activity[]>("/api/activities/search?term=tribble"));
    }

    [Theory]
    [InlineData("/api/activities/search")]
    [InlineData("/api/activities/search?term=")]
    [InlineData("/api/activities/search?term=%20%20")]
    public async Task Search_BlankTerm_Returns422SearchTermBlank(string path)
    {
        using var response = await _client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["search_term_blank"], await response.ReadJsonAsync<string[]>());
    }

    [Fact]
    public async Task GetNotifications_Seeded_ReturnsTheActingUsersCrudWithWorfsReply()
    {
        var notifications = await _client.GetJsonAsync<Activity[]>("/api/activities/notifications");

        var cloud = Assert.Single(notifications);
        Assert.Equal(CloudIsFun, cloud.Uuid.ToString());
        Assert.Equal("worf", Assert.Single(cloud.Replies).Handle);
    }

    [Fact]
    public async Task GetActivity_Seeded_ReturnsItWithReplies()
    {
        var cloud = await _client.GetJsonAsync<Activity>($"/api/activities/{CloudIsFun}");

        Assert.Equal(("Cloud is fun!", 1), (cloud.Message, cloud.RepliesCount));
        Assert.Equal("This post has no honor!", Assert.Single(cloud.Replies).Message);
    }

    [Fact]
    public async Task GetActivity_UnknownUuid_Returns404Problem()
    {
        using var response = await _client.GetAsync($"/api/activities/{Guid.NewGuid()}", Ct);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetActivity_MalformedUuid_Returns400Problem()
    {
        using var response = await _client.GetAsync("/api/activities/not-a-uuid", Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task GetActivity_BlankUuid_Returns422ActivityUuidBlank()
    {
        using var response = await _client.GetAsync("/api/activities/%20", Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["activity_uuid_blank"], await response.ReadJsonAsync<string[]>());
    }

    [Fact]
    public async Task PostReply_ValidReply_AppearsUnderItsActivityAndRaisesRepliesCount()
    {
        using var response = await _client.PostJsonAsync($"/api/activities/{PruneJuice}/reply", new { message = "Try the root beer." });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await response.ReadJsonAsync<Activity>();
        Assert.Equal(("andrewbrown", PruneJuice), (reply.Handle, reply.ReplyToActivityUuid.ToString()));
        var worf = await _client.GetJsonAsync<Activity>($"/api/activities/{PruneJuice}");
        Assert.Equal(1, worf.RepliesCount);
        Assert.Equal(reply.Uuid, Assert.Single(worf.Replies).Uuid);
        var home = await _client.GetJsonAsync<Activity[]>("/api/activities/home");
        Assert.Equal(1, home.Single(crud => crud.Uuid == worf.Uuid).RepliesCount);
    }

    [Theory]
    [InlineData("", new[] { "message_blank" })]
    [InlineData(null, new[] { "message_blank" })]
    public async Task PostReply_BlankMessage_Returns422(string? message, string[] expected)
    {
        using var response = await _client.PostJsonAsync($"/api/activities/{CloudIsFun}/reply", new { message });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(expected, await response.ReadJsonAsync<string[]>());
    }

    [Fact]
    public async Task PostReply_MessageOver1024Chars_Returns422AndAt1024Succeeds()
    {
        using var over = await _client.PostJsonAsync($"/api/activities/{CloudIsFun}/reply", new { message = new string('r', 1025) });
        using var exact = await _client.PostJsonAsync($"/api/activities/{CloudIsFun}/reply", new { message = new string('r', 1024) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
        Assert.Equal(["message_exceed_max_chars"], await over.ReadJsonAsync<string[]>());
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
    }

    [Fact]
    public async Task PostReply_BlankActivityUuid_Returns422ActivityUuidBlank()
    {
        using var response = await _client.PostJsonAsync("/api/activities/%20/reply", new { message = "hi" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["activity_uuid_blank"], await response.ReadJsonAsync<string[]>());
    }

    [Fact]
    public async Task PostReply_BlankActivityUuidAndBlankMessage_Returns422MessageBlankOnly()
    {
        using var response = await _client.PostJsonAsync("/api/activities/%20/reply", new { message = "" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["message_blank"], await response.ReadJsonAsync<string[]>());
    }

    [Fact]
    public async Task PostReply_UnknownActivity_Returns404Problem()
    {
        using var response = await _client.PostJsonAsync($"/api/activities/{Guid.NewGuid()}/reply", new { message = "hi" });

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PostReply_MalformedUuid_Returns400Problem()
    {
        using var response = await _client.PostJsonAsync("/api/activities/12345/reply", new { message = "hi" });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Feeds_CrudPastItsTtl_LeavesHomeUserFeedSearchAndShow()
    {
        using var response = await _client.PostJsonAsync("/api/activities", new { message = "Gone in an hour", ttl = "1-hour" });
        var crud = await response.ReadJsonAsync<Activity>();

        _factory.Time.Advance(TimeSpan.FromHours(1));

        Assert.DoesNotContain(await _client.GetJsonAsync<Activity[]>("/api/activities/home"), item => item.Uuid == crud.Uuid);
        Assert.DoesNotContain(await _client.GetJsonAsync<Activity[]>("/api/activities/@andrewbrown"), item => item.Uuid == crud.Uuid);
        Assert.Empty(await _client.GetJsonAsync<Activity[]>("/api/activities/search?term=gone"));
        using var show = await _client.GetAsync($"/api/activities/{crud.Uuid}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, show.StatusCode);
    }

    internal static async Task<ProblemDetails> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(TestContext.Current.CancellationToken);
        Assert.NotNull(problem);
        Assert.Equal((int)status, problem.Status);
        Assert.False(string.IsNullOrEmpty(problem.Title));
        AssertOneShape(problem);
        return problem;
    }

    /// <summary>
    /// What every error body of the api and the gateway shares: the trace id as <c>trace_id</c> (the api's
    /// snake_case, never ASP.NET Core's <c>traceId</c>), and words for a caller, never a .NET type's name.
    /// </summary>
    internal static void AssertOneShape(ProblemDetails problem)
    {
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", Assert.IsType<JsonElement>(problem.Extensions["trace_id"]).GetString());
        Assert.False(problem.Extensions.ContainsKey("traceId"), "traceId beside trace_id");
        Assert.DoesNotMatch(DotNetTypeName(), $"{problem.Title} {problem.Detail}");
    }

    [GeneratedRegex(@"\b(Cruddur|System|Microsoft)\.[A-Z]")]
    private static partial Regex DotNetTypeName();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$")]
    private static partial Regex IsoWithOffset();
}
