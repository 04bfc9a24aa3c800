using System.Net;
using Cruddur.Api.Model;

namespace Cruddur.Tests.Api.Apis;

public sealed class MessagesApiTests : IAsyncDisposable
{
    private readonly CruddurApiFactory _factory = new();
    private readonly HttpClient _client;

    public MessagesApiTests() => _client = _factory.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task GetMessageGroups_Seeded_ReturnsTheTwoGroupsMostRecentFirst()
    {
        var groups = await _client.GetJsonAsync<MessageGroup[]>("/api/message_groups");

        Assert.Equal(
            [("417c360e-c4e6-4fce-873b-d2d71469b4ac", "worf", "Worf", "This platform is great!"),
                ("24b95582-9e7b-4e0a-9ad1-639773ab7552", "andrewbrown", "Andrew Brown", null)],
            groups.Select(group => (group.Uuid.ToString(), group.Handle, group.DisplayName, group.Message)));
    }

    [Fact]
    public async Task GetMessages_Worf_ReturnsTheSeededConversationOldestFirst()
    {
        var messages = await _client.GetJsonAsync<DirectMessage[]>("/api/messages/@worf");

        Assert.Equal(
            [("4e81c06a-db0f-4281-b4cc-98208537772a", "Cloud is fun!"), ("66e12864-8c26-4c3a-9658-95a10f8fea67", "This platform is great!")],
            messages.Select(message => (message.Uuid.ToString(), message.Message)));
        Assert.All(messages, message => Assert.Equal(("andrewbrown", "Andrew Brown"), (message.Handle, message.DisplayName)));
    }

    [Fact]
    public async Task PostMessage_ToWorf_AppearsLastInTheConversationAndHeadsItsGroup()
    {
        _factory.Time.Advance(TimeSpan.FromMinutes(3));

        using var response = await _client.PostJsonAsync("/api/messages", new { message = "Qapla'", user_receiver_handle = "worf" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = await response.ReadJsonAsync<DirectMessage>();
        Assert.Equal(("andrewbrown", "Qapla'", _factory.Time.GetUtcNow()), (sent.Handle, sent.Message, sent.CreatedAt));
        Assert.Equal(sent.Uuid, (await _client.GetJsonAsync<DirectMessage[]>("/api/messages/@worf"))[^1].Uuid);
        var group = (await _client.GetJsonAsync<MessageGroup[]>("/api/message_groups"))[0];
        Assert.Equal(("worf", "Qapla'", sent.CreatedAt), (group.Handle, group.Message, group.CreatedAt));
    }

    [Fact]
    public async Task GetMessages_HandleContainingAt_Returns200WithThatConversation()
    {
        using var sent = await _client.PostJsonAsync("/api/messages", new { message = "Hail, Garak", user_receiver_handle = "garak@ds9" });

        // ASP.NET Core alone matched "@{handle}" from the right, rejected "@garak@ds9" and answered 404.
        var conversation = await _client.GetJsonAsync<DirectMessage[]>("/api/messages/@garak@ds9");

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal("Hail, Garak", Assert.Single(conversation).Message);
        Assert.Empty(await _client.GetJsonAsync<DirectMessage[]>("/api/messages/@ds9"));
    }

    [Fact]
    public async Task PostMessage_NewReceiver_StartsAGroupFirstInTheList()
    {
        using var response = await _client.PostJsonAsync("/api/messages", new { message = "Hello, Garak", user_receiver_handle = "garek" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var groups = await _client.GetJsonAsync<MessageGroup[]>("/api/message_groups");
        Assert.Equal(3, groups.Length);
        Assert.Equal(("garek", "Garek", "Hello, Garak"), (groups[0].Handle, groups[0].DisplayName, groups[0].Message));
        Assert.Equal("Hello, Garak", Assert.Single(await _client.GetJsonAsync<DirectMessage[]>("/api/messages/@garek")).Message);
    }

    [Theory]
    [InlineData("hi", null, new[] { "user_reciever_handle_blank" })]
    [InlineData("hi", " ", new[] { "user_reciever_handle_blank" })]
    [InlineData("", "worf", new[] { "message_blank" })]
    // One code, as the original: each failing check (sender, then receiver, then message) replaces the one before.
    [InlineData(null, null, new[] { "message_blank" })]
    [InlineData("", "", new[] { "message_blank" })]
    public async Task PostMessage_BadInput_Returns422WithOneErrorCode(string? message, string? receiver, string[] expected)
    {
        using var response = await _client.PostJsonAsync("/api/messages", new { message, user_receiver_handle = receiver });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(expected, await response.ReadJsonAsync<string[]>());
    }

    [Fact]
    public async Task PostMessage_MessageOver1024Chars_Returns422AndAt1024Succeeds()
    {
        using var over = await _client.PostJsonAsync("/api/messages", new { message = new string('m', 1025), user_receiver_handle = "worf" });
        using var exact = await _client.PostJsonAsync("/api/messages", new { message = new string('m', 1024), user_receiver_handle = "worf" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
        Assert.Equal(["message_exceed_max_chars"], await over.ReadJsonAsync<string[]>());
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
    }

    [Fact]
    public async Task GetMessages_BlankHandle_Returns422UserRecieverHandleBlank()
    {
        using var response = await _client.GetAsync("/api/messages/@%20", Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["user_reciever_handle_blank"], await response.ReadJsonAsync<string[]>());
    }

    [Fact]
    public async Task GetMessages_NoConversationYet_ReturnsEmptyList()
    {
        Assert.Empty(await _client.GetJsonAsync<DirectMessage[]>("/api/messages/@quark"));
    }
}
