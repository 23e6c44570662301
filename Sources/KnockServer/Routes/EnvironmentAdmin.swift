import KnockCore
import KnockEngine

/// `/_admin/environments`: create (keys returned), list, get, update settings, delete.
enum EnvironmentAdminRoutes {
    static func register(_ admin: inout AdminRoutes) {
        admin.add("environments", "create") { call in
            guard case .object(let body) = try call.body() else { throw EngineError.invalid("body", "must be an object") }
            let name = try stringField(body, "name")
            var settings = EnvironmentSettings()
            settings.enhancedSecurity = body["enhanced_security"]?.boolValue ?? false
            settings.signingPublicKeyPEM = try stringField(body, "signing_public_key")
            settings.timezone = try EnvironmentSettings.timezone(body["timezone"])
            let env = try call.engine.environments.create(
                name: name, secretKey: try stringField(body, "secret_key"),
                publishableKey: try stringField(body, "publishable_key"), settings: settings)
            return .json(env.adminJSON, status: 201)
        }
        admin.add("environments", "list") { call in
            .json(["entries": .array(call.engine.environments.all.map(\.adminJSON))])
        }
        admin.add("environments", "get") { call in
            guard let env = call.engine.environments.find(id: call.path("id")) else { throw EngineError.notFound("environment", id: call.path("id")) }
            return .json(env.adminJSON)
        }
        admin.add("environments", "settings") { call in
            guard case .object(let body) = try call.body() else { throw EngineError.invalid("body", "must be an object") }
            let enhanced = body["enhanced_security"]?.boolValue
            let pem = try stringField(body, "signing_public_key")
            var env = try call.engine.environments.update(id: call.path("id")) { s in
                if let enhanced { s.enhancedSecurity = enhanced }
                if let pem { s.signingPublicKeyPEM = pem }
            }
            if body.keys.contains("default_preference_set") {
                env = try call.engine.setDefaultPreferenceSet(environmentID: env.id, body["default_preference_set"])
            }
            // The account default timezone: recipients without one of their own are in it.
            if body.keys.contains("timezone") {
                env = try call.engine.setDefaultTimeZone(environmentID: env.id, body["timezone"])
            }
            return .json(env.adminJSON)
        }
        admin.add("environments", "delete") { call in
            try call.engine.environments.delete(id: call.path("id"))
            return .noContent
        }
    }

    static func stringField(_ body: JSONObject, _ name: String) throws(EngineError) -> String? {
        guard let v = body[name], !v.isNull else { return nil }
        guard case .string(let s) = v else { throw EngineError.invalid(name, "must be a string") }
        return s
    }
}
