export { widgetPackOutput } from './pack-output.js';
export { type PackedCases, packSections } from './pack-sections.js';
export { type Proposal, proposalSection, readProposal } from './proposal.js';
export { DRAFT_MARK, draftSaid, type WidgetPack, writeWidgetPack } from './write-pack.js';
