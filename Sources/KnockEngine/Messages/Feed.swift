import Foundation
import KnockCore

/// The parameters of `GET /v1/users/{user_id}/feeds/{channel_id}` (§5.1), already validated.
///
/// ```swift
/// var f = FeedQuery(userID: "u1", channelID: channel.id.uuidString)
/// f.status = "unread"
/// runtime.feed(f, page: PageRequest()).json   // {entries, meta, page_info, vars}
/// ```
public struct FeedQuery: Sendable, Hashable {
    public static let statuses = ["unread", "read", "unseen", "seen", "all"]

    public var userID: String
    public var channelID: String
    /// `unread|read|unseen|seen`; nil or `all` for no engagement filter.
    public var status: String?
    /// The filters a feed shares with the message lists (archived, tenant, source, categories,
    /// trigger data, `inserted_at`); `scope` adds the user and channel. Archived items are
    /// left out unless asked for.
    public var filters: MessageQuery = {
        var q = MessageQuery()
        q.archived = .exclude
        return q
    }()
    /// Compact mode: no `activities`/`total_activities`, flat `data`, at most one actor.
    public var compact = false
    /// Dot paths to drop from the response (`entries.archived_at`), at most 3 levels.
    public var exclude: [[String]] = []

    public init(userID: String, channelID: String) {
        self.userID = userID
        self.channelID = channelID
    }

    /// `tenant=X` also shows untenanted items unless `has_tenant=true` asks for X alone; without
    /// a tenant, `has_tenant` alone keeps items with (true) or without (false) one (§5.1).
    public mutating func setTenant(_ tenant: String?, hasTenant: Bool?) {
        filters.tenant = tenant
        filters.tenantIncludesUntenanted = tenant != nil && hasTenant != true
        filters.hasTenant = tenant == nil ? hasTenant : nil
    }

    /// The scope every count and entry shares: the filters except `status`.
    var scope: MessageQuery {
        var q = filters
        q.recipient = .user(userID)
        q.channelID = channelID
        return q
    }

    var entriesQuery: MessageQuery {
        var q = scope
        if let status, status != "all" { q.engagementStatuses = [status] }
        return q
    }

    /// Badge counts ignore `status` and never count archived items (§5.1 [I]).
    var countsQuery: MessageQuery {
        var q = scope
        if q.archived != .exclude { q.archived = .exclude }
        return q
    }
}

extension WorkflowRuntime {
    /// A user's feed: entries newest first with blocks and `__cursor`, meta counts, page info and
    /// the environment's vars. An unknown user has an empty feed, not a 404.
    public func feed(_ query: FeedQuery, page: PageRequest) -> JSON {
        onExecutor {
            let entries = messages.messages(query.entriesQuery, page: page)
            let counts = messages.engagementCounts(query.countsQuery)
            let (total, unread, unseen) = (counts.total, counts.unread, counts.unseen)
            var pageInfo = entries.pageInfoJSON
            pageInfo["total_count"] = .int(min(total, 10_000))
            // Each entry's blocks and activities, read for the whole page at once.
            let records = entries.entries.map(\.record)
            let contents = messages.contents(messageIDs: records.map(\.id))
            let activities = messages.activities(ids: records.flatMap(\.activityIDs))
            var body: JSON = [
                "entries": .array(entries.entries.map { feedItem($0, compact: query.compact, contents: contents, activities: activities) }),
                "meta": ["__typename": "FeedMetadata", "total_count": .int(total), "unread_count": .int(unread), "unseen_count": .int(unseen)],
                "page_info": pageInfo,
                "vars": configuration.vars.objectValue.map(JSON.object) ?? [:],
            ]
            for path in query.exclude { body = FeedExclusion.remove(path[...], from: body) }
            return body
        }
    }

    /// A `FeedItem` (§5.2) for one in-app message, given the page's contents and activities.
    func feedItem(_ stored: StoredMessage, compact: Bool, contents: [String: JSON], activities pageActivities: [String: ActivityRecord]) -> JSON {
        let m = stored.record
        func time(_ d: Date?) -> JSON { d.map { .string(ProviderTimestamp.string($0)) } ?? .null }
        let activities = m.activityIDs.compactMap { pageActivities[$0] }
        var actors: [JSON] = []
        var seenActors = Set<String>()
        for a in activities where a.actor != .null {
            let key = a.actor.serialized()
            if seenActors.insert(key).inserted { actors.append(a.actor) }
        }
        var o = JSONObject()
        o["__cursor"] = .string(Cursor(seq: stored.seq).encoded)
        o["__typename"] = "FeedItem"
        o["id"] = .string(m.id)
        o["inserted_at"] = time(m.insertedAt)
        o["updated_at"] = time(m.updatedAt)
        o["seen_at"] = time(m.engagement["seen"])
        o["read_at"] = time(m.engagement["read"])
        o["interacted_at"] = time(m.engagement["interacted"])
        o["link_clicked_at"] = time(m.engagement["link_clicked"])
        o["clicked_at"] = time(m.engagement["link_clicked"])
        o["archived_at"] = time(m.engagement["archived"])
        o["actors"] = .array(compact ? Array(actors.prefix(1)) : Array(actors.prefix(10)))
        o["total_actors"] = .int(actors.count)
        if !compact {
            o["activities"] = .array(activities.map(\.json))
            o["total_activities"] = .int(activities.count)
        }
        o["blocks"] = contents[m.id]?["data"]?["blocks"] ?? []
        o["data"] = compact ? Self.flat(m.data) : (m.data == .null ? .null : m.data)
        o["source"] = ["__typename": "NotificationSource", "key": .string(m.workflowKey), "version_id": .string(m.versionID),
                       "categories": .array(m.categories.map(JSON.string))]
        o["tenant"] = m.tenant.map(JSON.string) ?? .null
        return .object(o)
    }

    /// Compact mode's `data`: nested arrays and objects removed.
    static func flat(_ data: JSON) -> JSON {
        guard case .object(let o) = data else { return data == .null ? .null : [:] }
        return .object(o.filter { _, v in
            switch v {
            case .object, .array: return false
            default: return true
            }
        })
    }
}

/// The feed's `exclude` parameter: removes a dot path from a response, through arrays.
enum FeedExclusion {
    static func remove(_ path: ArraySlice<String>, from value: JSON) -> JSON {
        guard let head = path.first else { return value }
        switch value {
        case .array(let items): return .array(items.map { remove(path, from: $0) })
        case .object(var o):
            if path.count == 1 {
                o.removeValue(forKey: head)
            } else if let child = o[head] {
                o[head] = remove(path.dropFirst(), from: child)
            }
            return .object(o)
        default: return value
        }
    }
}
