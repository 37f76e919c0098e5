// Downloads: attachments need the Authorization header, which a plain link cannot send: the file is
// fetched with it and handed to the browser as a download.
import { accessToken } from '../session/session';

export async function download(url: string, filename: string): Promise<void> {
  const token = accessToken();
  const response = await fetch(url, {
    credentials: 'same-origin',
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok)
    throw new Error(response.status === 404 ? 'The file is no longer there.' : `Download failed (${response.status}).`);
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the bytes by the time the click returns; the URL is kept a little longer.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** Text made in the page (a report's CSV) handed to the browser as a file. */
export function downloadText(text: string, filename: string, type = 'text/csv;charset=utf-8'): void {
  const href = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
