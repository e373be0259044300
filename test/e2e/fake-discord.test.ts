// Drives the REAL discord.js client against the fake, so the fake is proven faithful where
// the bot's e2e suites will lean on it: handshake, interaction lifecycle, limits, REST errors.
import { once } from "node:events"
import { setTimeout as sleep } from "node:timers/promises"
import {
  ActionRowBuilder, AttachmentBuilder, ButtonBuilder, ButtonStyle, ChannelType, Client, ContainerBuilder, DiscordAPIError, Events, GatewayIntentBits,
  GuildScheduledEventEntityType, GuildScheduledEventPrivacyLevel, LabelBuilder, MessageFlags, ModalBuilder, PermissionFlagsBits, Routes,
  SlashCommandBuilder, TextInputBuilder, TextInputStyle,
  type AutocompleteInteraction, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction, type Message,
  type ModalSubmitInteraction, type StringSelectMenuInteraction, type TextChannel, type UserSelectMenuInteraction,
} from "discord.js"
import { afterEach, describe, expect, it } from "vitest"
import { WebSocket } from "ws"
import { invitePermissions } from "../../src/app/invite.js"
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from "./fake-discord/index.js"

let fake: FakeDiscord | undefined
let client: Client | undefined

async function boot(opts: FakeDiscordOptions = {}, intents: GatewayIntentBits[] = [GatewayIntentBits.Guilds]) {
  fake = await startFakeDiscord(opts)
  client = new Client({ intents, rest: { api: fake.restApi } })
  const ready = once(client, Events.ClientReady)
  await client.login(fake.token)
  await ready
  await fake.ready()
  return { fake, client }
}

afterEach(async () => {
  await client?.destroy()
  await fake?.close()
  client = undefined
  fake = undefined
})

const next = <T extends Interaction>(c: Client) => new Promise<T>((resolve) => c.once(Events.InteractionCreate, (i) => resolve(i as T)))
const apiError = (code: number, status?: number) => expect.objectContaining({ code, ...(status ? { status } : {}) })

const numberCommand = new SlashCommandBuilder().setName("number").setDescription("Car numbers")
  .addSubcommand((s) => s.setName("claim").setDescription("Claim a number")
    .addIntegerOption((o) => o.setName("number").setDescription("0-999").setRequired(true))
    .addUserOption((o) => o.setName("driver").setDescription("For whom"))
    .addStringOption((o) => o.setName("series").setDescription("Series").setAutocomplete(true)))

