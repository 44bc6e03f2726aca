using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SoraFunctions.Api;
using SoraFunctions.Core.Members;
using SoraFunctions.Core.Ports;
using SoraFunctions.Core.Provenance;
using SoraFunctions.Core.Safety;
using SoraFunctions.Core.Social;
using SoraFunctions.Azure.Durable;
using SoraFunctions.Orchestrations.Cameos;
using SoraFunctions.Orchestrations.Pipeline;
using SoraFunctions.Orchestrations.Webhooks;

namespace SoraFunctions.Functions;

/// <summary>
/// The HTTP API and the generation job's completion callback. Each trigger hands
/// its request to the handler the local server maps (src/Api), with a <see cref="VideoService"/> over this invocation's
/// Durable client. The API's functions are open to the internet (no function key) and prove their caller as the local
/// server does, through the <see cref="Authenticator"/>: an API key or a session cookie.
/// </summary>
public sealed class ApiFunctions(
    IServiceProvider services, IClipStore clips, Authenticator authenticator, Accounts accounts,
    IMemberStore members, IRelationStore relationStore, Relations relations, Avatars avatars, Allowances allowances, Engagement engagement,
    INotificationStore notifications, Feeds feeds, Search search, Moderation moderation, CameoCasting casting, IWebhookStore webhooks, IOptions<WebhookOptions> webhookOptions,
    TimeProvider time, RequestRateLimiter rates, ServerSentEvents streams)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Function("CreateVideo")]
    public Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/videos")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => VideosApi.CreateAsync(request, caller, Videos(client), services.GetRequiredService<InputImages>(), Aborted(request)));

    [Function("ListVideos")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/videos")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => VideosApi.ListAsync(caller, Videos(client), request.Query["limit"], request.Query["after"], request.Query["order"], Aborted(request)));

    [Function("GetVideo")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/videos/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => VideosApi.GetAsync(id, caller, Videos(client), relationStore, Aborted(request)));

    [Function("DeleteVideo")]
    public Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/videos/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => VideosApi.DeleteAsync(id, caller, Videos(client), relationStore, Aborted(request)));

    [Function("GetVideoContent")]
    public Task<IActionResult> Content(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/videos/{id}/content")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => VideosApi.ContentAsync(id, request.Query["variant"], caller, Videos(client), relationStore, clips, Aborted(request)));

    [Function("GetVideoCredentials")]
    public Task<IActionResult> Credentials(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/videos/{id}/credentials")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => VideosApi.CredentialsAsync(
            id, request.HttpContext.Response, caller, Videos(client), relationStore, clips, services.GetRequiredService<IContentCredentials>(), services.GetRequiredService<IProvenanceSigner>(), Aborted(request)));

    [Function("CameoChallenge")]
    public Task<IActionResult> CameoChallenge(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/videos/characters/challenges")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => CameosApi.ChallengeAsync(caller, Cameos(client), Aborted(request)));

    [Function("RecordCameo")]
    public Task<IActionResult> RecordCameo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/videos/characters")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => CameosApi.RecordAsync(request, caller, Cameos(client), Aborted(request)));

    [Function("ListCameos")]
    public Task<IActionResult> ListCameos(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/videos/characters")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => CameosApi.ListAsync(caller, Cameos(client), Aborted(request)));

    [Function("CastableCameos")]
    public Task<IActionResult> CastableCameos(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/videos/characters/castable")] HttpRequest request) =>
        AsMemberAsync(request, caller => CameosApi.CastableAsync(caller, casting, Aborted(request)));

    /// <summary>A cameo: read (GET), its terms changed (PATCH), deleted (DELETE).</summary>
    [Function("Cameo")]
    public Task<IActionResult> Cameo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "patch", "delete", Route = "v1/videos/characters/{id}")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => request.Method.ToUpperInvariant() switch
        {
            "GET" => CameosApi.GetAsync(id, caller, Cameos(client), Aborted(request)),
            "PATCH" => CameosApi.UpdateAsync(id, request, caller, Cameos(client), Aborted(request)),
            _ => CameosApi.DeleteAsync(id, caller, Cameos(client), Aborted(request)),
        });

    [Function("ApproveCameo")]
    public Task<IActionResult> ApproveCameo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", "delete", Route = "v1/videos/characters/{id}/approved/{username}")] HttpRequest request,
        string id, string username, [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => CameosApi.ApproveAsync(id, username, HttpMethods.IsPut(request.Method), caller, Cameos(client), Aborted(request)));

    [Function("ReviewVideo")]
    public Task<IActionResult> ReviewVideo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/videos/{id}/review")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => VideosApi.ReviewAsync(id, request, caller, Videos(client), relationStore, Aborted(request)));

    /// <summary>Posts (POST) a published video or makes it a draft again (DELETE).</summary>
    [Function("PostVideo")]
    public Task<IActionResult> PostVideo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "delete", Route = "v1/videos/{id}/post")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => HttpMethods.IsPost(request.Method)
            ? VideosApi.PostAsync(id, request, caller, Videos(client), relationStore, Aborted(request))
            : VideosApi.UnpostAsync(id, caller, Videos(client), relationStore, Aborted(request)));

    [Function("ShareVideo")]
    public Task<IActionResult> ShareVideo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/videos/{id}/shares")] HttpRequest request, string id) =>
        AsMemberAsync(request, caller => EngagementApi.ShareAsync(id, caller, engagement, Aborted(request)));

    /// <summary>A shared post and its content: open to anyone holding the link, no sign-in; its maker ends it (DELETE).</summary>
    [Function("Shared")]
    public Task<IActionResult> Shared([HttpTrigger(AuthorizationLevel.Anonymous, "get", "delete", Route = "v1/shared/{token}")] HttpRequest request, string token) =>
        HttpMethods.IsGet(request.Method)
            ? OpenAsync(request, () => EngagementApi.SharedAsync(token, engagement, members, Aborted(request)))
            : AsMemberAsync(request, caller => EngagementApi.RevokeShareAsync(token, caller, engagement, Aborted(request)));

    [Function("SharedContent")]
    public Task<IActionResult> SharedContent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/shared/{token}/content")] HttpRequest request, string token) =>
        OpenAsync(request, () => EngagementApi.SharedContentAsync(token, request.Query["variant"], engagement, clips, Aborted(request)));

    [Function("Report")]
    public Task<IActionResult> Report([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/reports")] HttpRequest request) =>
        AsMemberAsync(request, caller => ModerationApi.ReportAsync(request, caller, moderation, Aborted(request)));

    [Function("ModerationQueue")]
    public Task<IActionResult> ModerationQueue([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/moderation/cases")] HttpRequest request) =>
        AsMemberAsync(request, caller => ModerationApi.QueueAsync(caller, moderation, members, request.Query["status"], request.Query["limit"], request.Query["after"], Aborted(request)));

    [Function("ModerationCase")]
    public Task<IActionResult> ModerationCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/moderation/cases/{id}")] HttpRequest request, string id) =>
        AsMemberAsync(request, caller => ModerationApi.GetAsync(id, caller, moderation, members, Aborted(request)));

    [Function("ModerationContent")]
    public Task<IActionResult> ModerationContent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/moderation/cases/{id}/content")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => ModerationApi.ContentAsync(id, request.Query["variant"], caller, moderation, Videos(client), clips, Aborted(request)));

    [Function("ModerationAction")]
    public Task<IActionResult> ModerationAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/moderation/cases/{id}/actions")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => ModerationApi.ActAsync(id, request, caller, moderation, Videos(client), members, Aborted(request)));

    [Function("FollowingFeed")]
    public Task<IActionResult> FollowingFeed([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/feed/following")] HttpRequest request) =>
        AsMemberAsync(request, caller => FeedsApi.FollowingAsync(caller, feeds, request.Query["limit"], request.Query["cursor"], Aborted(request)));

    [Function("ForYouFeed")]
    public Task<IActionResult> ForYouFeed([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/feed/for_you")] HttpRequest request) =>
        AsMemberAsync(request, caller => FeedsApi.ForYouAsync(caller, feeds, request.Query["limit"], request.Query["cursor"], request.Query["explain"], Aborted(request)));

    [Function("VideoRemixes")]
    public Task<IActionResult> VideoRemixes([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/videos/{id}/remixes")] HttpRequest request, string id) =>
        AsMemberAsync(request, caller => FeedsApi.RemixesAsync(id, caller, feeds, Aborted(request)));

    [Function("SearchMembers")]
    public Task<IActionResult> SearchMembers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/search/members")] HttpRequest request) =>
        AsMemberAsync(request, caller => SearchApi.MembersAsync(caller, search, request.Query["q"], request.Query["limit"], Aborted(request)));

    [Function("SearchPosts")]
    public Task<IActionResult> SearchPosts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/search/posts")] HttpRequest request) =>
        AsMemberAsync(request, caller => SearchApi.PostsAsync(caller, search, request.Query["q"], request.Query["limit"], request.Query["cursor"], Aborted(request)));

    [Function("Discover")]
    public Task<IActionResult> Discover([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/discover")] HttpRequest request) =>
        AsMemberAsync(request, caller => SearchApi.DiscoverAsync(caller, search, Aborted(request)));

    [Function("RemixVideo")]
    public Task<IActionResult> RemixVideo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/videos/{id}/remix")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => VideosApi.RemixAsync(id, request, caller, Videos(client), Aborted(request)));

    [Function("EditVideo")]
    public Task<IActionResult> EditVideo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/videos/edits")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => VideosApi.EditAsync(request, caller, Videos(client), Aborted(request)));

    [Function("ExtendVideo")]
    public Task<IActionResult> ExtendVideo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/videos/extensions")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => VideosApi.ExtendAsync(request, caller, Videos(client), Aborted(request)));

    [Function("CancelVideo")]
    public Task<IActionResult> CancelVideo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/videos/{id}/cancel")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => VideosApi.CancelAsync(id, caller, Videos(client), relationStore, Aborted(request)));

    [Function("VideoEvents")]
    public Task<IActionResult> VideoEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/videos/{id}/events")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => VideosApi.EventsAsync(id, caller, Videos(client), relationStore, streams, Aborted(request)));

    [Function("ReviewPrompt")]
    public Task<IActionResult> ReviewPrompt([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/prompts/review")] HttpRequest request) =>
        AsMemberAsync(request, caller => VideosApi.ReviewPromptAsync(
            request, caller, services.GetRequiredService<IScenePreview>(), services.GetRequiredService<CameoCasting>(),
            services.GetRequiredService<ContentScreener>(), services.GetRequiredService<TimeProvider>(), Aborted(request)));

    /// <summary>A post's likes: its counts (GET), liked (POST) or no longer (DELETE).</summary>
    [Function("Likes")]
    public Task<IActionResult> Likes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "delete", Route = "v1/videos/{id}/likes")] HttpRequest request, string id) =>
        AsMemberAsync(request, caller => HttpMethods.IsGet(request.Method)
            ? EngagementApi.LikesAsync(id, caller, engagement, Aborted(request))
            : EngagementApi.LikeAsync(id, HttpMethods.IsPost(request.Method), caller, engagement, Aborted(request)));

    [Function("Views")]
    public Task<IActionResult> Views([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/videos/{id}/views")] HttpRequest request, string id) =>
        AsMemberAsync(request, caller => EngagementApi.ViewAsync(id, caller, engagement, Aborted(request)));

    /// <summary>A post's comments: a page (GET) or a new one (POST).</summary>
    [Function("Comments")]
    public Task<IActionResult> Comments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "v1/videos/{id}/comments")] HttpRequest request, string id) =>
        AsMemberAsync(request, caller => HttpMethods.IsGet(request.Method)
            ? EngagementApi.CommentsAsync(id, caller, engagement, request.Query["parent_id"], request.Query["limit"], request.Query["after"], Aborted(request))
            : EngagementApi.CommentAsync(id, request, caller, engagement, Aborted(request)));

    [Function("DeleteComment")]
    public Task<IActionResult> DeleteComment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/videos/{id}/comments/{commentId}")] HttpRequest request, string id, string commentId) =>
        AsMemberAsync(request, caller => EngagementApi.DeleteCommentAsync(id, commentId, caller, engagement, Aborted(request)));

    [Function("Notifications")]
    public Task<IActionResult> Notifications([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/notifications")] HttpRequest request) =>
        AsMemberAsync(request, caller => NotificationsApi.ListAsync(caller, notifications, members, request.Query["limit"], request.Query["after"], Aborted(request)));

    [Function("ReadNotifications")]
    public Task<IActionResult> ReadNotifications([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/notifications/read")] HttpRequest request) =>
        AsMemberAsync(request, caller => NotificationsApi.ReadAsync(caller, notifications, time, Aborted(request)));

    [Function("NotificationStream")]
    public Task<IActionResult> NotificationStream([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/notifications/stream")] HttpRequest request) =>
        AsMemberAsync(request, caller => Task.FromResult(NotificationsApi.Stream(caller, notifications, streams)));

    [Function("Join")]
    public Task<IActionResult> Join([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/accounts")] HttpRequest request) =>
        OpenAsync(request, () => AccountsApi.JoinAsync(request.HttpContext, accounts, Aborted(request)));

    [Function("SignIn")]
    public Task<IActionResult> SignIn([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/sessions")] HttpRequest request) =>
        OpenAsync(request, () => AccountsApi.SignInAsync(request.HttpContext, accounts, Aborted(request)));

    [Function("SignOut")]
    public Task<IActionResult> SignOut([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/sessions/current")] HttpRequest request) =>
        AsMemberAsync(request, caller => AccountsApi.SignOutAsync(request.HttpContext, caller, accounts, Aborted(request)));

    [Function("Me")]
    public Task<IActionResult> Me([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/me")] HttpRequest request) =>
        AsMemberAsync(request, caller => AccountsApi.MeAsync(caller, allowances, Aborted(request)));

    [Function("UpdateProfile")]
    public Task<IActionResult> UpdateProfile([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/me")] HttpRequest request) =>
        AsMemberAsync(request, caller => AccountsApi.UpdateProfileAsync(request, caller, members, Aborted(request)));

    [Function("DeleteMe")]
    public Task<IActionResult> DeleteMe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/me")] HttpRequest request) =>
        AsMemberAsync(request, caller => AccountsApi.DeleteMeAsync(request.HttpContext, caller, accounts, Aborted(request)));

    [Function("ChangePassword")]
    public Task<IActionResult> ChangePassword([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/me/password")] HttpRequest request) =>
        AsMemberAsync(request, caller => AccountsApi.ChangePasswordAsync(request, caller, accounts, Aborted(request)));

    [Function("SetAvatar")]
    public Task<IActionResult> SetAvatar([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/me/avatar")] HttpRequest request) =>
        AsMemberAsync(request, caller => AccountsApi.SetAvatarAsync(request, caller, avatars, Aborted(request)));

    [Function("ClearAvatar")]
    public Task<IActionResult> ClearAvatar([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/me/avatar")] HttpRequest request) =>
        AsMemberAsync(request, caller => AccountsApi.ClearAvatarAsync(caller, avatars, Aborted(request)));

    [Function("Profile")]
    public Task<IActionResult> Profile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/members/{username}")] HttpRequest request, string username) =>
        AsMemberAsync(request, caller => AccountsApi.ProfileAsync(username, caller, relations, Aborted(request)));

    /// <summary>Follow, block or mute (POST) and undo it (DELETE); admins suspend and reinstate, and appoint moderators, the same way.</summary>
    [Function("Relate")]
    public Task<IActionResult> Relate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "delete", Route = "v1/members/{username}/{relation}")] HttpRequest request,
        string username, string relation) =>
        AsMemberAsync(request, caller => relation switch
        {
            "follow" or "block" or "mute" => RelationsApi.RelateAsync(username, relation, HttpMethods.IsPost(request.Method), caller, relations, Aborted(request)),
            "suspend" => AccountsApi.SuspendAsync(username, HttpMethods.IsPost(request.Method), caller, accounts, Aborted(request)),
            "moderator" => AccountsApi.AppointAsync(username, HttpMethods.IsPost(request.Method), caller, accounts, Aborted(request)),
            _ => NoSuchRoute(),
        });

    [Function("Follows")]
    public Task<IActionResult> Follows(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/members/{username}/{list}")] HttpRequest request, string username, string list,
        [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => list switch
        {
            "followers" or "following" => RelationsApi.FollowsAsync(
                username, list == "followers", caller, relations, request.Query["limit"], request.Query["after"], Aborted(request)),
            "avatar" => AccountsApi.AvatarAsync(username, caller, relations, clips, Aborted(request)),
            "videos" => VideosApi.MemberVideosAsync(username, caller, relations, Videos(client), request.Query["limit"], request.Query["after"], Aborted(request)),
            _ => NoSuchRoute(),
        });

    /// <summary>The caller's own lists: whom they block or mute, the posts they like, and their drafts.</summary>
    [Function("OwnLists")]
    public Task<IActionResult> OwnLists(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/me/{list}")] HttpRequest request, string list,
        [DurableClient] DurableTaskClient client) =>
        AsMemberAsync(request, caller => list switch
        {
            "blocks" or "mutes" => RelationsApi.OwnRelationsAsync(
                list == "blocks" ? RelationKind.Block : RelationKind.Mute, caller, relations, request.Query["limit"], request.Query["after"], Aborted(request)),
            "likes" => EngagementApi.LikedAsync(caller, engagement, members, request.Query["limit"], request.Query["cursor"], Aborted(request)),
            "drafts" => VideosApi.DraftsAsync(caller, Videos(client), request.Query["limit"], request.Query["after"], Aborted(request)),
            _ => NoSuchRoute(),
        });

    /// <summary>The caller's webhook endpoints: listed (GET), one made (POST).</summary>
    [Function("WebhookEndpoints")]
    public Task<IActionResult> WebhookEndpoints([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "v1/webhook_endpoints")] HttpRequest request) =>
        AsMemberAsync(request, caller => HttpMethods.IsGet(request.Method)
            ? WebhooksApi.ListAsync(caller, webhooks, request.Query["limit"], request.Query["after"], Aborted(request))
            : WebhooksApi.CreateAsync(request, caller, webhooks, webhookOptions, time, Aborted(request)));

    /// <summary>One of the caller's webhook endpoints: read (GET), changed (POST), deleted (DELETE).</summary>
    [Function("WebhookEndpoint")]
    public Task<IActionResult> WebhookEndpoint(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "delete", Route = "v1/webhook_endpoints/{id}")] HttpRequest request, string id) =>
        AsMemberAsync(request, caller => request.Method switch
        {
            "GET" => WebhooksApi.GetAsync(id, caller, webhooks, Aborted(request)),
            "POST" => WebhooksApi.UpdateAsync(id, request, caller, webhooks, webhookOptions, time, Aborted(request)),
            _ => WebhooksApi.DeleteAsync(id, caller, webhooks, Aborted(request)),
        });

    [Function("RotateWebhookSecret")]
    public Task<IActionResult> RotateWebhookSecret(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook_endpoints/{id}/rotate_secret")] HttpRequest request, string id) =>
        AsMemberAsync(request, caller => WebhooksApi.RotateSecretAsync(id, request, caller, webhooks, time, Aborted(request)));

    [Function("TestWebhookEndpoint")]
    public Task<IActionResult> TestWebhookEndpoint(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/webhook_endpoints/{id}/test")] HttpRequest request, string id) =>
        AsMemberAsync(request, caller => WebhooksApi.TestAsync(id, request, caller, webhooks, services.GetRequiredService<WebhookSender>(), time, Aborted(request)));

    [Function("WebhookDeliveries")]
    public Task<IActionResult> WebhookDeliveries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/webhook_endpoints/{id}/deliveries")] HttpRequest request, string id) =>
        AsMemberAsync(request, caller => WebhooksApi.DeliveriesAsync(id, caller, webhooks, Aborted(request)));

    [Function("WebhookEventTypes")]
    public Task<IActionResult> WebhookEventTypes([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/webhook_event_types")] HttpRequest request) =>
        AsMemberAsync(request, _ => Task.FromResult(WebhooksApi.EventTypes()));

    [Function("ListKeys")]
    public Task<IActionResult> ListKeys([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/keys")] HttpRequest request) =>
        AsMemberAsync(request, caller => AccountsApi.ListKeysAsync(caller, accounts, Aborted(request)));

    [Function("CreateKey")]
    public Task<IActionResult> CreateKey([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/keys")] HttpRequest request) =>
        AsMemberAsync(request, caller => AccountsApi.CreateKeyAsync(request, caller, accounts, Aborted(request)));

    [Function("RevokeKey")]
    public Task<IActionResult> RevokeKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/keys/{id}")] HttpRequest request, string id) =>
        AsMemberAsync(request, caller => AccountsApi.RevokeKeyAsync(id, caller, accounts, Aborted(request)));

    [Function("ListInvites")]
    public Task<IActionResult> ListInvites([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/invites")] HttpRequest request) =>
        AsMemberAsync(request, caller => AccountsApi.ListInvitesAsync(caller, accounts, Aborted(request)));

    [Function("MintInvites")]
    public Task<IActionResult> MintInvites([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/invites")] HttpRequest request) =>
        AsMemberAsync(request, caller => AccountsApi.MintInvitesAsync(request, caller, accounts, Aborted(request)));

    /// <summary>
    /// The generation job reports its end here (with this function's key), so the pipeline goes on without waiting for
    /// its next status check; a lost call costs only that wait. A call for a video no pipeline runs for is refused (404).
    /// </summary>
    [Function("JobCompleted")]
    public async Task<IActionResult> JobCompleted(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "jobs/{videoId}/completed")] HttpRequest request, string videoId,
        [DurableClient] DurableTaskClient client)
    {
        GenerationCompleted? completed;
        try
        {
            completed = await JsonSerializer.DeserializeAsync<GenerationCompleted>(request.Body, Json, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            completed = null;
        }

        if (completed is null)
        {
            return await ExecuteAsync(request, Task.FromResult(VideosApi.Problem(
                StatusCodes.Status400BadRequest, "JOBS.MALFORMED", "The body must be a GenerationCompleted object in JSON.")));
        }

        if (await client.GetInstanceAsync(videoId, request.HttpContext.RequestAborted) is null)
        {
            return await ExecuteAsync(request, Task.FromResult(VideosApi.Problem(
                StatusCodes.Status404NotFound, "JOBS.VIDEO_UNKNOWN", $"No pipeline runs for '{videoId}'.")));
        }

        await client.RaiseEventAsync(videoId, GenerateVideoOrchestration.GenerationCompletedEvent, completed, request.HttpContext.RequestAborted);
        return new AcceptedResult();
    }

    /// <summary>
    /// The browser app, as the local server serves it: the page at the root (the route matches only the empty path;
    /// the host's own home page is switched off by AzureWebJobsDisableHomepage) and at a share link, its files under /app.
    /// </summary>
    [Function("WebAppPage")]
    public Task<IActionResult> WebAppPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{root:maxlength(0)?}")] HttpRequest request) =>
        OpenAsync(request, () => Task.FromResult(WebApp.ServeHome(request.HttpContext)));

    [Function("WebAppSharedPage")]
    public Task<IActionResult> WebAppSharedPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "shared/{token}")] HttpRequest request) =>
        OpenAsync(request, () => Task.FromResult(WebApp.Serve(request.HttpContext, WebApp.Page)));

    [Function("WebAppFile")]
    public Task<IActionResult> WebAppFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "app/{*path}")] HttpRequest request, string path) =>
        OpenAsync(request, () => Task.FromResult(WebApp.Serve(request.HttpContext, path)));

    /// <summary>
    /// The API's OpenAPI description: the local server's, made from its routes and kept in docs/openapi.json (this app
    /// has no ASP.NET Core routes to make one from; the tests hold the two equal).
    /// </summary>
    [Function("OpenApiDocument")]
    public Task<IActionResult> OpenApiDocument([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/v1.json")] HttpRequest request) =>
        OpenAsync(request, () => Task.FromResult<IResult>(
            TypedResults.Stream(typeof(ApiFunctions).Assembly.GetManifestResourceStream("openapi.json")!, "application/json; charset=utf-8")));

    /// <summary>The reference page that reads it, as the local server serves it.</summary>
    [Function("ApiReference")]
    public Task<IActionResult> ApiReference([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs/{file?}")] HttpRequest request, string? file) =>
        OpenAsync(request, () => Task.FromResult(ApiDescription.ServeReference(request.HttpContext, file)));

    private VideoService Videos(DurableTaskClient client) => Videos(services, client);

    private CameoService Cameos(DurableTaskClient client) => Cameos(services, client);

    internal static VideoService Videos(IServiceProvider services, DurableTaskClient client) =>
        ActivatorUtilities.CreateInstance<VideoService>(services, new DurableOrchestrationClient(client));

    internal static CameoService Cameos(IServiceProvider services, DurableTaskClient client) =>
        ActivatorUtilities.CreateInstance<CameoService>(services, new DurableOrchestrationClient(client));

    private static CancellationToken Aborted(HttpRequest request) => request.HttpContext.RequestAborted;

    /// <summary>What the local server answers for a path it has no route for.</summary>
    private static Task<IResult> NoSuchRoute() => Task.FromResult(
        VideosApi.Problem(StatusCodes.Status404NotFound, VideosApi.CodeForStatus(StatusCodes.Status404NotFound), "No such route."));

    /// <summary>Hands the request to <paramref name="handle"/> once its caller is proven; else answers the refusal, as the local server's scheme does.</summary>
    private Task<IActionResult> AsMemberAsync(HttpRequest request, Func<Caller, Task<IResult>> handle) =>
        OpenAsync(request, async () =>
        {
            var (caller, refusal) = await authenticator.AuthenticateAsync(request, Aborted(request));
            return caller is null ? refusal!.ToResult(request.HttpContext.Response) : await handle(caller);
        });

    /// <summary>
    /// Hands a request from the internet to <paramref name="handle"/> once its client's address is within its rate, as
    /// the local server's rate limiting does ahead of everything else.
    /// </summary>
    private Task<IActionResult> OpenAsync(HttpRequest request, Func<Task<IResult>> handle) =>
        ExecuteAsync(request, rates.RefuseClient(request.HttpContext) is { } refusal ? Task.FromResult(refusal) : handle());

    /// <summary>
    /// Writes the handler's result (problem details, JSON, redirects) to the response, with the refusals the local
    /// server's endpoint filters answer: a storage fault, and what the account rules refuse.
    /// </summary>
    private static async Task<IActionResult> ExecuteAsync(HttpRequest request, Task<IResult> handling)
    {
        IResult result;
        try
        {
            result = await handling;
        }
        catch (StorageFaultException fault)
        {
            result = StorageFaultResponse.For(request.HttpContext, fault);
        }
        catch (Exception exception) when (AccountsApi.RefusalProblem(request.HttpContext, exception) is { } problem)
        {
            result = problem;
        }

        ResponseHeaders.Apply(request.HttpContext.Response);
        await result.ExecuteAsync(request.HttpContext);
        return new EmptyResult();
    }
}
