// Writing pieces into a stream with backpressure: shared by renderToStream and the CLI's outputs,
// and kept apart from the renderer so that writing loads none of it.

/** A writable stream, as `renderToStream` needs it (Node's streams, a file, stdout…). */
export interface WritableLike {
  write(chunk: string, callback?: (error?: Error | null) => void): boolean
  once(event: 'drain' | 'error' | 'close', listener: (...args: unknown[]) => void): unknown
  removeListener(event: 'drain' | 'error' | 'close', listener: (...args: unknown[]) => void): unknown
  /** Node's streams: true once the stream is destroyed (it failed, or was closed). */
  readonly destroyed?: boolean
  /** Node's streams: the error that destroyed it. */
  readonly errored?: unknown
}

/**
 * Writes the pieces into a stream as they come, waiting for `drain` when it asks (backpressure).
 * A failure can come at any time, not only while waiting for drain: it is watched throughout, and
 * each write's callback tells when the stream has taken its piece, so the promise resolves only
 * once the last one is taken. Does not end the stream; rejects when it fails or closes first
 * (`what` names what was being written, for that message).
 */
export async function writePieces(writable: WritableLike, pieces: Iterable<string> | AsyncIterable<string>, what: string): Promise<void> {
  let failure: unknown
  const closed = () => new Error(`the stream closed before ${what} was written`)
  const onError = (error: unknown) => (failure ??= error ?? new Error('the stream failed'))
  const onClose = () => (failure ??= closed())
  writable.once('error', onError)
  writable.once('close', onClose)
  /**
   * Throws what failed the stream. A stream can be gone before the listeners above were added (a
   * file stream whose open failed: a directory, a device refused), and then no event comes: its
   * state says so.
   */
  const stopIfFailed = () => {
    if (writable.destroyed === true) failure ??= writable.errored ?? closed()
    if (failure !== undefined) throw failure
  }
  try {
    let last: Promise<void> = Promise.resolve()
    for await (const piece of pieces) {
      stopIfFailed()
      let taken = true
      last = new Promise<void>((resolve) => {
        taken = writable.write(piece, (error) => {
          if (error) failure ??= error
          resolve()
        })
      })
      if (!taken) await drained(writable)
      stopIfFailed()
    }
    stopIfFailed()
    await last
    if (failure !== undefined) throw failure
  } finally {
    writable.removeListener('error', onError)
    writable.removeListener('close', onClose)
    // Destroyed with an error, a stream emits it on a later tick: the rejection reports it, and
    // this keeps it from being an unhandled 'error' event then.
    if (writable.destroyed === true) writable.once('error', () => {})
  }
}

/** Until the stream drains, fails or closes (a failure is recorded by `writePieces`' own listeners). */
function drained(writable: WritableLike): Promise<void> {
  return new Promise((resolve) => {
    if (writable.destroyed === true) return resolve()
    const events = ['drain', 'error', 'close'] as const
    const done = () => {
      for (const event of events) writable.removeListener(event, done)
      resolve()
    }
    for (const event of events) writable.once(event, done)
  })
}