describe("handshake", () => {
  it("logs in over /gateway/bot, READY and GUILD_CREATE, and emits clientReady with the seeded guild", async () => {
    const { fake, client } = await boot()
    expect(client.user?.id).toBe(fake.bot.id)
    expect(client.application?.id).toBe(fake.applicationId)
    const guild = client.guilds.cache.get(fake.guildId)!
    expect(guild.name).toBe("Test League")
    const general = guild.channels.cache.get(fake.channels.general!)!
    expect(general.permissionsFor(guild.members.me!)!.has(PermissionFlagsBits.SendMessages)).toBe(true)
    expect(guild.members.me!.permissions.has(PermissionFlagsBits.CreateEvents)).toBe(true)
    expect(guild.roles.everyone.id).toBe(guild.id)
    expect(fake.calls.map((c) => c.route)).toEqual(["GET /gateway/bot"])
    expect(fake.gatewayEvents.filter((e) => e.dir === "out" && e.op === 0).map((e) => e.t)).toEqual(["READY", "GUILD_CREATE"])
  })

  it("GIVEN a default server THEN the bot holds exactly the permissions its invite link asks for, in the server and in every channel", async () => {
    const { fake, client } = await boot()
    const guild = client.guilds.cache.get(fake.guildId)!
    const me = guild.members.me!
    expect(me.permissions.bitfield).toBe(invitePermissions)
    for (const id of Object.values(fake.channels)) expect(guild.channels.cache.get(id!)!.permissionsFor(me)!.bitfield).toBe(invitePermissions)
  })

  it("rejects a wrong token with 401 and discord.js reports TokenInvalid", async () => {
    fake = await startFakeDiscord()
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.restApi } })
    await expect(client.login("not-the-token")).rejects.toMatchObject({ code: "TokenInvalid" })
    expect(fake.calls[0]).toMatchObject({ route: "GET /gateway/bot", status: 401, response: { message: "401: Unauthorized", code: 0 } })
  })

  it("speaks the raw protocol: HELLO, ACK per heartbeat, 4004 on a bad IDENTIFY, 4012 on compress=", async () => {
    fake = await startFakeDiscord()
    const ws = new WebSocket(`ws://127.0.0.1:${fake.port}?v=10&encoding=json`)
    const frames: { op: number; d: any }[] = []
    ws.on("message", (raw) => frames.push(JSON.parse(String(raw))))
    await once(ws, "open")
    await expect.poll(() => frames[0]).toEqual({ op: 10, d: { heartbeat_interval: 45000 }, s: null, t: null })
    ws.send(JSON.stringify({ op: 1, d: null }))
    await expect.poll(() => frames[1]?.op).toBe(11)
    ws.send(JSON.stringify({ op: 2, d: { token: "wrong", intents: 1, properties: {} } }))
    expect((await once(ws, "close"))[0]).toBe(4004)

    const zlib = new WebSocket(`ws://127.0.0.1:${fake.port}?v=10&encoding=json&compress=zlib-stream`)
    expect((await once(zlib, "close"))[0]).toBe(4012)
  })

  it("resumes after op 7 RECONNECT and keeps delivering interactions", async () => {
    const { fake, client } = await boot()
    const resumed = once(client, Events.ShardResume)
    fake.requestReconnect()
    await resumed
    expect(fake.gatewayEvents.some((e) => e.dir === "out" && e.t === "RESUMED")).toBe(true)
    const got = next<ChatInputCommandInteraction>(client)
    fake.slash({ user: fake.owner, command: "ping" })
    await (await got).reply("pong")
    expect(fake.channelMessages(fake.channels.general!).map((m) => m.content)).toEqual(["pong"])
  })
})

