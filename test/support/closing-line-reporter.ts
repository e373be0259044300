import type { Reporter, TestModule } from "vitest/node"

/**
 * Ends every run with one plain line, "N passed, N failed, N skipped", that CI and people can
 * read without knowing vitest's own summary format.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const count = (state: "passed" | "failed" | "skipped") => testModules.reduce((sum, module) => sum + [...module.children.allTests(state)].length, 0)
    process.stdout.write(`\n${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped\n`)
  }
}
