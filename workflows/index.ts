// The workflows the worker registers. Workflow code imports only @temporalio/workflow and pure modules.
export { ticketWorkflow } from './ticket/workflow.js';
