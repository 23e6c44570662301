import Foundation
import KnockCore

/// A Liquid template parsed once and rendered any number of times, concurrently if needed.
///
/// The workflow runtime parses each step template when the workflow loads (a syntax error is
/// reported against the workflow file) and renders it per recipient with the context from
/// `KnockTemplateContext.build`. Either call throws `TemplateError`, which fails the step as
/// Knock does. Missing variables render as empty text; unknown filters and misused filters throw.
///
/// ```swift
/// let subject = try LiquidTemplate(parsing: "Hi {{ recipient.name | default: 'there' }}!")
/// let text = try subject.render(["recipient": ["name": "Ada"]])        // "Hi Ada!"
/// let later = try LiquidTemplate(parsing: #"{{ "now" | date: "%Y" }}"#)
///     .render([:], options: LiquidRenderOptions(now: virtualClockNow))
/// ```
public struct LiquidTemplate: Sendable {
    /// The template text as given.
    public let source: String
    let nodes: [LiquidNode]
    /// The root variables the template can read; nil when that cannot be known (`LiquidRootNames`).
    public let rootNames: Set<String>?

    /// Parses `source`; throws `TemplateError` (phase `.parse`) with the line and column at fault.
    public init(parsing source: String) throws(TemplateError) {
        self.source = source
        self.nodes = try LiquidParser.parse(source, filters: .standard)
        self.rootNames = LiquidRootNames.of(nodes)
    }

    /// Renders with `context` as the root scope (normally a `.object`).
    public func render(_ context: JSON, options: LiquidRenderOptions = LiquidRenderOptions()) throws(TemplateError)
        -> String
    {
        var assigns: [String: JSON] = [:]
        return try render(context, options: options, assigns: &assigns)
    }

    /// Renders and shares `assign`/`capture` variables through `assigns`, so that an email's
    /// `pre_content`, template and layout can see each other's variables (engine-semantics §8.3).
    public func render(_ context: JSON, options: LiquidRenderOptions, assigns: inout [String: JSON])
        throws(TemplateError) -> String
    {
        var renderer = LiquidRenderer(root: context, assigns: assigns, options: options)
        let output = try renderer.run(nodes)
        assigns = renderer.assigns
        return output
    }

    /// Parses and renders in one go, for templates used once.
    public static func render(_ source: String, _ context: JSON, options: LiquidRenderOptions = LiquidRenderOptions())
        throws(TemplateError) -> String
    {
        try LiquidTemplate(parsing: source).render(context, options: options)
    }
}

/// Settings for one render: the clock, dynamic entity loaders and safety limits.
///
/// ```swift
/// var options = LiquidRenderOptions(now: clock.now)
/// options.loadEntity = { request in store.lookup(request) }   // for `"u1" | user`
/// options.loadPartial = { key in partials[key] }              // for `{% render "footer" %}`
/// ```
public struct LiquidRenderOptions: Sendable {
    /// What `"now"` and `"today"` mean to the `date` filters; the engine passes its virtual clock.
    public var now: Date
    /// Resolves Knock's dynamic loaders (`user`, `object`, `tenant`, `subscriptions` filters).
    /// Without a loader, or when the entity is unknown, they yield nil as Knock does.
    public var loadEntity: (@Sendable (LiquidEntityRequest) -> JSON?)?
    /// Supplies parsed partials for `{% render 'key' %}`; the runtime keeps them parsed.
    /// An unknown key (or no loader) is a render error.
    public var loadPartial: (@Sendable (String) -> LiquidTemplate?)?
    /// Upper bound on loop iterations in one render, so a runaway range cannot hang a worker.
    public var maxIterations: Int
    /// Upper bound on the rendered size in bytes.
    public var maxOutputBytes: Int

    public init(
        now: Date = Date(), loadEntity: (@Sendable (LiquidEntityRequest) -> JSON?)? = nil,
        loadPartial: (@Sendable (String) -> LiquidTemplate?)? = nil,
        maxIterations: Int = 1_000_000, maxOutputBytes: Int = 10_000_000
    ) {
        self.now = now
        self.loadEntity = loadEntity
        self.loadPartial = loadPartial
        self.maxIterations = maxIterations
        self.maxOutputBytes = maxOutputBytes
    }
}

/// A dynamic lookup a template asked for, e.g. `{% assign p = "proj_1" | object: "projects" %}`.
public enum LiquidEntityRequest: Sendable, Hashable {
    case user(id: String)
    case object(collection: String, id: String)
    case tenant(id: String)
    /// Up to 25 active subscriptions of a user, each `{object, properties}`.
    case subscriptions(userId: String)
}
