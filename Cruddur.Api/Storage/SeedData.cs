namespace Cruddur.Api.Storage;

/// <summary>
/// The original back end's mock data, placed relative to the store's start so the front end
/// shows the same "2 days ago / expires in 5 days" it always did.
/// </summary>
internal static class SeedData
{
    public static readonly Author AndrewBrown = new("andrewbrown", "Andrew Brown");
    public static readonly Author Worf = new("worf", "Worf");
    public static readonly Author Garek = new("garek", "Garek");

    public static readonly Guid CloudIsFun = Guid.Parse("68f126b0-1ceb-4a33-88be-d90fa7109eee");
    public static readonly Guid NoHonor = Guid.Parse("26e12864-1c26-5c3a-9658-97a10f8fea67");
    public static readonly Guid PruneJuice = Guid.Parse("66e12864-8c26-4c3a-9658-95a10f8fea67");
    public static readonly Guid SimpleTailor = Guid.Parse("248959df-3079-4947-b847-9e0892d1bab4");

    public static readonly Guid SelfGroup = Guid.Parse("24b95582-9e7b-4e0a-9ad1-639773ab7552");
    public static readonly Guid WorfGroup = Guid.Parse("417c360e-c4e6-4fce-873b-d2d71469b4ac");
    public static readonly Guid CloudIsFunMessage = Guid.Parse("4e81c06a-db0f-4281-b4cc-98208537772a");
    public static readonly Guid PlatformIsGreatMessage = Guid.Parse("66e12864-8c26-4c3a-9658-95a10f8fea67");

    public static void Apply(InMemoryCruddurStore store, DateTimeOffset now)
    {
        var cloud = store.AddCrud(CloudIsFun, AndrewBrown, "Cloud is fun!",
            now - TimeSpan.FromDays(2), now + TimeSpan.FromDays(5), seeded: true, likes: 5);
        store.AddReply(cloud, NoHonor, Worf, "This post has no honor!", now - TimeSpan.FromDays(2), seeded: true);
        store.AddCrud(PruneJuice, Worf, "I am out of prune juice",
            now - TimeSpan.FromDays(7), now + TimeSpan.FromDays(9), seeded: true);
        store.AddCrud(SimpleTailor, Garek, "My dear doctor, I am just simple tailor",
            now - TimeSpan.FromHours(1), now + TimeSpan.FromHours(12), seeded: true);

        store.StartConversation(SelfGroup, AndrewBrown.Handle, AndrewBrown.Handle, now - TimeSpan.FromDays(1));
        store.StartConversation(WorfGroup, AndrewBrown.Handle, Worf.Handle, now - TimeSpan.FromDays(1));
        store.AddMessage(WorfGroup, CloudIsFunMessage, AndrewBrown, Worf.Handle, "Cloud is fun!",
            now - TimeSpan.FromMinutes(2), seeded: true);
        store.AddMessage(WorfGroup, PlatformIsGreatMessage, AndrewBrown, Worf.Handle, "This platform is great!",
            now - TimeSpan.FromMinutes(1), seeded: true);
    }
}
