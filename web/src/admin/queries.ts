// The admin pages' GraphQL operations on processes, in one place because several pages share them.
import { graphql } from '../graphql';

export const ProcessSummaryFields = graphql(`
  fragment ProcessSummaryFields on ProcessSummary {
    key
    name
    latestVersion
    publishedAt
    hasDraft
    retiredAt
    versions {
      version
      publishedAt
      publishedBy
    }
  }
`);

export const ProcessesQuery = graphql(
  `
    query AdminProcesses {
      processDefinitions {
        ...ProcessSummaryFields
      }
    }
  `,
  [ProcessSummaryFields],
);

export const EditorQuery = graphql(`
  query ProcessEditor($key: String!) {
    processDefinitionSchema
    processDraft(key: $key) {
      key
      definition
      updatedAt
    }
    processDefinition(key: $key) {
      key
      version
      definition
    }
  }
`);

export const VersionQuery = graphql(`
  query ProcessVersion($key: String!, $version: Int!) {
    processDefinition(key: $key, version: $version) {
      key
      version
      publishedAt
      definition
    }
  }
`);

export const ValidateMutation = graphql(`
  mutation ValidateDefinition($definition: JSON!) {
    validateProcessDefinition(definition: $definition) {
      ok
      problems {
        path
        message
      }
    }
  }
`);

export const SaveDraftMutation = graphql(`
  mutation SaveDraft($definition: JSON!) {
    saveProcessDraft(definition: $definition) {
      key
      updatedAt
      problems {
        path
        message
      }
    }
  }
`);

export const PublishMutation = graphql(`
  mutation PublishDefinition($key: String!) {
    publishProcessDefinition(key: $key) {
      key
      version
    }
  }
`);

export const RetireMutation = graphql(
  `
    mutation RetireProcess($key: String!) {
      retireProcess(key: $key) {
        ...ProcessSummaryFields
      }
    }
  `,
  [ProcessSummaryFields],
);

export const RestoreMutation = graphql(
  `
    mutation RestoreProcess($key: String!) {
      restoreProcess(key: $key) {
        ...ProcessSummaryFields
      }
    }
  `,
  [ProcessSummaryFields],
);

export const CreateDraftMutation = graphql(`
  mutation CreateProcessDraft($key: String!, $name: String!) {
    createProcessDraft(key: $key, name: $name) {
      key
    }
  }
`);