describe("slash commands and responses", () => {
  it("registers commands with commands.set, keeps ids on an identical re-PUT, and counts PUTs", async () => {
    const { fake, client } = await boot()
    const first = await client.application!.commands.set([numberCommand.toJSON()])
    const again = await client.application!.commands.set([numberCommand.toJSON()])
    await client.application!.commands.set([numberCommand.toJSON()], fake.guildId)
    expect([...again.keys()]).toEqual([...first.keys()])
    expect(again.first()!.version).toBe(first.first()!.version)
    expect(fake.commandPuts).toEqual({ global: 2, guilds: { [fake.guildId]: 1 } })
    expect(fake.commands().map((c) => c.name)).toEqual(["number"])
    await expect(client.application!.commands.set([{ name: "Bad Name", description: "x" }])).rejects.toEqual(apiError(50035, 400))
  })

  it("delivers a ChatInputCommandInteraction with typed, resolved options; an ephemeral reply is recorded", async () => {
    const { fake, client } = await boot()
    await client.application!.commands.set([numberCommand.toJSON()])
    const driver = fake.addMember(fake.guildId, { username: "max" })
    const got = next<ChatInputCommandInteraction>(client)
    const handle = fake.slash({ user: driver, command: "number", subcommand: "claim", options: { number: 7, driver } })
    const i = await got
    expect(i.isChatInputCommand()).toBe(true)
    expect(i.commandId).toBe(fake.commands()[0]!.id)
    expect(i.options.getSubcommand()).toBe("claim")
    expect(i.options.getInteger("number")).toBe(7)
    expect(i.options.getUser("driver")?.username).toBe("max")
    expect(i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)).toBe(false)
    expect(i.appPermissions.has(PermissionFlagsBits.SendMessages)).toBe(true)
    await i.reply({ content: "#7 is yours", flags: MessageFlags.Ephemeral })
    const call = await handle.firstResponse()
    expect(call).toMatchObject({ status: 204, query: { with_response: "false" }, body: { type: 4, data: { content: "#7 is yours", flags: 64 } } })
    expect(handle.original()).toMatchObject({ content: "#7 is yours", flags: 64 })
    expect(fake.channelMessages(fake.channels.general!)).toEqual([])
    expect(() => fake.slash({ user: driver, command: "number", subcommand: "claim", options: {} })).toThrow(/required option missing/)
  })

  it("records deferReply + editReply + followUp, and a follow-up right after a defer replaces the loading message", async () => {
    const { fake, client } = await boot()
    let got = next<ChatInputCommandInteraction>(client)
    const h1 = fake.slash({ user: fake.owner, command: "grid" })
    let i = await got
    await i.deferReply({ flags: MessageFlags.Ephemeral })
    expect(h1.original()).toMatchObject({ flags: 64 | 128 })
    await i.editReply("grid ready")
    await i.followUp("and one more")
    expect(h1.original()).toMatchObject({ content: "grid ready", flags: 64 })
    expect(h1.followUps().map((m) => m.content)).toEqual(["and one more"])
    expect(h1.responses().map((c) => c.route)).toEqual([
      "POST /interactions/:id/:token/callback", "PATCH /webhooks/:app/:token/messages/:message", "POST /webhooks/:app/:token"])

    got = next<ChatInputCommandInteraction>(client)
    const h2 = fake.slash({ user: fake.owner, command: "grid" })
    i = await got
    await i.deferReply()
    const msg = await i.followUp("done thinking")
    expect(msg.id).toBe(h2.original()!.id)
    expect(h2.followUps()).toEqual([])
    // h1's follow-up carried no EPHEMERAL flag, so it is public even though its defer was ephemeral.
    expect(fake.channelMessages(fake.channels.general!).map((m) => m.content)).toEqual(["and one more", "done thinking"])
  })

  it("answers 10062 to a reply after the response deadline", async () => {
    const { fake, client } = await boot({ responseDeadlineMs: 200 })
    const got = next<ChatInputCommandInteraction>(client)
    const handle = fake.slash({ user: fake.owner, command: "slow" })
    const i = await got
    await sleep(300)
    await expect(i.reply("too late")).rejects.toEqual(apiError(10062, 404))
    expect((await handle.firstResponse()).response).toEqual({ message: "Unknown interaction", code: 10062 })
    expect(handle.acknowledged()).toBeNull()
  })

  it("answers 40060 to a second acknowledgement", async () => {
    const { client, fake } = await boot()
    const got = next<ChatInputCommandInteraction>(client)
    fake.slash({ user: fake.owner, command: "twice" })
    const i = await got
    await i.reply("one")
    // discord.js guards double replies itself, so go around it the way a second process would.
    const second = client.rest.post(Routes.interactionCallback(i.id, i.token), { body: { type: 4, data: { content: "two" } }, auth: false })
    await expect(second).rejects.toEqual(apiError(40060, 400))
  })

  it("rejects over-limit messages with 50035 and leaves the interaction unacknowledged", async () => {
    const { client, fake } = await boot()
    const got = next<ChatInputCommandInteraction>(client)
    const handle = fake.slash({ user: fake.owner, command: "limits" })
    const i = await got
    const row = (n: number) => new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId(`b${n}`).setLabel("x").setStyle(ButtonStyle.Primary))
    const sixRows = [0, 1, 2, 3, 4, 5].map(row)
    const err = await i.reply({ components: sixRows }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DiscordAPIError)
    expect((err as DiscordAPIError).code).toBe(50035)
    expect((err as DiscordAPIError).message).toMatch(/data\.components/)
    const longId = { type: 1, components: [{ type: 2, style: 1, label: "x", custom_id: "x".repeat(101) }] }
    await expect(client.rest.post(Routes.interactionCallback(i.id, i.token), { body: { type: 4, data: { components: [longId] } }, auth: false }))
      .rejects.toMatchObject({ code: 50035, message: expect.stringMatching(/custom_id.*BASE_TYPE_BAD_LENGTH/) })
    await expect(client.rest.post(Routes.interactionCallback(i.id, i.token), { body: { type: 4, data: { content: "x", flags: MessageFlags.IsComponentsV2 } }, auth: false }))
      .rejects.toEqual(apiError(50035, 400))
    await expect(client.rest.post(Routes.interactionCallback(i.id, i.token), { body: { type: 5, data: { flags: MessageFlags.SuppressEmbeds } }, auth: false }))
      .rejects.toEqual(apiError(50035, 400))
    await i.reply({ content: "fine", embeds: [{ title: "t".repeat(256), fields: [{ name: "n", value: "v" }] }] })
    expect(handle.acknowledged()?.type).toBe(4)
  })

  it("enforces the documented message limits one by one", async () => {
    const { client, fake } = await boot()
    const got = next<ChatInputCommandInteraction>(client)
    const handle = fake.slash({ user: fake.owner, command: "limits" })
    const i = await got
    const button = (id: string) => ({ type: 2, style: 1, label: "b", custom_id: id })
    const select = (n: number) => ({ type: 3, custom_id: "s", options: Array.from({ length: n }, (_, k) => ({ label: `o${k}`, value: `o${k}` })) })
    const bad: [string, Record<string, unknown>, RegExp][] = [
      ["content over 2000", { content: "x".repeat(2001) }, /data\.content/],
      ["11 embeds", { embeds: Array.from({ length: 11 }, () => ({ title: "t" })) }, /data\.embeds/],
      ["embed description over 4096", { embeds: [{ description: "d".repeat(4097) }] }, /embeds\[0\]\.description/],
      ["embed field value over 1024", { embeds: [{ fields: [{ name: "n", value: "v".repeat(1025) }] }] }, /fields\[0\]\.value/],
      ["embeds over 6000 in total", { embeds: [{ description: "d".repeat(4000) }, { description: "d".repeat(2001) }] }, /6000/],
      ["6 buttons in a row", { components: [{ type: 1, components: [1, 2, 3, 4, 5, 6].map((n) => button(`b${n}`)) }] }, /components\[0\]\.components/],
      ["a select sharing its row", { components: [{ type: 1, components: [select(2), button("b")] }] }, /components\[0\]\.components/],
      ["26 select options", { components: [{ type: 1, components: [select(26)] }] }, /options/],
      ["duplicate custom_id", { components: [{ type: 1, components: [button("same"), button("same")] }] }, /DUPLICATED/],
      ["button label over 80", { components: [{ type: 1, components: [{ ...button("b"), label: "l".repeat(81) }] }] }, /label/],
      ["placeholder over 150", { components: [{ type: 1, components: [{ ...select(2), placeholder: "p".repeat(151) }] }] }, /placeholder/],
      ["V2 with embeds", { flags: MessageFlags.IsComponentsV2, embeds: [{ title: "t" }], components: [{ type: 10, content: "x" }] }, /embeds/],
    ]
    for (const [why, data, path] of bad) {
      const err = await client.rest.post(Routes.interactionCallback(i.id, i.token), { body: { type: 4, data }, auth: false }).catch((e: unknown) => e)
      expect(err, why).toBeInstanceOf(DiscordAPIError)
      expect((err as DiscordAPIError).code, why).toBe(50035)
      expect((err as DiscordAPIError).message, why).toMatch(path)
    }
    expect(handle.acknowledged()).toBeNull()
    await expect(client.rest.post(Routes.interactionCallback(i.id, i.token), { body: { type: 4, data: {} }, auth: false })).rejects.toEqual(apiError(50006, 400))
    // A valid Components V2 reply, asked for with withResponse so the callback-response shape is exercised too.
    const container = new ContainerBuilder().addTextDisplayComponents((t) => t.setContent("**Grid**")).addActionRowComponents((r) =>
      r.addComponents(new ButtonBuilder().setCustomId("join").setLabel("Join").setStyle(ButtonStyle.Primary)))
    const res = await i.reply({ components: [container], flags: MessageFlags.IsComponentsV2, withResponse: true })
    expect(res.resource?.message?.id).toBe(handle.original()!.id)
    expect(res.interaction.responseMessageEphemeral).toBe(false)
  })

  it("delivers an interaction from a DM", async () => {
    const { client, fake } = await boot()
    const got = next<ChatInputCommandInteraction>(client)
    fake.slash({ user: fake.owner, guildId: null, channelId: fake.dmChannel(fake.owner), command: "mynumber" })
    const i = await got
    expect(i.inGuild()).toBe(false)
    expect(i.user.id).toBe(fake.owner.id)
    await i.reply("#7")
    expect(fake.dms(fake.owner.id).map((m) => m.content)).toEqual(["#7"])
  })

  it("records a file attachment with its bytes and serves it back", async () => {
    const { client, fake } = await boot()
    const got = next<ChatInputCommandInteraction>(client)
    const handle = fake.slash({ user: fake.owner, command: "export" })
    const i = await got
    const csv = Buffer.from("number,driver\n7,max\n")
    await i.reply({ content: "export", files: [new AttachmentBuilder(csv, { name: "numbers.csv" })] })
    const call = await handle.firstResponse()
    expect(call.files).toEqual([expect.objectContaining({ field: "files[0]", filename: "numbers.csv", data: csv })])
    expect(call.body).toMatchObject({ type: 4, data: { content: "export" } })
    const attachment = handle.original()!.attachments[0]
    expect(attachment).toMatchObject({ filename: "numbers.csv", size: csv.length })
    expect(Buffer.from(await (await fetch(attachment.url)).arrayBuffer())).toEqual(csv)
  })

  it("answers autocomplete with up to 25 choices", async () => {
    const { client, fake } = await boot()
    await client.application!.commands.set([numberCommand.toJSON()])
    let got = next<AutocompleteInteraction>(client)
    let handle = fake.autocomplete({ user: fake.owner, command: "number", subcommand: "claim", options: { series: "gt" }, focused: "series" })
    let i = await got
    expect(i.options.getFocused(true)).toMatchObject({ name: "series", value: "gt" })
    await i.respond([{ name: "GT3 Sprint", value: "gt3" }])
    expect((await handle.firstResponse()).body).toEqual({ type: 8, data: { choices: [{ name: "GT3 Sprint", value: "gt3" }] } })

    got = next<AutocompleteInteraction>(client)
    handle = fake.autocomplete({ user: fake.owner, command: "number", subcommand: "claim", options: { series: "" }, focused: "series" })
    i = await got
    const many = Array.from({ length: 26 }, (_, n) => ({ name: `s${n}`, value: `s${n}` }))
    await expect(i.respond(many)).rejects.toEqual(apiError(50035, 400))
  })
})

