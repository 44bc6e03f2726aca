using SoraFunctions.Core.Social;

namespace SoraFunctions.Tests.Shared;

/// <summary>What every webhook store promises (SQLite and Cosmos DB run the same tests).</summary>
public abstract class WebhookStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<IWebhookStore> OpenAsync();

    private static WebhookEndpoint Endpoint(string member, int minute) =>
        WebhookEndpoint.Register(member, null, $"https://example.com/hooks/{member}/{minute}", ["video.completed"], allowPlainHttp: false, Start.AddMinutes(minute));

    [Fact]
    public async Task A_member_s_endpoints_list_oldest_first_stop_at_the_limit_and_are_deleted_by_their_member_only()
    {
        var webhooks = await OpenAsync();
        var first = Endpoint("member_a", 0);
        await webhooks.TryAddEndpointAsync(first);
        for (var i = 1; i < WebhookEndpoint.MaxPerMember; i++)
        {
            Assert.True(await webhooks.TryAddEndpointAsync(Endpoint("member_a", i)));
        }

        var overLimit = await webhooks.TryAddEndpointAsync(Endpoint("member_a", 99));
        var otherMember = await webhooks.TryAddEndpointAsync(Endpoint("member_b", 0));
        var listed = await webhooks.ListEndpointsAsync("member_a");
        var byStranger = await webhooks.DeleteEndpointAsync("member_b", first.Id);
        var byOwner = await webhooks.DeleteEndpointAsync("member_a", first.Id);

        Assert.False(overLimit);
        Assert.True(otherMember);
        Assert.Equal(WebhookEndpoint.MaxPerMember, listed.Count);
        Assert.Equal((first.Id, first.Url, first.Secret, first.CreatedAt), (listed[0].Id, listed[0].Url, listed[0].Secret, listed[0].CreatedAt));
        Assert.Equal(first.Events, listed[0].Events);
        Assert.Equal((false, true), (byStranger, byOwner));
        Assert.Null(await webhooks.GetEndpointAsync(first.Id));
        Assert.Equal(WebhookEndpoint.MaxPerMember - 1, (await webhooks.ListEndpointsAsync("member_a")).Count);
    }

    [Fact]
    public async Task A_changed_endpoint_is_kept_as_changed_by_its_member_only_and_not_once_deleted()
    {
        var webhooks = await OpenAsync();
        var endpoint = Endpoint("member_a", 0);
        await webhooks.TryAddEndpointAsync(endpoint);
        var changed = endpoint.Changed("Renders", "https://example.com/renders", ["video.failed"], allowPlainHttp: false, Start.AddHours(1))
            .Rotated(keepOld: true, Start.AddHours(2));

        var saved = await webhooks.SaveEndpointAsync(changed);
        var byStranger = await webhooks.SaveEndpointAsync(changed with { MemberId = "member_b", Name = "Taken" });
        var read = (await webhooks.GetEndpointAsync(endpoint.Id))!;
        await webhooks.DeleteEndpointAsync("member_a", endpoint.Id);
        var afterDeletion = await webhooks.SaveEndpointAsync(changed);

        Assert.Equal((true, false, false), (saved, byStranger, afterDeletion));
        Assert.Equal(("Renders", "https://example.com/renders", changed.Secret, endpoint.Secret), (read.Name, read.Url, read.Secret, read.PreviousSecret));
        Assert.Equal(["video.failed"], read.Events);
        Assert.Equal((Start.AddHours(2), Start.AddHours(26)), (read.UpdatedAt, read.PreviousSecretUntil));
        Assert.Null(await webhooks.GetEndpointAsync(endpoint.Id));
    }

    [Fact]
    public async Task A_delivery_is_added_once_keeps_each_try_and_lists_newest_first()
    {
        var webhooks = await OpenAsync();
        var endpoint = Endpoint("member_a", 0);
        await webhooks.TryAddEndpointAsync(endpoint);
        var older = new WebhookDelivery(WebhookDelivery.IdFor("event_1", endpoint.Id), endpoint.Id, "member_a", "video.completed", "{\"a\":1}", Start, DeliveryStatus.Pending, []);
        var newer = older with { Id = WebhookDelivery.IdFor("event_2", endpoint.Id), CreatedAt = Start.AddSeconds(1) };

        var added = await webhooks.TryAddDeliveryAsync(older);
        var again = await webhooks.TryAddDeliveryAsync(older);
        await webhooks.TryAddDeliveryAsync(newer);
        var tried = older.With(new WebhookAttempt(Start.AddSeconds(2), 500, null, 12.5), last: false).With(new WebhookAttempt(Start.AddSeconds(9), 204, null, 3), last: false);
        await webhooks.SaveDeliveryAsync(tried);

        Assert.Equal((true, false), (added, again));
        var read = (await webhooks.GetDeliveryAsync(older.Id))!;
        Assert.Equal((DeliveryStatus.Delivered, "{\"a\":1}"), (read.Status, read.Body));
        Assert.Equal([500, 204], read.Attempts.Select(attempt => attempt.StatusCode));
        Assert.Equal([newer.Id, older.Id], (await webhooks.ListDeliveriesAsync(endpoint.Id, 10)).Select(delivery => delivery.Id));
        Assert.Equal([newer.Id], (await webhooks.ListDeliveriesAsync(endpoint.Id, 1)).Select(delivery => delivery.Id));
    }
}
