/**
 * A strict reader of the Prometheus text exposition format (0.0.4), enough to check what /metrics
 * serves: a line it does not understand, a sample without a `# TYPE`, or a histogram whose buckets
 * do not add up is an error, as it would be for Prometheus. prom-client writes this format but
 * cannot read it back.
 */

export interface Sample {
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
}

export interface Exposition {
  readonly types: ReadonlyMap<string, string>
  readonly samples: ReadonlyArray<Sample>
  /** The one sample with exactly these labels (others absent), or undefined. */
  value(name: string, labels?: Record<string, string>): number | undefined
  /** Samples of `name` whose labels include `labels`. */
  matching(name: string, labels?: Record<string, string>): ReadonlyArray<Sample>
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*"
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})?[ \\t]+(\\S+)(?:[ \\t]+-?\\d+)?$`)
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"])

/** As Prometheus reads them (Go's ParseFloat): NaN and Inf in any case; prom-client writes "Nan". */
const number = (text: string): number => {
  if (/^\+?inf(inity)?$/i.test(text)) return Number.POSITIVE_INFINITY
  if (/^-inf(inity)?$/i.test(text)) return Number.NEGATIVE_INFINITY
  if (/^nan$/i.test(text)) return Number.NaN
  const value = Number(text)
  if (text.trim() === "" || Number.isNaN(value)) throw new Error(`"${text}" is not a sample value`)
  return value
}

const unescape = (value: string) => value.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c))

const labelsOf = (text: string | undefined, line: string): Record<string, string> => {
  const labels: Record<string, string> = {}
  let rest = text ?? ""
  while (rest.length > 0) {
    const match = LABEL.exec(rest)
    if (match === null) throw new Error(`malformed labels in: ${line}`)
    if (match[1]! in labels) throw new Error(`label ${match[1]} twice in: ${line}`)
    labels[match[1]!] = unescape(match[2]!)
    rest = rest.slice(match[0].length)
  }
  return labels
}

/** The metric family a sample belongs to: `x_bucket`, `x_sum` and `x_count` belong to histogram `x`. */
const familyOf = (name: string, types: ReadonlyMap<string, string>): string | undefined => {
  if (types.has(name)) return name
  const base = name.replace(/_(bucket|sum|count)$/, "")
  return ["histogram", "summary"].includes(types.get(base) ?? "") ? base : undefined
}

const sameLabels = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([key, value]) => a[key] === value)

const includes = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) => Object.entries(b).every(([key, value]) => a[key] === value)

/** Each histogram series: buckets never decrease with `le`, and the +Inf bucket equals `_count`. */
const checkHistograms = (types: ReadonlyMap<string, string>, samples: ReadonlyArray<Sample>) => {
  for (const [family, type] of types) {
    if (type !== "histogram") continue
    const series = new Map<string, Sample[]>()
    for (const sample of samples.filter((s) => s.name === `${family}_bucket`)) {
      const { le: _le, ...rest } = sample.labels
      const key = JSON.stringify(Object.entries(rest).sort())
      series.set(key, [...(series.get(key) ?? []), sample])
    }
    for (const buckets of series.values()) {
      const { le: _le, ...labels } = buckets[0]!.labels
      const sorted = [...buckets].sort((a, b) => number(a.labels.le!) - number(b.labels.le!))
      sorted.reduce((previous, bucket) => {
        if (bucket.value < previous) throw new Error(`${family}${JSON.stringify(labels)}: bucket le=${bucket.labels.le} is below a smaller bucket`)
        return bucket.value
      }, 0)
      const count = samples.find((s) => s.name === `${family}_count` && sameLabels(s.labels, labels))
      if (sorted.at(-1)!.labels.le !== "+Inf" || count?.value !== sorted.at(-1)!.value) throw new Error(`${family}${JSON.stringify(labels)}: the +Inf bucket does not equal _count`)
    }
  }
}

export const parsePrometheusText = (text: string): Exposition => {
  const types = new Map<string, string>()
  const samples: Sample[] = []
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue
    if (line.startsWith("#")) {
      const type = /^# TYPE (\S+) (\S+)$/.exec(line)
      if (type !== null) {
        if (!TYPES.has(type[2]!)) throw new Error(`unknown metric type in: ${line}`)
        types.set(type[1]!, type[2]!)
      } else if (!/^# HELP \S+ /.test(line) && !/^# HELP \S+$/.test(line)) throw new Error(`unknown comment: ${line}`)
      continue
    }
    const match = SAMPLE.exec(line)
    if (match === null) throw new Error(`not a sample line: ${line}`)
    const name = match[1]!
    if (familyOf(name, types) === undefined) throw new Error(`sample ${name} comes before (or without) its # TYPE`)
    samples.push({ name, labels: labelsOf(match[2], line), value: number(match[3]!) })
  }
  checkHistograms(types, samples)
  return {
    types,
    samples,
    value: (name, labels = {}) => samples.find((sample) => sample.name === name && sameLabels(sample.labels, labels))?.value,
    matching: (name, labels = {}) => samples.filter((sample) => sample.name === name && includes(sample.labels, labels)),
  }
}
