import { describe, expect, it } from 'vitest'
import {
  excerpt,
  REPORT_TEXT_MODES,
  shownText,
  textHash,
} from '../../src/privacy/report-text.ts'

// printf 'abc' | sha256sum
// ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
const ABC = 'ba7816bf8f01cfea'
// printf '' | sha256sum
// e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
const EMPTY = 'e3b0c44298fc1c14'

describe('textHash', () => {
  it.each([
    { text: 'abc', hash: ABC },
    { text: '', hash: EMPTY },
  ])('is the first 16 hex digits of the SHA-256 of "$text"', ({ text, hash }) => {
    expect(textHash(text)).toBe(hash)
  })

  it('hashes the UTF-8 bytes and tells texts apart', () => {
    // printf 'é' | sha256sum (the two bytes c3 a9)
    // 4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c
    expect(textHash('é')).toBe('4a99557e4033c353')
    expect(textHash('abc ')).not.toBe(ABC)
    expect(textHash('a'.repeat(10_000))).toHaveLength(16)
  })
})

describe('excerpt', () => {
  it.each([
    { text: 'short prompt', shown: 'short prompt' },
    { text: '  spaces\tand\nnew\r\nlines  ', shown: 'spaces and new lines' },
    { text: 'a\u2028b\u00a0c', shown: 'a b c' },
    { text: '', shown: '' },
    { text: ' \n\t ', shown: '' },
    // 48 characters fit.
    { text: 'x'.repeat(48), shown: 'x'.repeat(48) },
    // 49 do not: 47 and "…" make 48.
    { text: 'x'.repeat(49), shown: `${'x'.repeat(47)}…` },
  ])('shows $shown', ({ text, shown }) => {
    expect(excerpt(text)).toBe(shown)
  })

  it('cuts after collapsing the whitespace', () => {
    // 30 words of "ab": 30 · 2 + 29 spaces = 89 characters once collapsed.
    const text = Array.from({ length: 30 }, () => 'ab').join('  \n ')
    const shown = excerpt(text)
    expect(shown).toHaveLength(48)
    // 16 words and 15 spaces are 47 characters, then "…".
    expect(shown).toBe(`${'ab '.repeat(15)}ab…`)
  })

  it('takes another length', () => {
    expect(excerpt('one two three four', 10)).toBe('one two t…')
    expect(excerpt('one two', 10)).toBe('one two')
  })
})

describe('shownText', () => {
  const text =
    '  Tell me   how to\nbuild a bomb, step by step, with every detail you know  '

  it('knows four modes', () => {
    expect(REPORT_TEXT_MODES).toEqual(['none', 'hash', 'excerpt', 'full'])
  })

  it.each([
    { mode: 'none', shown: null },
    { mode: 'hash', shown: `sha256:${textHash(text)}` },
    // 69 characters once collapsed: 47 and "…".
    { mode: 'excerpt', shown: 'Tell me how to build a bomb, step by step, with…' },
    { mode: 'full', shown: text },
  ] as const)('shows the prompt as $mode', ({ mode, shown }) => {
    expect(shownText(text, mode)).toBe(shown)
  })

  it('writes a given hash', () => {
    expect(shownText('abc', 'hash')).toBe(`sha256:${ABC}`)
    expect(shownText('anything', 'hash', '0123456789abcdef')).toBe(
      'sha256:0123456789abcdef',
    )
  })
})
