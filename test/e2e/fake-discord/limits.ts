// What Discord itself rejects (discord-platform.md §1.2–§1.4), so a test fails here
// instead of in production. Each check yields an Issue; server.ts turns them into 50035.
export interface Issue { path: (string | number)[]; code: string; message: string }
type Obj = Record<string, unknown>

export const FLAG = { SuppressEmbeds: 1 << 2, Ephemeral: 1 << 6, Loading: 1 << 7, SuppressNotifications: 1 << 12, VoiceMessage: 1 << 13, ComponentsV2: 1 << 15 }
const CALLBACK_FLAGS = FLAG.SuppressEmbeds | FLAG.Ephemeral | FLAG.SuppressNotifications | FLAG.VoiceMessage | FLAG.ComponentsV2
const V2_TYPES = new Set([9, 10, 11, 12, 13, 14, 17])
const SELECT_TYPES = new Set([3, 5, 6, 7, 8])

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v)
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined)

class Checker {
  readonly issues: Issue[] = []
  private readonly ids = new Set<string>()
  add(path: Issue["path"], code: string, message: string) { this.issues.push({ path, code, message }) }
  len(path: Issue["path"], v: unknown, min: number, max: number, required = false) {
    if (v === undefined || v === null) {
      if (required) this.add(path, "BASE_TYPE_REQUIRED", "This field is required")
      return
    }
    const s = String(v)
    if ([...s].length < min || [...s].length > max) this.add(path, "BASE_TYPE_BAD_LENGTH", `Must be between ${min} and ${max} in length.`)
  }
  count(path: Issue["path"], v: unknown, min: number, max: number) {
    const n = arr(v).length
    if (n < min || n > max) this.add(path, "BASE_TYPE_BAD_LENGTH", `Must be between ${min} and ${max} in length.`)
  }
  customId(path: Issue["path"], v: unknown) {
    this.len(path, v, 1, 100, true)
    if (typeof v !== "string") return
    if (this.ids.has(v)) this.add(path, "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated")
    this.ids.add(v)
  }
}

function checkButton(c: Checker, p: Issue["path"], b: Obj) {
  c.len([...p, "label"], b.label, 1, 80)
  const style = Number(b.style)
  if (style === 5) {
    c.len([...p, "url"], b.url, 1, 512, true)
    if (b.custom_id !== undefined) c.add([...p, "custom_id"], "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED", "A custom id cannot be set on a link button")
  } else if (style === 6) {
    if (!b.sku_id) c.add([...p, "sku_id"], "BASE_TYPE_REQUIRED", "This field is required")
  } else if (style >= 1 && style <= 4) c.customId([...p, "custom_id"], b.custom_id)
  else c.add([...p, "style"], "BASE_TYPE_CHOICES", "Value must be one of (1, 2, 3, 4, 5, 6).")
  if (b.label === undefined && b.emoji === undefined) c.add([...p, "label"], "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED", "A button needs a label or an emoji")
}