describe("components and modals", () => {
  it("clicks a button on the message the bot sent; update() edits it in place", async () => {
    const { client, fake } = await boot()
    const channel = client.channels.cache.get(fake.channels.general!) as TextChannel
    const sent = await channel.send({ content: "Claim #7?", components: [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId("claim:7").setLabel("Claim").setStyle(ButtonStyle.Success))] })
    let got = next<ButtonInteraction>(client)
    let handle = fake.button({ user: fake.owner, customId: "claim:7", message: sent.id })
    let i = await got
    expect(i.isButton() && i.customId).toBe("claim:7")
    expect(i.message.id).toBe(sent.id)
    await i.update({ content: "Claimed", components: [] })
    expect(fake.message(sent.id)).toMatchObject({ content: "Claimed", components: [] })
    expect((await handle.firstResponse()).body.type).toBe(7)

    got = next<ButtonInteraction>(client)
    handle = fake.button({ user: fake.owner, customId: "other" })
    i = await got
    await i.deferUpdate()
    await i.editReply({ content: "edited after deferUpdate" })
    expect(handle.original()).toMatchObject({ id: i.message.id, content: "edited after deferUpdate" })
  })

  it("delivers string and user selects with values and resolved users", async () => {
    const { client, fake } = await boot()
    const max = fake.addMember(fake.guildId, { username: "max" })
    const s = next<StringSelectMenuInteraction>(client)
    fake.select({ user: fake.owner, customId: "series", values: ["gt3", "lmp2"] })
    expect((await s).values).toEqual(["gt3", "lmp2"])
    const u = next<UserSelectMenuInteraction>(client)
    fake.select({ user: fake.owner, customId: "who", values: [max.id], componentType: 5 })
    const ui = await u
    expect(ui.isUserSelectMenu() && ui.users.first()?.username).toBe("max")
    await ui.deferUpdate()
  })

  it("shows a modal from a button, submits it with the same layout, and refuses a modal in reply to a modal", async () => {
    const { client, fake } = await boot()
    let got: Promise<Interaction> = next(client)
    const click = fake.button({ user: fake.owner, customId: "edit" })
    const b = (await got) as ButtonInteraction
    const modal = new ModalBuilder().setCustomId("edit-modal").setTitle("Edit entry").addLabelComponents((l) =>
      l.setLabel("Car number").setTextInputComponent(new TextInputBuilder().setCustomId("number").setStyle(TextInputStyle.Short)))
    await b.showModal(modal)
    expect((await click.firstResponse()).body).toMatchObject({ type: 9, data: { custom_id: "edit-modal", title: "Edit entry" } })

    got = next(client)
    fake.modalSubmit({ user: fake.owner, customId: "edit-modal", fields: { number: "42" } })
    const m = (await got) as ModalSubmitInteraction
    expect(m.fields.getTextInputValue("number")).toBe("42")
    expect(m.message?.id).toBe(b.message.id)
    expect(() => fake.modalSubmit({ user: fake.owner, customId: "edit-modal", fields: { nope: "x" } })).toThrow(/no field/)
    await expect(client.rest.post(Routes.interactionCallback(m.id, m.token), { body: { type: 9, data: modal.toJSON() }, auth: false }))
      .rejects.toEqual(apiError(50035, 400))
    if (!m.isFromMessage()) throw new Error("a modal opened from a button carries its message")
    await m.update({ content: "Saved #42", components: [] })
    expect(fake.message(b.message.id)).toMatchObject({ content: "Saved #42" })

    got = next(client)
    fake.slash({ user: fake.owner, command: "big" })
    const s = (await got) as ChatInputCommandInteraction
    // The v14 builder only checks for at least one component; Discord caps the top level at 5.
    const six = new ModalBuilder().setCustomId("m").setTitle("Six").addLabelComponents(...[0, 1, 2, 3, 4, 5].map((n) =>
      new LabelBuilder().setLabel(`f${n}`).setTextInputComponent(new TextInputBuilder().setCustomId(`f${n}`).setStyle(TextInputStyle.Short))))
    await expect(s.showModal(six)).rejects.toMatchObject({ code: 50035, message: expect.stringMatching(/data\.components/) })
  })
})

