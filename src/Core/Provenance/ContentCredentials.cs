using System.Globalization;
using System.Text.Json.Nodes;

namespace SoraFunctions.Core.Provenance;

/// <summary>An ingredient of a C2PA manifest: its description, and the file it came from (whose own manifest it carries along), if there is one.</summary>
public sealed record CredentialIngredient(JsonObject Definition, string? File);

/// <summary>
/// What embedding took: the manifest's size and the signer's time; <see cref="IngredientFilesCarried"/> is false when an
/// ingredient's file could not be read for its credentials and was named without them.
/// </summary>
public sealed record EmbeddedCredentials(int ManifestBytes, double Milliseconds, bool IngredientFilesCarried);

/// <summary>An action as a reader found it: its name (c2pa.created, c2pa.edited…), what it says it did, and the software that did it.</summary>
public sealed record ActionReport(string Name, string? Description, string? Agent);

/// <summary>
/// An ingredient as a reader found it: its title, how it relates (parentOf, inputTo, componentOf), whether it carried a
/// manifest, and the failures its manifest was found with when the clip was signed (empty when they held).
/// </summary>
public sealed record IngredientReport(string Title, string Relationship, bool HasManifest, IReadOnlyList<string> Failures)
{
    /// <summary>True when its credentials were there and held (a signer unknown to this service aside).</summary>
    public bool CredentialsHold => HasManifest && Failures.All(code => code == "signingCredential.untrusted");
}

/// <summary>
/// A C2PA reader's verdict on a file: the validation state (Invalid, Valid, Trusted), the failures' codes, and the
/// active manifest's title, actions, ingredients, signer and — when a time-stamping authority dated the signature — when
/// it was signed, and the whole store as the reader wrote it.
/// </summary>
public sealed record CredentialsReport(
    string State,
    IReadOnlyList<string> Failures,
    string? Title,
    IReadOnlyList<ActionReport> Actions,
    IReadOnlyList<IngredientReport> Ingredients,
    string? Signer,
    DateTimeOffset? SignedAt,
    JsonNode Store)
{
    /// <summary>The report of a manifest store as c2pa-rs writes it (JSON), or null when it holds no active manifest.</summary>
    public static CredentialsReport? Of(JsonNode? store)
    {
        if (store?["active_manifest"]?.GetValue<string>() is not { } active || store["manifests"]?[active] is not JsonObject manifest)
        {
            return null;
        }

        var actions = manifest["assertions"]?.AsArray()
            .Where(assertion => assertion?["label"]?.GetValue<string>() is { } label && label.StartsWith("c2pa.actions", StringComparison.Ordinal))
            .SelectMany(assertion => assertion!["data"]?["actions"]?.AsArray() ?? [])
            .Select(action => new ActionReport(
                action?["action"]?.GetValue<string>() ?? "",
                action?["description"]?.GetValue<string>(),
                action?["softwareAgent"] is JsonObject agent
                    ? agent["version"]?.GetValue<string>() is { } version ? $"{agent["name"]} ({version})" : agent["name"]?.GetValue<string>()
                    : null))
            .ToList() ?? [];
        var ingredients = manifest["ingredients"]?.AsArray()
            .Select(ingredient => new IngredientReport(
                ingredient?["title"]?.GetValue<string>() ?? "",
                ingredient?["relationship"]?.GetValue<string>() ?? "",
                ingredient?["active_manifest"] is not null,
                Codes(ingredient?["validation_results"]?["activeManifest"]?["failure"])))
            .ToList() ?? [];
        var signature = manifest["signature_info"];
        var failures = Codes(store["validation_results"]?["activeManifest"]?["failure"]);
        return new CredentialsReport(
            store["validation_state"]?.GetValue<string>() ?? "Invalid",
            failures,
            manifest["title"]?.GetValue<string>(),
            actions,
            ingredients,
            signature?["common_name"]?.GetValue<string>() is { } name
                ? signature["issuer"]?.GetValue<string>() is { } issuer && !name.Contains(issuer, StringComparison.Ordinal) ? $"{name} ({issuer})" : name
                : null,
            signature?["time"]?.GetValue<string>() is { } time && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, out var at) ? at : null,
            store);
    }

    private static IReadOnlyList<string> Codes(JsonNode? statuses) =>
        statuses?.AsArray().Select(status => status?["code"]?.GetValue<string>() ?? "").ToList() ?? [];
}

/// <summary>Embeds C2PA Content Credentials into MP4 files and reads them back (a C2PA implementation beside the app).</summary>
public interface IContentCredentials
{
    /// <summary>
    /// Writes <paramref name="input"/> with <paramref name="manifest"/> (a C2PA manifest definition) embedded and
    /// signed by the provenance key to <paramref name="output"/>, which exists only once it is whole. Throws when it
    /// cannot: no clip goes out unlabelled.
    /// </summary>
    Task<EmbeddedCredentials> EmbedAsync(
        string input, string output, JsonObject manifest, IReadOnlyList<CredentialIngredient> ingredients, CancellationToken cancellation = default);

    /// <summary>The file's credentials, validated against <paramref name="trustAnchors"/> (PEM; null trusts none), or null when it has none.</summary>
    Task<CredentialsReport?> ReadAsync(string file, string? trustAnchors, CancellationToken cancellation = default);
}

/// <summary>
/// The C2PA signer refused a file, or — <see cref="Stopped"/> — is missing, exited or stopped answering (a fault of
/// this machine, worth a retry, rather than of the file).
/// </summary>
public sealed class ContentCredentialsException(string message, bool stopped = false) : Exception(message)
{
    public bool Stopped { get; } = stopped;
}
