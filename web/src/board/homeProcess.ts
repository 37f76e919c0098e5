// The process whose board a person lands on (the one their group works): where signing in leads staff,
// and the board the board page opens when the address names no process.
import { graphql } from '../graphql';

export const HomeProcessQuery = graphql(`
  query HomeProcess {
    homeProcess
  }
`);
