// A message for the next page (e.g. "the ticket was submitted, but its file was not attached"),
// taken once by the page that shows it.
let pending: string | undefined;

export const setFlash = (message: string) => {
  pending = message;
};

export function takeFlash(): string | undefined {
  const message = pending;
  pending = undefined;
  return message;
}
