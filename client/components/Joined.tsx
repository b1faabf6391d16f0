import { Fragment } from 'react';

/**
 * Short texts shown in one line with dots between them ("Tenants · Amina · typed in"). Some are
 * written by people, in any script: each is isolated (`<bdi>`), so an Arabic name keeps its own
 * direction and does not carry the dots and the next part along with it.
 */
export function Joined({ parts }: { parts: readonly string[] }) {
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? ' · ' : null}
          <bdi>{part}</bdi>
        </Fragment>
      ))}
    </>
  );
}
