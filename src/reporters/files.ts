import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import ndjson from 'ndjson'

/** Writes a file whole or not at all: a reader never sees half of it. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await replaceAtomically(path, (temporary) =>
    writeFile(temporary, content, { mode: 0o600 }),
  )
}

/** Writes records as JSONL, streamed, whole or not at all. */
export async function writeJsonlAtomic(
  path: string,
  records: Iterable<unknown>,
): Promise<void> {
  await replaceAtomically(path, (temporary) =>
    pipeline(
      Readable.from(records),
      ndjson.stringify(),
      createWriteStream(temporary, { mode: 0o600 }),
    ),
  )
}

async function replaceAtomically(
  path: string,
  write: (temporary: string) => Promise<void>,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await write(temporary)
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}
