import KnockCore

/// An `in_app_feed` step template parsed once, rendered to the feed blocks Knock stores in
/// `MessageInAppFeedContent.blocks` and shows on `FeedItem.blocks` (engine-semantics §5.2, §8.3).
///
/// `markdown_body` becomes a `markdown` block (`content` keeps the raw Liquid, `rendered` is
/// Liquid then markdown → HTML), `action_url` a `text` block, `action_buttons` a `button_set`
/// whose buttons are named `primary`, `secondary`, ... with Liquid-rendered labels and actions.
///
/// ```swift
/// let step = try InAppFeedRenderer(parsing: ["markdown_body": "Hey **{{ recipient.name }}**"])
/// let blocks = try step.render(context.json)
/// // [{"type":"markdown","name":"body","content":"Hey **{{ recipient.name }}**",
/// //   "rendered":"<p>Hey <strong>Ellie</strong></p>"}]
/// ```
public struct InAppFeedRenderer: Sendable {
    private let body: (source: String, template: LiquidTemplate)
    private let actionURL: (source: String, template: LiquidTemplate)?
    private let buttons: [(label: LiquidTemplate, action: LiquidTemplate)]
    /// The root variables the step's templates read (nil: unknown, give them the whole scope).
    public let rootNames: Set<String>?

    /// Parses the step's `template` object; a missing `markdown_body` is an empty body.
    public init(parsing template: JSON) throws(TemplateError) {
        let markdown = template["markdown_body"]?.stringValue ?? ""
        body = (markdown, try LiquidTemplate(parsing: markdown))
        if let url = template["action_url"]?.stringValue, !url.isEmpty {
            actionURL = (url, try LiquidTemplate(parsing: url))
        } else {
            actionURL = nil
        }
        var parsed: [(LiquidTemplate, LiquidTemplate)] = []
        for button in template["action_buttons"]?.arrayValue ?? [] {
            parsed.append(
                (
                    try LiquidTemplate(parsing: button["label"]?.stringValue ?? ""),
                    try LiquidTemplate(parsing: button["action"]?.stringValue ?? "")
                ))
        }
        buttons = parsed
        var templates = [body.template] + parsed.flatMap { [$0.0, $0.1] }
        if let actionURL { templates.append(actionURL.template) }
        rootNames = templates.reduce(Set<String>() as Set<String>?) { names, t in
            guard let names, let own = t.rootNames else { return nil }
            return names.union(own)
        }
    }

    /// The blocks for one recipient.
    public func render(_ context: JSON, options: LiquidRenderOptions = LiquidRenderOptions()) throws(TemplateError)
        -> [JSON]
    {
        var blocks: [JSON] = [
            [
                "type": "markdown", "name": "body", "content": .string(body.source),
                "rendered": .string(MarkdownRenderer.render(try body.template.render(context, options: options))),
            ]
        ]
        if let actionURL {
            blocks.append([
                "type": "text", "name": "action_url", "content": .string(actionURL.source),
                "rendered": .string(try actionURL.template.render(context, options: options)),
            ])
        }
        if !buttons.isEmpty {
            var rendered: [JSON] = []
            for (index, button) in buttons.enumerated() {
                let name = index == 0 ? "primary" : index == 1 ? "secondary" : "button_\(index + 1)"
                rendered.append([
                    "name": .string(name),
                    "label": .string(try button.label.render(context, options: options)),
                    "action": .string(try button.action.render(context, options: options)),
                ])
            }
            blocks.append(["type": "button_set", "name": "actions", "buttons": .array(rendered)])
        }
        return blocks
    }
}
