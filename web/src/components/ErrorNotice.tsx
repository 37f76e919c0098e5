// A failure the person should see, announced at once, with a way to try again where one helps.
import type { CombinedError } from 'urql';
import { errorMessage } from '../lib/errors';

interface ErrorNoticeProps {
  error: CombinedError | string;
  retry?: () => void;
}

export function ErrorNotice({ error, retry }: ErrorNoticeProps) {
  return (
    <div className="notice notice-error" role="alert">
      <p>{typeof error === 'string' ? error : errorMessage(error)}</p>
      {retry && (
        <button type="button" className="button-secondary" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}
