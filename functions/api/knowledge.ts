import { KnowledgeIndex } from '../../adapters/knowledge-index';
import type { KnowledgeEntry } from '../../domain/knowledge';
import { createEntry, findEntries, readEntry, reviseEntry } from '../../services/knowledge';
import type { Container } from '../commons/container';
import { httpHandler } from '../commons/http';
import { byRoute } from '../commons/http/dispatch';
import { ROUTES } from './routes';

/**
 * The knowledge base's routes: the only functions that bundle the search library. Each container
 * holds its index between calls (adapters/knowledge-index.ts says where the index lives and why).
 */
const indexes = new WeakMap<Container, KnowledgeIndex>();
function indexOf(services: Container): KnowledgeIndex {
  const held = indexes.get(services);
  if (held) return held;
  const index = new KnowledgeIndex(services.knowledge);
  indexes.set(services, index);
  return index;
}

/** GET /v1/knowledge: published entries best match first (any member of staff). */
export const searchKnowledge = httpHandler(ROUTES.searchKnowledge, async ({ query, staff, services }) => {
  const page = await findEntries(services, indexOf(services), staff, query);
  return {
    items: page.items.map((e) => ({
      knowledgeId: e.knowledgeId,
      title: e.title,
      question: e.question,
      answer: e.answer,
      category: e.category,
      courtCode: e.courtCode,
      tags: e.tags,
      status: 'status' in e ? e.status : 'published',
      revision: e.revision,
      updatedAt: e.updatedAt,
    })),
    nextCursor: page.nextCursor,
  };
});

/** POST /v1/knowledge: a new entry (the center's supervisors). */
export const createKnowledge = httpHandler(ROUTES.createKnowledge, async ({ body, staff, services }) =>
  entryView(await createEntry(services, indexOf(services), staff, body)),
);

/** GET /v1/knowledge/{id}: the entry and every revision (a withdrawn one: the center's writers only). */
export const getKnowledge = httpHandler(ROUTES.getKnowledge, async ({ params, staff, services }) => {
  const { entry, revisions } = await readEntry(services, staff, params.knowledgeId);
  return {
    ...entryView(entry),
    revisions: revisions.map(({ knowledgeId: _id, ...r }) => r),
  };
});

/** POST /v1/knowledge/{id}: a new revision (the center's supervisors). */
export const reviseKnowledge = httpHandler(
  ROUTES.reviseKnowledge,
  async ({ params, body, staff, services }) =>
    entryView(await reviseEntry(services, indexOf(services), staff, params.knowledgeId, body)),
);

function entryView(e: KnowledgeEntry) {
  return {
    knowledgeId: e.knowledgeId,
    title: e.title,
    question: e.question,
    answer: e.answer,
    category: e.category,
    courtCode: e.courtCode,
    tags: e.tags,
    status: e.status,
    revision: e.revision,
    createdAt: e.createdAt,
    createdBy: e.createdBy,
    updatedAt: e.updatedAt,
    updatedBy: e.updatedBy,
    fromTypicalCase: e.fromTypicalCase,
  };
}

/** The one Lambda of these routes (SHARED_FUNCTIONS in routes.ts). */
export const routes = byRoute({ searchKnowledge, createKnowledge, getKnowledge, reviseKnowledge });
