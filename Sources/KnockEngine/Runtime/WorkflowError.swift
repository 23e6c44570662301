/// The workflow runtime's refusals are `EngineError`s like every other engine failure; the old
/// name stays while branches written against it merge.
public typealias WorkflowError = EngineError
