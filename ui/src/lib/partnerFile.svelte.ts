import type { PartnerSource } from './bindings/PartnerSource';

/**
 * The one "Open a file from a partner" dialog of the window: any screen asks
 * for it, and every screen that shows a retro reloads once a file was taken in.
 */
export const partnerFile = $state<{
  /** Whether the dialog is open. */
  open: boolean;
  /** A file already chosen (dropped on the window); `null` to ask. */
  source: PartnerSource | null;
  /** Counts files taken in, so open screens know to read again. */
  taken: number;
}>({ open: false, source: null, taken: 0 });

export function askForPartnerFile(source: PartnerSource | null = null): void {
  partnerFile.source = source;
  partnerFile.open = true;
}
