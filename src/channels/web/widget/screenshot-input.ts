import type { View } from './view.js';

/** A screenshot reaches the widget three ways: pasted into the message box, dropped on the panel, or picked. */
export function listenForScreenshots(view: View, onImage: (image: File) => void): void {
  view.input.addEventListener('paste', (event) => {
    const image = Array.from(event.clipboardData?.files ?? []).find((file) => file.type.startsWith('image/'));
    if (!image) return;
    event.preventDefault();
    onImage(image);
  });

  const carriesFiles = (event: DragEvent) => Array.from(event.dataTransfer?.types ?? []).includes('Files');
  view.panel.addEventListener('dragover', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    view.dropHint.hidden = false;
  });
  view.panel.addEventListener('dragleave', (event) => {
    if (!view.panel.contains(event.relatedTarget as Node | null)) view.dropHint.hidden = true;
  });
  view.panel.addEventListener('drop', (event) => {
    view.dropHint.hidden = true;
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    event.preventDefault();
    onImage(file);
  });

  view.attachButton.addEventListener('click', () => view.fileInput.click());
  view.fileInput.addEventListener('change', () => {
    const file = view.fileInput.files?.[0];
    view.fileInput.value = '';
    if (file) onImage(file);
  });
}