describe("webhooks and REST", () => {
  it("answers 10015 to editing @original before the interaction is acknowledged", async () => {
    const { client, fake } = await boot()
    const got = next<ChatInputCommandInteraction>(client)
    fake.slash({ user: fake.owner, command: "x" })
    const i = await got
    await expect(client.rest.patch(Routes.webhookMessage(i.applicationId, i.token, "@original"), { body: { content: "x" }, auth: false }))
      .rejects.toEqual(apiError(10015, 404))
  })

  it("sends, edits and deletes channel messages with gateway echoes; refuses channels the bot cannot post in", async () => {
    const { client, fake } = await boot({ guilds: [{ channels: [{ name: "general" }, { name: "rules", botCanSend: false }] }] }, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages])
    const general = client.channels.cache.get(fake.channels.general!) as TextChannel
    const created = once(client, Events.MessageCreate) as Promise<[Message]>
    const msg = await general.send("Race night!")
    expect((await created)[0].id).toBe(msg.id)
    const updated = once(client, Events.MessageUpdate)
    await msg.edit("Race night moved")
    await updated
    expect(fake.channelMessages(general.id).map((m) => m.content)).toEqual(["Race night moved"])
    await msg.delete()
    await fake.waitFor((c) => c.route === "DELETE /channels/:channel/messages/:message" && c.status === 204)
    expect(fake.channelMessages(general.id)).toEqual([])

    const rules = client.channels.cache.get(fake.channels.rules!) as TextChannel
    expect(rules.permissionsFor(rules.guild.members.me!)!.has(PermissionFlagsBits.SendMessages)).toBe(false)
    await expect(rules.send("nope")).rejects.toEqual(apiError(50013, 403))
    await expect(client.rest.post(Routes.channelMessages("123456789012345678"), { body: { content: "x" } })).rejects.toEqual(apiError(10003, 404))
    await expect(general.send({})).rejects.toEqual(apiError(50006, 400))
  })

  it("records DMs and answers 50007 when the user's DMs are closed", async () => {
    const { client, fake } = await boot()
    const open = fake.addMember(fake.guildId, { username: "open" })
    const closed = fake.addMember(fake.guildId, { username: "closed", dmsClosed: true })
    await (await client.users.fetch(open.id)).send("Your number is #7")
    expect(fake.dms(open.id).map((m) => m.content)).toEqual(["Your number is #7"])
    await expect((await client.users.fetch(closed.id)).send("hi")).rejects.toEqual(apiError(50007, 403))
  })

  it("adds and removes roles within the bot's hierarchy", async () => {
    const { client, fake } = await boot({ guilds: [{ roles: [{ name: "Driver" }, { name: "Stewards", aboveBot: true }] }] })
    const max = fake.addMember(fake.guildId, { username: "max" })
    const guild = client.guilds.cache.get(fake.guildId)!
    const member = await guild.members.fetch(max.id)
    await member.roles.add(fake.role("Driver"))
    expect(fake.memberRoles(fake.guildId, max.id)).toEqual([fake.role("Driver")])
    await member.roles.remove(fake.role("Driver"))
    expect(fake.memberRoles(fake.guildId, max.id)).toEqual([])
    await expect(member.roles.add(fake.role("Stewards"))).rejects.toEqual(apiError(50013, 403))
    await expect(guild.members.addRole({ user: max.id, role: fake.role("Pitboard") })).rejects.toEqual(apiError(50013, 403))
  })

  it("creates scheduled events, validates EXTERNAL fields and requires CREATE_EVENTS", async () => {
    const { client, fake } = await boot({ guilds: [{}, { name: "No Events", botCanCreateEvents: false }] })
    const guild = client.guilds.cache.get(fake.guildId)!
    const start = new Date(Date.now() + 86_400_000)
    const base = { name: "Round 1", scheduledStartTime: start, privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly, entityType: GuildScheduledEventEntityType.External }
    const ev = await guild.scheduledEvents.create({ ...base, scheduledEndTime: new Date(start.getTime() + 7_200_000), entityMetadata: { location: "Spa" } })
    expect(fake.scheduledEvents()).toEqual([expect.objectContaining({ id: ev.id, name: "Round 1", entity_metadata: { location: "Spa" }, status: 1 })])
    await expect(guild.scheduledEvents.create({ ...base, scheduledEndTime: new Date(start.getTime() + 1000) })).rejects.toEqual(apiError(50035, 400))
    await ev.edit({ name: "Round 1 (Spa)" })
    await ev.delete()
    expect(fake.scheduledEvents()).toEqual([])
    const other = client.guilds.cache.find((g) => g.name === "No Events")!
    await expect(other.scheduledEvents.create({ ...base, scheduledEndTime: new Date(start.getTime() + 1000), entityMetadata: { location: "Spa" } }))
      .rejects.toEqual(apiError(50013, 403))
    expect(other.channels.cache.filter((c) => c.type === ChannelType.GuildText).size).toBe(2)
  })

  it("answers unknown routes with 404 code 0 and lists them as unexpected", async () => {
    const { client, fake } = await boot()
    await expect(client.rest.get(Routes.guildBans(fake.guildId))).rejects.toEqual(apiError(0, 404))
    expect(fake.unexpectedCalls()).toEqual([expect.objectContaining({ method: "GET", path: `/guilds/${fake.guildId}/bans`, status: 404 })])
  })
})
