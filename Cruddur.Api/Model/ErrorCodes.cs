namespace Cruddur.Api.Model;

/// <summary>The original back end's validation error codes, which the front end shows as they are.</summary>
public static class ErrorCodes
{
    public const string MessageBlank = "message_blank";
    public const string MessageExceedMaxChars = "message_exceed_max_chars";
    public const string TtlBlank = "ttl_blank";
    public const string UserHandleBlank = "user_handle_blank";

    // The original's spelling: the front end and its users' scripts match on it.
    public const string UserReceiverHandleBlank = "user_reciever_handle_blank";
    public const string ActivityUuidBlank = "activity_uuid_blank";
    public const string SearchTermBlank = "search_term_blank";
}
