/**
 * xstate's own pure functions, `initialTransition` and `transition`, without their hidden cost.
 *
 * Each call of those builds a throwaway actor to act as the "scope" of the step, and the actor's
 * constructor computes the machine's initial state with no input. Our machines read their input
 * in `context`, so that throws, and xstate catches it: an Error with its stack trace made on
 * every step. Measured here: ~70 µs per claim, as much as the claim's whole SQL transaction.
 *
 * Our machines run no side effects (no custom actions to execute, no spawned or invoked actors,
 * no delays: see each machine's header), so the scope is only ever asked for `self`, which nothing
 * reads. One scope made once per machine gives the same snapshots; the equivalence is a property
 * test (test/unit/src/machines/pure-step.test.ts). Should a machine ever gain executable actions,
 * this refuses to hide them.
 */
import { createActor, type ActorScope, type AnyStateMachine, type EventFromLogic, type InputFrom, type SnapshotFrom } from "xstate"

export interface PureStepper<TMachine extends AnyStateMachine> {
  readonly initial: (input: InputFrom<TMachine>) => SnapshotFrom<TMachine>
  readonly next: (snapshot: SnapshotFrom<TMachine>, event: EventFromLogic<TMachine>) => SnapshotFrom<TMachine>
}

const refuseExecutableAction = (action: { readonly type?: string }) => {
  throw new Error(`a pure machine step produced an action to execute (${action.type ?? "unnamed"}); step it with xstate's transition() instead`)
}

export const pureStepper = <TMachine extends AnyStateMachine>(machine: TMachine): PureStepper<TMachine> => {
  let scope: ActorScope<any, any, any> | undefined
  const scopeOf = (): ActorScope<any, any, any> => {
    if (scope !== undefined) return scope
    const self = createActor(machine)
    scope = {
      self,
      id: "",
      sessionId: "",
      system: self.system,
      defer: () => {},
      logger: () => {},
      stopChild: () => {},
      emit: () => {},
      actionExecutor: refuseExecutableAction,
    } as ActorScope<any, any, any>
    return scope
  }
  return {
    initial: (input) => machine.getInitialSnapshot(scopeOf(), input) as SnapshotFrom<TMachine>,
    next: (snapshot, event) => machine.transition(snapshot, event, scopeOf()) as SnapshotFrom<TMachine>,
  }
}
