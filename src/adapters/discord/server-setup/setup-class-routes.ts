import type { AnySelectMenuInteraction, ModalSubmitInteraction } from "discord.js"
import * as Effect from "effect/Effect"
import { numberClasses } from "../../../app/numbers/queries.js"
import { removeClass, saveClass, type ClassForm } from "../../../app/numbers/setup.js"
import type { AppServices } from "../handler-services.js"
import type { NumberClass } from "../../../domain/numbers/classes.js"
import { admin, button, modal, select, type ComponentRoute, dieOnDatabase, guildIdOf } from "../command.js"
import { form } from "../reply.js"
import { refuse } from "../../../app/refusal.js"
import { className, compactNumbers, storedClasses } from "../numbers/admin-format.js"
import { classModal } from "./setup-panel-view.js"
import { CLASS_FIELDS, NEW_CLASS, setupAddClassId, setupClassFormId, setupEditClassId, setupRemoveClassId } from "./setup-ids.js"
import { showPanel } from "./setup-state.js"

const summary = (c: NumberClass) =>
  `**${className(c)}** (${c.min}–${c.max}, ${c.limitPerMember} per member${c.reserved.length === 0 ? "" : `, reserved ${compactNumbers(c.reserved)}`})`

/**
 * The class a menu pick names, refusing one that was removed since the panel was drawn. Only the
 * classes are read: Edit opens a form, which must be the first answer within Discord's 3 s.
 */
const pickedClass = (interaction: AnySelectMenuInteraction) =>
  Effect.gen(function* () {
    const id = interaction.values[0]
    const classes = yield* numberClasses(yield* guildIdOf(interaction))
    const found = storedClasses(classes).find((c) => c.id === id)
    if (found === undefined) return yield* refuse("That class was removed meanwhile. Run /setup again to see the classes as they are now.")
    return found
  })

const readForm = (interaction: ModalSubmitInteraction): ClassForm => ({
  name: interaction.fields.getTextInputValue(CLASS_FIELDS.name),
  range: interaction.fields.getTextInputValue(CLASS_FIELDS.range),
  limit: interaction.fields.getTextInputValue(CLASS_FIELDS.limit),
  reserved: interaction.fields.getTextInputValue(CLASS_FIELDS.reserved),
})

const addClass = button(setupAddClassId, admin("numbers"), () => Effect.succeed(form(classModal(null))))

const editClass = select(setupEditClassId, admin("numbers"), (interaction) =>
  Effect.gen(function* () {
    const numberClass = yield* pickedClass(interaction)
    return form(classModal(numberClass))
  }),
)

/** Validation is the use case's: a bad range, limit, reserved list or duplicate name is refused and nothing is stored. */
const submitClass = modal(setupClassFormId, admin("numbers"), (interaction, { classId }) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const adding = classId === NEW_CLASS
    const saved = yield* dieOnDatabase(saveClass(guildId, interaction.user.id, readForm(interaction), adding ? undefined : classId))
    return yield* showPanel(interaction, `${adding ? "added class" : "saved class"} ${summary(saved)}.`)
  }),
)

const removeClassRoute = select(setupRemoveClassId, admin("numbers"), (interaction) =>
  Effect.gen(function* () {
    const guildId = yield* guildIdOf(interaction)
    const target = yield* pickedClass(interaction)
    const removed = yield* dieOnDatabase(removeClass(guildId, interaction.user.id, target.id))
    // Spelled out in full, so an admin who picked the wrong one can add it back as it was.
    return yield* showPanel(interaction, `removed class ${summary(removed)}. To undo, add it again with these settings.`)
  }),
)

export const classRoutes: ReadonlyArray<ComponentRoute<AppServices>> = [addClass, editClass, submitClass, removeClassRoute]
