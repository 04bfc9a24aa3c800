using Cruddur.Api.Storage;
using Microsoft.Extensions.Options;

namespace Cruddur.Tests.Api.Storage;

public sealed class InMemoryCruddurStoreTests
{
    private static readonly Author Andrew = new("andrewbrown", "Andrew Brown");
    private static readonly Author Quark = new("quark", "Quark");

    private readonly ManualTimeProvider _time = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HomeFeed_Seeded_HoldsTheOriginalThreeCrudsNewestFirst()
    {
        var store = CreateStore();

        var feed = await store.HomeFeedAsync(Ct);

        Assert.Equal(["My dear doctor, I am just simple tailor", "Cloud is fun!", "I am out of prune juice"],
            feed.Select(crud => crud.Message));
        var cloud = feed[1];
        Assert.Equal(SeedData.CloudIsFun, cloud.Uuid);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromDays(2), cloud.CreatedAt);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromDays(5), cloud.ExpiresAt);
        Assert.Equal(5, cloud.LikesCount);
        var reply = Assert.Single(cloud.Replies);
        Assert.Equal(("worf", "This post has no honor!", SeedData.CloudIsFun), (reply.Handle, reply.Message, reply.ReplyToActivityUuid));
        Assert.Equal(1, cloud.RepliesCount);
    }

    [Fact]
    public async Task AddActivity_NewCrud_AppearsFirstInHomeAndAuthorFeed()
    {
        var store = CreateStore();
        _time.Advance(TimeSpan.FromMinutes(1));

        var crud = await store.AddActivityAsync(Quark, "Rule of Acquisition 34", TimeSpan.FromDays(1), Ct);

        Assert.Equal(crud.Uuid, (await store.HomeFeedAsync(Ct))[0].Uuid);
        Assert.Equal(crud.Uuid, Assert.Single(await store.UserFeedAsync("quark", Ct)).Uuid);
        Assert.Equal(_time.GetUtcNow(), crud.CreatedAt);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromDays(1), crud.ExpiresAt);
    }

    [Fact]
    public async Task AddActivity_SameInstant_LaterCrudComesFirst()
    {
        var store = CreateStore();

        await store.AddActivityAsync(Quark, "first", TimeSpan.FromHours(1), Ct);
        await store.AddActivityAsync(Quark, "second", TimeSpan.FromHours(1), Ct);

        Assert.Equal(["second", "first"], (await store.UserFeedAsync("quark", Ct)).Select(crud => crud.Message));
    }

    [Fact]
    public async Task AddReply_LiveCrud_AppearsUnderItAndRaisesRepliesCount()
    {
        var store = CreateStore();

        var reply = await store.AddReplyAsync(SeedData.PruneJuice, Quark, "Try the root beer.", Ct);

        Assert.NotNull(reply);
        Assert.Equal(SeedData.PruneJuice, reply.ReplyToActivityUuid);
        var crud = await store.FindActivityAsync(SeedData.PruneJuice, Ct);
        Assert.Equal(1, crud!.RepliesCount);
        Assert.Equal((reply.Uuid, "Try the root beer."), (Assert.Single(crud.Replies).Uuid, reply.Message));
    }

    [Fact]
    public async Task AddReply_UnknownCrud_ReturnsNull()
    {
        var store = CreateStore();

        Assert.Null(await store.AddReplyAsync(Guid.NewGuid(), Quark, "Hello?", Ct));
    }

    [Fact]
    public async Task Feeds_CrudPastItsExpiry_LeaveEveryFeed()
    {
        var store = CreateStore();
        var crud = await store.AddActivityAsync(Quark, "Latinum sale", TimeSpan.FromHours(1), Ct);

        _time.Advance(TimeSpan.FromHours(1));

        Assert.DoesNotContain(await store.HomeFeedAsync(Ct), item => item.Uuid == crud.Uuid);
        Assert.Empty(await store.UserFeedAsync("quark", Ct));
        Assert.Empty(await store.SearchAsync("latinum", Ct));
        Assert.Null(await store.FindActivityAsync(crud.Uuid, Ct));
        Assert.Null(await store.AddReplyAsync(crud.Uuid, Andrew, "Too late", Ct));
    }

    [Fact]
    public async Task Feeds_SeededCrudPastItsExpiry_Leaves()
    {
        var store = CreateStore();

        // Garek's crud expires 12 hours after the seed; the other two last days.
        _time.Advance(TimeSpan.FromHours(12) + TimeSpan.FromSeconds(1));

        Assert.Equal(["Cloud is fun!", "I am out of prune juice"], (await store.HomeFeedAsync(Ct)).Select(crud => crud.Message));
    }

    [Fact]
    public async Task Search_AnyCase_MatchesMessageText()
    {
        var store = CreateStore();

        var found = await store.SearchAsync("cLoUd", Ct);

        Assert.Equal(SeedData.CloudIsFun, Assert.Single(found).Uuid);
        Assert.Empty(await store.SearchAsync("klingon", Ct));
    }

    [Fact]
    public async Task Notifications_RepliesFromOthers_ListTheUsersRepliedCruds()
    {
        var store = CreateStore();
        await store.AddActivityAsync(Andrew, "No one answers this", TimeSpan.FromDays(1), Ct);
        // Answering oneself is not a notification.
        var own = await store.AddActivityAsync(Andrew, "Talking to myself", TimeSpan.FromDays(1), Ct);
        await store.AddReplyAsync(own.Uuid, Andrew, "Indeed", Ct);

        var notifications = await store.NotificationsAsync("andrewbrown", Ct);

        Assert.Equal(SeedData.CloudIsFun, Assert.Single(notifications).Uuid);
    }

    [Fact]
    public async Task Capacity_Exceeded_EvictsTheOldestUserCreatedItemOnly()
    {
        var store = CreateStore(capacity: 3);

        var first = await store.AddActivityAsync(Quark, "one", TimeSpan.FromDays(1), Ct);
        await store.AddActivityAsync(Quark, "two", TimeSpan.FromDays(1), Ct);
        await store.AddActivityAsync(Quark, "three", TimeSpan.FromDays(1), Ct);
        await store.AddActivityAsync(Quark, "four", TimeSpan.FromDays(1), Ct);

        Assert.Null(await store.FindActivityAsync(first.Uuid, Ct));
        Assert.Equal(["four", "three", "two"], (await store.UserFeedAsync("quark", Ct)).Select(crud => crud.Message));
        Assert.Equal(3, store.UserItemCount);
        // The seeded cruds are not user-created: all three remain.
        Assert.Equal(6, (await store.HomeFeedAsync(Ct)).Count);
    }

    [Fact]
    public async Task Capacity_EvictedCrud_TakesItsRepliesAlong()
    {
        var store = CreateStore(capacity: 3);
        var crud = await store.AddActivityAsync(Quark, "parent", TimeSpan.FromDays(1), Ct);
        await store.AddReplyAsync(crud.Uuid, Andrew, "child", Ct);
        await store.AddReplyAsync(SeedData.CloudIsFun, Quark, "on a seeded crud", Ct);

        // The fourth item evicts the oldest (the parent), whose reply goes with it.
        await store.AddActivityAsync(Quark, "newer", TimeSpan.FromDays(1), Ct);

        Assert.Null(await store.FindActivityAsync(crud.Uuid, Ct));
        Assert.Equal(2, store.UserItemCount);
        var cloud = await store.FindActivityAsync(SeedData.CloudIsFun, Ct);
        Assert.Equal(["This post has no honor!", "on a seeded crud"], cloud!.Replies.Select(reply => reply.Message));
        Assert.Equal(2, cloud.RepliesCount);
    }

    [Fact]
    public async Task Capacity_Exceeded_EvictsOldestMessageButKeepsSeededOnes()
    {
        var store = CreateStore(capacity: 2);

        await store.AddMessageAsync(Andrew, "worf", "m1", Ct);
        await store.AddMessageAsync(Andrew, "worf", "m2", Ct);
        await store.AddMessageAsync(Andrew, "worf", "m3", Ct);

        var conversation = await store.ConversationAsync("andrewbrown", "worf", Ct);
        Assert.Equal(["Cloud is fun!", "This platform is great!", "m2", "m3"], conversation.Select(message => message.Message));
    }

    [Fact]
    public async Task AddMessage_NewReceiver_StartsConversationSeenByBothSides()
    {
        var store = CreateStore();
        _time.Advance(TimeSpan.FromMinutes(5));

        var sent = await store.AddMessageAsync(Andrew, "quark", "Your bar is closed", Ct);

        var mine = await store.MessageGroupsAsync("andrewbrown", Ct);
        Assert.Equal(("quark", "Your bar is closed", _time.GetUtcNow()), (mine[0].Handle, mine[0].Message, mine[0].CreatedAt));
        var theirs = Assert.Single(await store.MessageGroupsAsync("quark", Ct));
        Assert.Equal(("andrewbrown", "Andrew Brown"), (theirs.Handle, theirs.DisplayName));
        Assert.Equal(sent, Assert.Single(await store.ConversationAsync("QUARK", "andrewbrown", Ct)));
    }

    [Fact]
    public async Task Writes_ManyThreadsPastCapacity_KeepExactlyTheCapacity()
    {
        const int capacity = 500;
        var store = CreateStore(capacity);

        // Eight writers, 200 cruds each, racing readers: the bound holds and nothing throws.
        var writers = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                await store.AddActivityAsync(Quark, $"w{writer}-{i}", TimeSpan.FromDays(1), Ct);
                if (i % 20 == 0)
                {
                    await store.HomeFeedAsync(Ct);
                }
            }
        }, Ct));
        await Task.WhenAll(writers);

        Assert.Equal(capacity, store.UserItemCount);
        Assert.Equal(capacity, (await store.UserFeedAsync("quark", Ct)).Count);
        Assert.Equal(capacity + 3, (await store.HomeFeedAsync(Ct)).Count);
    }

    private InMemoryCruddurStore CreateStore(int capacity = 10_000) =>
        new(_time, Options.Create(new CruddurStoreOptions { Capacity = capacity }));
}
