/** A scraper's view of the health listener: plain HTTP GETs, no keep-alive, nothing shared with the bot's own HTTP clients. */
import { get } from "node:http"
import { parsePrometheusText, type Exposition } from "../support/prometheus-text.js"

export interface HttpAnswer {
  readonly status: number
  readonly contentType: string | undefined
  readonly body: string
}

export const httpGet = (port: number, path: string): Promise<HttpAnswer> =>
  new Promise((resolve, reject) => {
    const request = get({ host: "127.0.0.1", port, path, agent: false, timeout: 5000 }, (response) => {
      let body = ""
      response.setEncoding("utf8")
      response.on("data", (chunk: string) => (body += chunk))
      response.on("end", () => resolve({ status: response.statusCode ?? 0, contentType: response.headers["content-type"], body }))
    })
    request.on("timeout", () => request.destroy(new Error(`GET ${path} took over 5 s`)))
    request.on("error", reject)
  })

/** /metrics, parsed strictly (see prometheus-text.ts): a malformed line fails the test. */
export const scrape = async (port: number): Promise<Exposition> => {
  const answer = await httpGet(port, "/metrics")
  if (answer.status !== 200) throw new Error(`/metrics answered ${answer.status}: ${answer.body}`)
  return parsePrometheusText(answer.body)
}

/** The port the bot's health listener bound, delivered through StartOptions.onHealthListening. */
export const healthPortHook = () => {
  let resolvePort: (port: number) => void = () => undefined
  const port = new Promise<number>((resolve) => (resolvePort = resolve))
  return { port, onHealthListening: (bound: number) => resolvePort(bound) }
}
