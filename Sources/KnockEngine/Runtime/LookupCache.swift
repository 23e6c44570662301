import Foundation
import KnockCore

/// Recipient-store reads memoized for one executor job (a trigger's fan-out, a timer firing).
///
/// Without it a channel step read the same recipient five times (existence, activity, condition
/// scope, template scope, provider request) and the shared actor and tenant once per recipient,
/// each a SQLite query plus a JSON decode. Steps that write recipients (update steps, inline
/// identification by a trigger-workflow step) clear it, so later steps still see their writes.
final class LookupCache {
    struct ChannelKey: Hashable {
        var ref: RecipientRef
        var channel: UUID
    }
    private var recipients: [RecipientRef: JSON?] = [:]
    private var preferenceSets: [RecipientRef: [String: JSON]] = [:]
    private var channelData: [ChannelKey: JSON?] = [:]

    func recipient(_ ref: RecipientRef, _ load: (RecipientRef) -> JSON?) -> JSON? {
        if let hit = recipients[ref] { return hit }
        let value = load(ref)
        recipients[ref] = .some(value)
        return value
    }

    func preferenceSets(_ ref: RecipientRef, _ load: (RecipientRef) -> [String: JSON]) -> [String: JSON] {
        if let hit = preferenceSets[ref] { return hit }
        let value = load(ref)
        preferenceSets[ref] = value
        return value
    }

    func channelData(_ ref: RecipientRef, _ channel: UUID, _ load: () -> JSON?) -> JSON? {
        let key = ChannelKey(ref: ref, channel: channel)
        if let hit = channelData[key] { return hit }
        let value = load()
        channelData[key] = .some(value)
        return value
    }

    func hasRecipient(_ ref: RecipientRef) -> Bool { recipients[ref] != nil }

    /// Stores a user read ahead (`WorkflowRuntime.prefetchUsers`); nil: known not to exist.
    func prefill(_ ref: RecipientRef, user: JSON?, preferenceSets sets: [String: JSON]) {
        recipients[ref] = .some(user)
        preferenceSets[ref] = sets
    }

    func removeAll() {
        recipients.removeAll(keepingCapacity: true)
        preferenceSets.removeAll(keepingCapacity: true)
        channelData.removeAll(keepingCapacity: true)
    }
}

/// The runtime's reads of the recipient store, through the job's `LookupCache` when one is open.
extension WorkflowRuntime {
    /// Runs `body` with a lookup cache open (nested calls share the outer one).
    func withLookupCache<T>(_ body: () -> T) -> T {
        if lookups != nil { return body() }
        lookups = LookupCache()
        defer { lookups = nil }
        return body()
    }

    /// Drops memoized reads after a write to the recipient store made on the executor.
    func recipientsChanged() {
        guard DispatchQueue.getSpecific(key: executorKey) == true else { return }
        lookups?.removeAll()
    }

    /// Reads the users among a fan-out's recipients, with their preference sets, in one go
    /// (`RecipientDirectory.users(ids:)`) rather than two queries per recipient.
    func prefetchUsers(_ refs: [RecipientRef]) {
        guard let lookups else { return }
        let ids = refs.filter { $0.isUser && !lookups.hasRecipient($0) }.map(\.id)
        guard ids.count > 1 else { return }   // one user: its own lookup is the same one query
        let found = directory.users(ids: ids)
        for id in ids {
            let hit = found[id]
            lookups.prefill(.user(id), user: hit?.user, preferenceSets: hit?.preferenceSets ?? [:])
        }
    }

    func lookupRecipient(_ ref: RecipientRef) -> JSON? {
        guard let lookups else { return directory.recipient(ref) }
        return lookups.recipient(ref) { directory.recipient($0) }
    }

    func lookupTenant(_ id: String) -> JSON? {
        lookupRecipient(RecipientRef(collection: RecipientRef.tenantsCollection, id: id))
    }

    func lookupPreferenceSets(_ ref: RecipientRef) -> [String: JSON] {
        guard let lookups else { return directory.preferenceSets(for: ref) }
        return lookups.preferenceSets(ref) { directory.preferenceSets(for: $0) }
    }

    func lookupChannelData(_ ref: RecipientRef, channelID: UUID) -> JSON? {
        guard let lookups else { return directory.channelData(for: ref, channelID: channelID) }
        return lookups.channelData(ref, channelID) { directory.channelData(for: ref, channelID: channelID) }
    }
}