function checkSelect(c: Checker, p: Issue["path"], s: Obj, inModal: boolean) {
  c.customId([...p, "custom_id"], s.custom_id)
  c.len([...p, "placeholder"], s.placeholder, 0, 150)
  if (s.min_values !== undefined && (Number(s.min_values) < 0 || Number(s.min_values) > 25)) c.add([...p, "min_values"], "NUMBER_TYPE_MAX", "int value should be between 0 and 25.")
  if (s.max_values !== undefined && (Number(s.max_values) < 1 || Number(s.max_values) > 25)) c.add([...p, "max_values"], "NUMBER_TYPE_MAX", "int value should be between 1 and 25.")
  if (inModal && s.disabled) c.add([...p, "disabled"], "COMPONENT_DISABLED_IN_MODAL", "Select menus in modals cannot be disabled")
  if (s.type !== 3) return
  c.count([...p, "options"], s.options, 1, 25)
  if (s.max_values !== undefined && Number(s.max_values) > arr(s.options).length) c.add([...p, "max_values"], "SELECT_COMPONENT_MAX_VALUES_TOO_LARGE", "max_values cannot exceed the number of options")
  arr(s.options).forEach((o, i) => {
    const op = [...p, "options", i]
    if (!isObj(o)) return c.add(op, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType")
    c.len([...op, "label"], o.label, 1, 100, true)
    c.len([...op, "value"], o.value, 1, 100, true)
    c.len([...op, "description"], o.description, 0, 100)
  })
}

function checkTextInput(c: Checker, p: Issue["path"], t: Obj, legacyLabel: boolean) {
  c.customId([...p, "custom_id"], t.custom_id)
  if (t.style !== 1 && t.style !== 2) c.add([...p, "style"], "BASE_TYPE_CHOICES", "Value must be one of (1, 2).")
  if (legacyLabel) c.len([...p, "label"], t.label, 1, 45, true)
  c.len([...p, "value"], t.value, 0, 4000)
  c.len([...p, "placeholder"], t.placeholder, 0, 100)
  if (t.min_length !== undefined && (Number(t.min_length) < 0 || Number(t.min_length) > 4000)) c.add([...p, "min_length"], "NUMBER_TYPE_MAX", "int value should be between 0 and 4000.")
  if (t.max_length !== undefined && (Number(t.max_length) < 1 || Number(t.max_length) > 4000)) c.add([...p, "max_length"], "NUMBER_TYPE_MAX", "int value should be between 1 and 4000.")
}

/** Message components; V2 trees are walked recursively and counted (40 in all). */
function checkMessageComponents(c: Checker, p: Issue["path"], components: unknown, v2: boolean) {
  if (components === undefined || components === null) return
  const list = arr(components)
  if (!v2) {
    if (list.length > 5) c.add(p, "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
    list.forEach((row, i) => {
      const rp = [...p, i]
      if (isObj(row) && V2_TYPES.has(Number(row.type))) return c.add([...rp, "type"], "COMPONENT_TYPE_INVALID", "This component type needs the IS_COMPONENTS_V2 flag")
      if (!isObj(row) || row.type !== 1) return c.add([...rp, "type"], "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1,).")
      checkRow(c, rp, row)
    })
    return
  }
  let total = 0
  const walk = (items: unknown[], path: Issue["path"]) => items.forEach((it, i) => {
    const ip = [...path, i]
    if (!isObj(it)) return
    total++
    if (it.type === 1) { total += arr(it.components).length; checkRow(c, ip, it) }
    else if (it.type === 2) checkButton(c, ip, it)
    else if (SELECT_TYPES.has(Number(it.type))) checkSelect(c, ip, it, false)
    else if (it.type === 10) c.len([...ip, "content"], it.content, 1, 4000, true)
    else if (it.type === 9) {
      c.count([...ip, "components"], it.components, 1, 3)
      walk(arr(it.components), [...ip, "components"])
      if (isObj(it.accessory)) walk([it.accessory], [...ip, "accessory"])
    } else if (it.type === 17) walk(arr(it.components), [...ip, "components"])
    else if (it.type === 12) c.count([...ip, "items"], it.items, 1, 10)
  })
  walk(list, p)
  if (total > 40) c.add(p, "COMPONENT_MAX_TOTAL_COMPONENTS_EXCEEDED", `Total component count ${total} exceeds 40`)
}

function checkRow(c: Checker, rp: Issue["path"], row: Obj) {
  const kids = arr(row.components)
  const selects = kids.filter((k) => isObj(k) && SELECT_TYPES.has(Number(k.type))).length
  if (kids.length === 0) c.add([...rp, "components"], "BASE_TYPE_MIN_LENGTH", "Must be 1 or more in length.")
  if (selects > 0 && kids.length !== 1) c.add([...rp, "components"], "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width")
  if (kids.length > 5) c.add([...rp, "components"], "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
  kids.forEach((k, j) => {
    const kp = [...rp, "components", j]
    if (!isObj(k)) return
    if (k.type === 2) checkButton(c, kp, k)
    else if (SELECT_TYPES.has(Number(k.type))) checkSelect(c, kp, k, false)
    else c.add([...kp, "type"], "COMPONENT_TYPE_INVALID", `Component type ${String(k.type)} is not allowed in a message action row`)
  })
}

function checkEmbeds(c: Checker, embeds: unknown) {
  if (embeds === undefined || embeds === null) return
  const list = arr(embeds)
  if (list.length > 10) c.add(["embeds"], "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
  let total = 0
  const tally = (v: unknown) => { total += typeof v === "string" ? [...v].length : 0 }
  list.forEach((e, i) => {
    const p = ["embeds", i]
    if (!isObj(e)) return
    c.len([...p, "title"], e.title, 0, 256); tally(e.title)
    c.len([...p, "description"], e.description, 0, 4096); tally(e.description)
    const fields = arr(e.fields)
    if (fields.length > 25) c.add([...p, "fields"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    fields.forEach((f, j) => {
      if (!isObj(f)) return
      c.len([...p, "fields", j, "name"], f.name, 1, 256, true); tally(f.name)
      c.len([...p, "fields", j, "value"], f.value, 1, 1024, true); tally(f.value)
    })
    if (isObj(e.footer)) { c.len([...p, "footer", "text"], e.footer.text, 0, 2048); tally(e.footer.text) }
    if (isObj(e.author)) { c.len([...p, "author", "name"], e.author.name, 0, 256); tally(e.author.name) }
  })
  if (total > 6000) c.add(["embeds"], "MESSAGE_EMBEDS_TOO_LONG", `Embed size exceeds maximum size of 6000 (${total})`)
}

export type MessageContext = "callback" | "webhook" | "channel"

/** `msg` is the message as it will exist (a PATCH merged onto the old one), so V2/content conflicts are judged on the result. */
export function checkMessage(msg: Obj, context: MessageContext, hasFiles: boolean): { issues: Issue[]; empty: boolean } {
  const c = new Checker()
  const flags = Number(msg.flags ?? 0)
  const v2 = (flags & FLAG.ComponentsV2) !== 0
  if (context === "callback" && flags & ~CALLBACK_FLAGS) c.add(["flags"], "MESSAGE_FLAGS_INVALID", `Flags ${flags} contain bits an interaction response may not set`)
  c.len(["content"], msg.content, 0, 2000)
  if (v2 && str(msg.content)) c.add(["content"], "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2", "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2")
  if (v2 && arr(msg.embeds).length > 0) c.add(["embeds"], "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2", "The 'embeds' field cannot be used when using MessageFlags.IS_COMPONENTS_V2")
  checkEmbeds(c, msg.embeds)
  checkMessageComponents(c, ["components"], msg.components, v2)
  const empty = !str(msg.content) && arr(msg.embeds).length === 0 && arr(msg.components).length === 0 && arr(msg.sticker_ids).length === 0 && !msg.poll && !hasFiles && arr(msg.attachments).length === 0
  return { issues: c.issues, empty }
}

export function checkModal(data: Obj): Issue[] {
  const c = new Checker()
  c.customId(["custom_id"], data.custom_id)
  c.len(["title"], data.title, 1, 45, true)
  c.count(["components"], data.components, 1, 5)
  arr(data.components).forEach((top, i) => {
    const p = ["components", i]
    if (!isObj(top)) return
    if (top.type === 1) {
      const kids = arr(top.components)
      if (kids.length !== 1 || !isObj(kids[0]) || kids[0].type !== 4) return c.add([...p, "components"], "MODAL_ACTION_ROW_TEXT_INPUT_ONLY", "A modal action row holds exactly one text input")
      checkTextInput(c, [...p, "components", 0], kids[0], true)
    } else if (top.type === 18) {
      c.len([...p, "label"], top.label, 1, 45, true)
      c.len([...p, "description"], top.description, 0, 100)
      const inner = top.component
      const ip = [...p, "component"]
      if (!isObj(inner)) return c.add(ip, "BASE_TYPE_REQUIRED", "This field is required")
      if (inner.type === 4) {
        if (inner.label !== undefined) c.add([...ip, "label"], "TEXT_INPUT_LABEL_IN_LABEL", "A text input inside a Label takes no label of its own")
        checkTextInput(c, ip, inner, false)
      } else if (SELECT_TYPES.has(Number(inner.type))) checkSelect(c, ip, inner, true)
      else if ([19, 21, 22, 23].includes(Number(inner.type))) c.customId([...ip, "custom_id"], inner.custom_id)
      else c.add([...ip, "type"], "COMPONENT_TYPE_INVALID", `Component type ${String(inner.type)} cannot sit in a Label`)
    } else if (top.type === 10) c.len([...p, "content"], top.content, 1, 4000, true)
    else c.add([...p, "type"], "COMPONENT_TYPE_INVALID", `Component type ${String(top.type)} is not allowed at the top of a modal`)
  })
  return c.issues
}

export function checkAutocomplete(data: Obj): Issue[] {
  const c = new Checker()
  c.count(["choices"], data.choices, 0, 25)
  arr(data.choices).forEach((ch, i) => {
    if (!isObj(ch)) return
    c.len(["choices", i, "name"], ch.name, 1, 100, true)
    if (typeof ch.value === "string") c.len(["choices", i, "value"], ch.value, 0, 100)
  })
  return c.issues
}

const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u

export function checkCommands(list: unknown): Issue[] {
  const c = new Checker()
  const cmds = arr(list)
  const chatInput = cmds.filter((x) => isObj(x) && (x.type ?? 1) === 1).length
  if (chatInput > 100) c.add([], "APPLICATION_COMMANDS_TOO_MANY", "Maximum number of application commands reached (100)")
  const seen = new Set<string>()
  const checkOptions = (opts: unknown, p: Issue["path"]) => {
    c.count([...p, "options"], opts ?? [], 0, 25)
    arr(opts).forEach((o, i) => {
      const op = [...p, "options", i]
      if (!isObj(o)) return
      checkName(op, o)
      if (o.autocomplete && arr(o.choices).length) c.add([...op, "autocomplete"], "AUTOCOMPLETE_WITH_CHOICES", "Autocomplete cannot be used with choices")
      c.count([...op, "choices"], o.choices ?? [], 0, 25)
      arr(o.choices).forEach((ch, j) => { if (isObj(ch)) { c.len([...op, "choices", j, "name"], ch.name, 1, 100, true); if (typeof ch.value === "string") c.len([...op, "choices", j, "value"], ch.value, 0, 100) } })
      if (o.type === 1 || o.type === 2) checkOptions(o.options, op)
    })
  }
  const checkName = (p: Issue["path"], o: Obj) => {
    const name = str(o.name) ?? ""
    if (!NAME_RE.test(name) || name !== name.toLowerCase()) c.add([...p, "name"], "APPLICATION_COMMAND_INVALID_NAME", `Command name is invalid: ${JSON.stringify(o.name)}`)
    c.len([...p, "description"], o.description, 1, 100, true)
  }
  cmds.forEach((cmd, i) => {
    if (!isObj(cmd)) return
    const type = Number(cmd.type ?? 1)
    const key = `${type}:${String(cmd.name)}`
    if (seen.has(key)) c.add([i, "name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", `Application command names must be unique: ${String(cmd.name)}`)
    seen.add(key)
    if (type === 1) { checkName([i], cmd); checkOptions(cmd.options, [i]) }
    else c.len([i, "name"], cmd.name, 1, 32, true)
  })
  return c.issues
}

/** Discord's nested `errors` object: {a:{0:{b:{_errors:[...]}}}}. */
export function errorTree(issues: Issue[], prefix: Issue["path"] = []): Obj {
  const root: Obj = {}
  for (const is of issues) {
    let node = root
    for (const k of [...prefix, ...is.path]) node = (node[String(k)] ??= {}) as Obj
    ;((node._errors ??= []) as unknown[]).push({ code: is.code, message: is.message })
  }
  return root
}
