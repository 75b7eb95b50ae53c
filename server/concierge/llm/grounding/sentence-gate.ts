/**
 * Streams a model's answer a whole sentence at a time, each one checked by the grounding guard before the
 * shopper sees it. A sentence that fails stops the gate: nothing after it is shown and the caller replaces
 * the answer. So a shopper never reads an ungrounded claim, nor a half sentence that freezes.
 */
/** The end of a sentence: . ! ? … (closing quotes/brackets allowed) followed by white space, or a line break. */
const BOUNDARY = /[.!?…。](?:["'”’»)\]]*)\s+|\n+/g;

export class SentenceGate<V> {
  private buffer = "";
  private passedText = "";
  private needsSpace = false;
  private prefix: { text: string; unless: (sentence: string) => boolean } | undefined;
  violation: V | undefined;

  constructor(
    private readonly check: (sentence: string) => V | undefined,
    private readonly forward?: (text: string) => void,
    /** Applied to each sentence before it is checked and shown (e.g. markup stripped). */
    private readonly clean: (sentence: string) => string = (s) => s,
  ) {}

  /** Everything shown so far (checked sentences only). */
  get text(): string {
    return this.passedText;
  }

  /** A new model round begins: its text continues the answer after a space. */
  newRound(): void {
    if (this.passedText && !/\s$/.test(this.passedText)) this.needsSpace = true;
  }

  /** Put `text` in front of the next sentence shown, unless that sentence already satisfies `unless` (a citation). */
  prefixNext(text: string, unless: (sentence: string) => boolean): void {
    this.prefix = { text, unless };
  }

  /** Takes a delta; false once a sentence has failed (stop the stream). */
  push(delta: string): boolean {
    if (this.violation) return false;
    this.buffer += delta;
    let end = 0;
    BOUNDARY.lastIndex = 0;
    for (let m = BOUNDARY.exec(this.buffer); m; m = BOUNDARY.exec(this.buffer)) {
      if (!this.emit(this.buffer.slice(end, m.index + m[0].length))) return false;
      end = m.index + m[0].length;
    }
    this.buffer = this.buffer.slice(end);
    return true;
  }

  /** The round ended: check and show what is left. False when it fails. */
  flush(): boolean {
    if (this.violation) return false;
    const rest = this.buffer;
    this.buffer = "";
    return rest.trim() ? this.emit(rest) : true;
  }

  private emit(raw: string): boolean {
    const sentence = this.clean(raw);
    const trimmed = sentence.trim();
    if (!trimmed) return true;
    const violation = this.check(trimmed);
    if (violation) {
      this.violation = violation;
      return false;
    }
    let out = sentence;
    if (this.prefix) {
      if (!this.prefix.unless(trimmed)) out = `${this.prefix.text}${out.replace(/^\s+/, "")}`;
      this.prefix = undefined;
    }
    if (this.needsSpace) {
      out = ` ${out.replace(/^\s+/, "")}`;
      this.needsSpace = false;
    }
    if (!this.passedText) out = out.replace(/^\s+/, "");
    this.passedText += out;
    this.forward?.(out);
    return true;
  }
}
