import MagicString from 'magic-string';
import { LineEnding, withLineEnding } from './text-file';

/** One replaced range of the original text, kept so that positions can be carried forward. */
export interface Splice {
  start: number;
  end: number;
  insertedLength: number;
}

/** A stretch of text an edit changed: `start`..`end` of the original became `newStart`..`newEnd`. */
export interface ChangedRegion {
  start: number;
  end: number;
  newStart: number;
  newEnd: number;
}

/**
 * The edits one transform makes to one file: splices at exact offsets of the text it was given
 * (magic-string), never a re-print. Inserted text is written with LF and converted to the file's
 * own line ending here, so no transform has to think about CRLF.
 *
 * Offsets are JavaScript string indices (UTF-16 code units). tree-sitter's Node binding parses
 * JavaScript strings as UTF-16, so its `startIndex`/`endIndex` are already in these units.
 */
export class TextEdit {
  private readonly magic: MagicString;
  private readonly splices: Splice[] = [];

  constructor(
    readonly original: string,
    readonly eol: LineEnding,
  ) {
    this.magic = new MagicString(original);
  }

  get hasChanges(): boolean {
    return this.splices.length > 0;
  }

  replace(start: number, end: number, text: string): void {
    this.checkRange(start, end);
    const converted = withLineEnding(text, this.eol);
    if (start === end) {
      this.magic.appendLeft(start, converted);
    } else {
      this.magic.overwrite(start, end, converted);
    }
    this.splices.push({ start, end, insertedLength: converted.length });
  }

  insert(offset: number, text: string): void {
    this.replace(offset, offset, text);
  }

  remove(start: number, end: number): void {
    if (start === end) return;
    this.checkRange(start, end);
    this.magic.remove(start, end);
    this.splices.push({ start, end, insertedLength: 0 });
  }

  toString(): string {
    return this.magic.toString();
  }

  /**
   * The stretches of the original text that changed, in order, each as its range in the original
   * text (`start`, `end`) and in the edited text (`newStart`, `newEnd`). Splices less than
   * `mergeWithin` characters apart make one stretch, the text between them counted as changed.
   */
  changedRegions(mergeWithin = 0): ChangedRegion[] {
    const regions: ChangedRegion[] = [];
    let shift = 0;
    for (const splice of [...this.splices].sort((a, b) => a.start - b.start)) {
      let last = regions[regions.length - 1];
      if (!last || splice.start - last.end > mergeWithin) {
        last = { start: splice.start, end: splice.end, newStart: splice.start + shift, newEnd: 0 };
        regions.push(last);
      }
      shift += splice.insertedLength - (splice.end - splice.start);
      last.end = Math.max(last.end, splice.end);
      last.newEnd = last.end + shift;
    }
    return regions;
  }

  /** Where an offset of the original text lands in the edited text. */
  mapOffset(offset: number): number {
    let shift = 0;
    for (const splice of this.splices) {
      if (splice.end <= offset) {
        shift += splice.insertedLength - (splice.end - splice.start);
      } else if (splice.start < offset && offset < splice.end) {
        return splice.start + shift;
      }
    }
    return offset + shift;
  }

  private checkRange(start: number, end: number): void {
    if (start < 0 || end > this.original.length || start > end) {
      throw new RangeError(`edit range ${start}-${end} is outside the text (length ${this.original.length})`);
    }
    for (const splice of this.splices) {
      const overlaps = start < splice.end && splice.start < end;
      if (overlaps) throw new RangeError(`edit ${start}-${end} overlaps an earlier edit ${splice.start}-${splice.end}`);
    }
  }
}
