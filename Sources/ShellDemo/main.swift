// knocksh-shell-demo: the interactive shell over a fake evaluator, for the pseudo-terminal tests
// until knocksh wires in the real interpreter.
import Foundation
import KnockShell

var configuration = ShellConfiguration.fromEnvironment(catalog: DemoEvaluator.catalog)
configuration.programName = "knocksh-shell-demo"
let shell = Shell(evaluator: DemoEvaluator(), configuration: configuration)
let status = await shell.run()
exit(status)
