import { expect } from "vitest"
import { type AnyStateMachine, type EventFromLogic, type InputFrom, initialTransition, transition } from "xstate"
import { pureStepper } from "../../src/machines/pure-step.js"

const visible = (snapshot: { value: unknown; status: unknown; context: unknown }) => ({ value: snapshot.value, status: snapshot.status, context: snapshot.context })

/**
 * Walks `events` from the machine's start with xstate's own `initialTransition`/`transition` and
 * with `pureStepper`, which the app steps machines with: after every event both must agree on
 * state, status and context. Returns how many steps were compared.
 */
export const expectPureStepsMatchXstate = <TMachine extends AnyStateMachine>(
  machine: TMachine,
  input: InputFrom<TMachine>,
  events: ReadonlyArray<EventFromLogic<TMachine>>,
): number => {
  const pure = pureStepper(machine)
  let reference = initialTransition(machine, input)[0]
  let ours = pure.initial(input)
  expect(visible(ours)).toEqual(visible(reference))
  for (const event of events) {
    reference = transition(machine, reference, event)[0]
    ours = pure.next(ours, event)
    expect(visible(ours), `after ${event.type}`).toEqual(visible(reference))
  }
  return events.length + 1
}
