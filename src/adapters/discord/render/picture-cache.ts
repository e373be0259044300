export interface PictureCacheLimits {
  readonly maxEntries: number
  readonly maxBytes: number
}

export interface PictureCache {
  /** The picture stored under `key`, else the one being drawn for it, else what `draw` makes (then stored). */
  readonly get: (key: string, draw: () => Promise<Buffer>) => Promise<Buffer>
  readonly size: () => { readonly entries: number; readonly bytes: number }
}

/**
 * Least-recently-used pictures, bounded by count and by bytes. Keys are content digests, so an
 * entry is never stale, only unused; the bound is what lets old ones go. Requests for a key being
 * drawn wait for that drawing instead of starting another. A failed drawing is not remembered, so
 * the next request tries again.
 */
export const makePictureCache = (limits: PictureCacheLimits): PictureCache => {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const stored = new Map<string, Buffer>()
  const drawing = new Map<string, Promise<Buffer>>()
  let bytes = 0

  const evict = (key: string) => {
    const picture = stored.get(key)
    if (picture === undefined) return
    stored.delete(key)
    bytes -= picture.byteLength
  }

  const store = (key: string, picture: Buffer) => {
    evict(key)
    if (picture.byteLength > limits.maxBytes) return
    stored.set(key, picture)
    bytes += picture.byteLength
    for (const oldest of stored.keys()) {
      if (stored.size <= limits.maxEntries && bytes <= limits.maxBytes) break
      evict(oldest)
    }
  }

  return {
    get: (key, draw) => {
      const hit = stored.get(key)
      if (hit !== undefined) {
        store(key, hit)
        return Promise.resolve(hit)
      }
      const pending = drawing.get(key)
      if (pending !== undefined) return pending
      // Wrapped so that a `draw` that throws before returning a promise fails this request, not the caller.
      const drawn = new Promise<Buffer>((resolve) => resolve(draw()))
        .then((picture) => {
          store(key, picture)
          return picture
        })
        .finally(() => drawing.delete(key))
      drawing.set(key, drawn)
      return drawn
    },
    size: () => ({ entries: stored.size, bytes }),
  }
}
