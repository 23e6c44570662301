import Foundation
import KnockCore
import Testing
@testable import KnockEngine

/// The gate that keeps the HTTP server's event loops from waiting on the network: open while no
/// loaded workflow has an `http_fetch` step, closed for good once one is loaded, and closing
/// only after every caller inside has left.
@Suite struct NetworkWaitGateTests {
    static let fetchWorkflow: JSON = ["name": "f", "steps": [[
        "ref": "branch_1", "type": "branch", "branches": [[
            "name": "default", "terminates": false, "steps": [[
                "ref": "fetch_1", "type": "http_fetch", "settings": ["method": "get", "url": "http://127.0.0.1:9/x"],
            ]],
        ]],
    ]]]

    @Test func anEngineWithoutFetchWorkflowsLetsCallersIn() throws {
        let engine = try Engine(configuration: .init())
        #expect(engine.networkWaits.enterWhileCPUBound())
        engine.networkWaits.leave()
        #expect(!engine.networkWaits.allowsNetworkWaits)
    }

    @Test func aWorkflowsDirectoryWithAFetchStepClosesTheGateAtStart() throws {
        // recipes/workflows has `fetch-enrich`.
        let engine = try Engine(configuration: .init(workflowsDirectory: TempWorkflows.recipes.path))
        #expect(engine.runtimes.definitions.contains { $0.key == "fetch-enrich" })
        #expect(!engine.networkWaits.enterWhileCPUBound())
        #expect(engine.networkWaits.allowsNetworkWaits)
    }

    @Test func stepsFindAFetchInsideABranch() throws {
        let nested = try WorkflowDefinition(key: "fetcher", json: Self.fetchWorkflow)
        #expect(nested.steps.contains { $0.mayWaitOnNetwork })
        let plain = try WorkflowDefinition(key: "plain", json: ["name": "p", "steps": [[
            "ref": "in_app_feed_1", "type": "channel", "channel_key": "in-app-feed", "channel_type": "in_app_feed",
            "template": ["markdown_body": "hi"],
        ]]])
        #expect(!plain.steps.contains { $0.mayWaitOnNetwork })
    }

    @Test func loadingAFetchWorkflowWaitsForCallersInsideThenClosesTheGate() throws {
        let engine = try Engine(configuration: .init())
        let env = try engine.environments.create(name: "gate")
        let runtime = engine.runtime(env)
        #expect(engine.networkWaits.enterWhileCPUBound())
        let loaded = DispatchSemaphore(value: 0)
        let returned = LockedValue(false)
        let workflow = try WorkflowDefinition(key: "fetcher", json: Self.fetchWorkflow)
        Thread.detachNewThread {
            runtime.load(workflows: [workflow])
            returned.withLock { $0 = true }
            loaded.signal()
        }
        // The load closes the gate at once, then is parked while a caller is inside: the workflow
        // cannot run yet.
        while !engine.networkWaits.allowsNetworkWaits { Thread.sleep(forTimeInterval: 0.001) }
        #expect(!engine.networkWaits.enterWhileCPUBound(), "new callers are refused as soon as the load begins")
        Thread.sleep(forTimeInterval: 0.02)
        #expect(!returned.withLock { $0 })
        #expect(runtime.workflow("fetcher") == nil)
        engine.networkWaits.leave()
        loaded.wait()
        #expect(runtime.workflow("fetcher") != nil)
        #expect(!engine.networkWaits.enterWhileCPUBound())
    }
}
