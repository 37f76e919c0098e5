// Which transitions a person may take, as the server's checks decide it by role (admins take any that
// people may take; the requester those that name `requester`). The server's answer is final: this only
// decides what the page offers. Group membership is the server's to check.
export function mayTake(t: { by: readonly string[] }, role: string, isRequester = false): boolean {
  const people = t.by.filter((by) => by !== 'system');
  if (people.length === 0) return false;
  return role === 'ADMIN' || people.includes(role) || (isRequester && people.includes('requester'));
}
