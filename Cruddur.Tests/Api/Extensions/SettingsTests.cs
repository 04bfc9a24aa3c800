using Cruddur.Api.Model;
using Microsoft.Extensions.Options;

namespace Cruddur.Tests.Api.Extensions;

public sealed class SettingsTests
{
    [Fact]
    public async Task CruddurUser_Configured_IsTheAuthorOfNewCruds()
    {
        await using var factory = new CruddurApiFactory(settings: new Dictionary<string, string?>
        {
            ["Cruddur:User:Handle"] = "worf",
            ["Cruddur:User:DisplayName"] = "Worf, son of Mogh",
        });
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync("/api/activities", new { message = "Today is a good day", ttl = "1-day" });

        var crud = await response.ReadJsonAsync<Activity>();
        Assert.Equal(("worf", "Worf, son of Mogh"), (crud.Handle, crud.DisplayName));
        Assert.Equal(2, (await client.GetJsonAsync<Activity[]>("/api/activities/@worf")).Length);
    }

    [Theory]
    [InlineData("Cruddur:User:Handle", "", "Handle")]
    [InlineData("Cruddur:User:Handle", "andrew brown", "Handle")]
    [InlineData("Cruddur:User:DisplayName", "A display name far longer than the sixty-four characters allowed here", "DisplayName")]
    [InlineData("Cruddur:Store:Capacity", "0", "Capacity")]
    public async Task Startup_InvalidSetting_FailsNamingTheSetting(string key, string value, string named)
    {
        // When start-up fails, the test host races the entry point: it can ask the already disposed
        // host for its lifetime and throw ObjectDisposedException instead of the reason. That says
        // nothing about the api, so such an attempt is made again (bounded).
        Exception? thrown = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var factory = new CruddurApiFactory(settings: new Dictionary<string, string?> { [key] = value });
            thrown = Record.Exception(() => factory.CreateClient());
            if (thrown is not ObjectDisposedException)
            {
                break;
            }
        }

        // The host may wrap it; what matters is that validation stopped the start and said why.
        var validation = Flatten(thrown).OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(validation is not null, $"Expected an OptionsValidationException, got: {thrown}");
        Assert.Contains(named, validation.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Flatten(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            yield return exception;
            if (exception is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
