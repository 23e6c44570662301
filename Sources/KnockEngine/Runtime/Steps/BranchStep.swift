import KnockCore

/// Branch steps (§1.8): the first branch whose conditions hold runs, else the default branch
/// (the one without conditions). `terminates` ends the run after the branch.
extension WorkflowRuntime {
    func executeBranch(_ step: BranchStep, _ run: RecipientRun) -> StepOutcome {
        let context = conditionContext(run)
        if let chosen = step.branches.first(where: { !$0.isDefault && conditions.evaluate($0.conditions, in: context) }) {
            return .enter(chosen)
        }
        if let fallback = step.defaultBranch { return .enter(fallback) }
        return .next
    }
}
