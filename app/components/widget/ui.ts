import type { ChatInput } from "../../lib/widget/use-concierge";

/** What message renderers may ask of the panel (it owns focus, the detail sheet and the toast). */
export interface WidgetUi {
  /** A chip, quick link or button: sent as a turn; focus stays on its entry, then moves to the answer. */
  act(input: ChatInput, fromSeq: number): void;
  /** A form: shown as its summary at once, then sent like `act`. */
  submit(seq: number, summary: string, input: ChatInput): void;
  /** Opens a piece's detail sheet; focus returns to `opener` when it closes. */
  openProduct(productId: string, opener: HTMLElement | null): void;
  /** An order number in the store's format, for hints ("like GG-12002"). */
  orderExample: string;
  /** The heart: saves or removes in place, with a toast. */
  toggleSave(product: { id: string; name: string; variant?: string | undefined }): void;
}
