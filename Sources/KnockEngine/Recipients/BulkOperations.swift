import KnockCore

extension Engine {
    func runQueuedBulkOperations() {}
}
