// The API gives UTF-8 byte offsets; JavaScript strings index UTF-16 code units.

/**
 * Returns a function mapping a UTF-8 byte offset into `text` to the UTF-16 index of the same
 * position. An offset inside a character maps to that character's start; one past the end
 * (or negative) is clamped.
 */
export function byteToIndex(text: string): (byte: number) => number {
  const map: number[] = [];
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i) ?? 0;
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let b = 0; b < bytes; b++) map.push(i);
    i += cp >= 0x10000 ? 2 : 1;
  }
  map.push(text.length);
  return (byte: number) => {
    if (!Number.isFinite(byte) || byte <= 0) return 0;
    if (byte >= map.length) return text.length;
    return map[Math.floor(byte)];
  };
}
