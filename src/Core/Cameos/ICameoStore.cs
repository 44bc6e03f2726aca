using SoraFunctions.Core.Events;

namespace SoraFunctions.Core.Cameos;

/// <summary>An active cameo's face, for the one-person-one-cameo check.</summary>
public sealed record CameoFace(string CameoId, string OwnerId, FaceDescriptor Face);

/// <summary>What <see cref="ICameoStore.TryCreateAsync"/> did.</summary>
public enum CameoCreation
{
    Created,
    /// <summary>A cameo with that id exists already (a retried request): nothing was added.</summary>
    Exists,
    HandleTaken,
}

/// <summary>Cameos and their challenges. A change and its events commit together (an outbox), as with videos.</summary>
public interface ICameoStore
{
    Task AddChallengeAsync(CameoChallenge challenge, CancellationToken cancellation = default);

    /// <summary>
    /// Marks the owner's challenge used by <paramref name="cameoId"/> unless another recording used it first; returns the
    /// challenge as stored afterwards (its <see cref="CameoChallenge.UsedBy"/> says who won), or null when the owner has
    /// no such challenge. Claiming again for the same cameo is harmless, so a retried upload goes through.
    /// </summary>
    Task<CameoChallenge?> ClaimChallengeAsync(string challengeId, string ownerId, string cameoId, CancellationToken cancellation = default);

    /// <summary>
    /// Adds a new cameo with its events, unless one with that id exists already, or (for a character) its handle is a
    /// username or the handle of another character verifying or active: the check and the add are one step.
    /// </summary>
    Task<CameoCreation> TryCreateAsync(Cameo cameo, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default);

    Task<Cameo?> GetAsync(string id, CancellationToken cancellation = default);

    /// <summary>The character verifying or active with that handle (lower case), or null. A failed or deleted character's handle is free again.</summary>
    Task<Cameo?> FindByHandleAsync(string handle, CancellationToken cancellation = default);

    /// <summary>The member's cameos not deleted (verifying, active and failed ones), newest first.</summary>
    Task<IReadOnlyList<Cameo>> ListByOwnerAsync(string ownerId, CancellationToken cancellation = default);

    /// <summary>Every cameo still being verified (what a restart resumes).</summary>
    Task<IReadOnlyList<Cameo>> ListVerifyingAsync(CancellationToken cancellation = default);

    /// <summary>Every active cameo's face.</summary>
    Task<IReadOnlyList<CameoFace>> ListFacesAsync(CancellationToken cancellation = default);

    /// <summary>Saves the record and queues its events if the stored record is still the version read (else <see cref="Ports.VersionConflictException"/>).</summary>
    Task SaveAsync(Cameo cameo, IReadOnlyList<CloudEvent> events, CancellationToken cancellation = default);
}
