// The sign-in's GraphQL, apart from session.ts so that the page load's early requests (boot/early.ts)
// send the refresh before the app's code has loaded.
import { graphql } from '../graphql';

/** Renewals hold this Web Lock: a refresh token works once, and two tabs sending one end the sign-in. */
export const REFRESH_LOCK = 'ticketflow-refresh';

export const SessionFields = graphql(`
  fragment SessionFields on Session {
    accessToken
    accessTokenExpiresAt
    user {
      id
      name
      email
      role
    }
  }
`);
export const Login = graphql(
  `
    mutation Login($email: String!, $password: String!) {
      login(email: $email, password: $password) {
        ...SessionFields
      }
    }
  `,
  [SessionFields],
);
export const Refresh = graphql(
  `
    mutation Refresh {
      refreshToken {
        ...SessionFields
      }
    }
  `,
  [SessionFields],
);
