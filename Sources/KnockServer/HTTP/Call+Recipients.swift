import KnockCore
import KnockEngine

extension Call {
    /// Recipient references from the query, in any of the forms clients send: `name[]=u1`
    /// (a user), `name[]={"id":..,"collection":..}` (JSON), or `name[][id]=..&name[][collection]=..`.
    func recipientReferences(_ name: String, defaultCollection: String? = nil) throws(EngineError) -> [RecipientKey] {
        var out: [RecipientKey] = []
        for raw in query.array(name) {
            if raw.hasPrefix("{"), case .object(let o)? = try? JSON.parse(raw), case .string(let id)? = o["id"] {
                out.append(RecipientKey(collection: o["collection"]?.stringValue ?? defaultCollection ?? RecipientKey.usersCollection, id: id))
            } else if !raw.isEmpty {
                out.append(defaultCollection.map { RecipientKey(collection: $0, id: raw) } ?? .user(raw))
            }
        }
        let ids = query.pairs.filter { $0.name == "\(name)[][id]" }.map(\.value)
        let collections = query.pairs.filter { $0.name == "\(name)[][collection]" }.map(\.value)
        for (i, id) in ids.enumerated() {
            let collection = i < collections.count ? collections[i] : (defaultCollection ?? RecipientKey.usersCollection)
            out.append(RecipientKey(collection: collection, id: id))
        }
        return out
    }

    /// A boolean query flag: `true`/`1` are true; anything else false.
    func flag(_ name: String) -> Bool {
        guard let v = query[name]?.lowercased() else { return false }
        return v == "true" || v == "1"
    }

    /// `access_token_object` as JSON text or bracket params → the object holding the token.
    func tokenObject(_ name: String) throws(EngineError) -> RecipientKey {
        guard let o = query.object(name), case .string(let id)? = o["object_id"], case .string(let collection)? = o["collection"] else {
            throw EngineError.invalid(name, "must be {object_id, collection} (JSON or bracket form)")
        }
        return RecipientKey(collection: collection, id: id)
    }
}
